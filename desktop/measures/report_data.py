"""What the report needs of measures: read with the report's data, drawn with its claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def measures_for_report(session: Any, claim_ids: Sequence[int]) -> dict[int, tuple[Any, list]]:
    """claim id -> (measure, observations) for the claims that have a measure."""
    from db.queries.measures import measures_for_claims, observations_for_claims

    measures = measures_for_claims(session, claim_ids)
    observations = observations_for_claims(session, list(measures))
    return {cid: (m, observations.get(cid, [])) for cid, m in measures.items()}


def measure_part(data: Any, claim_id: int, width: float) -> list[Any]:
    """The flowables for one claim's measure in the PDF report, or none."""
    entry = getattr(data, "measures", {}).get(claim_id)
    if entry is None:
        return []
    from desktop.measures.publish import measure_flowables

    measure, observations = entry
    return measure_flowables(measure, observations, width)
