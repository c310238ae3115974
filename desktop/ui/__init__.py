"""The Qt layer: windows, models, dialogs and the database worker."""

from desktop.ui import qtcompat as _qtcompat  # noqa: F401  (binding adaptations, see there)
