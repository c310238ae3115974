"""`python -m desktop`: the same as the `factdesk` command (no command opens the app)."""

import sys

from desktop.cli import main

sys.exit(main())
