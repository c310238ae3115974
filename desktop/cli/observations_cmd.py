"""`factdesk observations ...`: figures reported over time for a claim's measure."""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from desktop.cli.common import FORMATS, open_ws, print_rows

COLUMNS = ("id", "date_from", "date_to", "value", "unit", "converted", "reporter",
           "passage_id", "figure", "source_title", "note", "created_by")
PROPOSAL_COLUMNS = ("n", "value", "unit", "date", "reporter", "passage_id", "span", "figure",
                    "converted", "note")


def register(sub: Any) -> None:
    obs = sub.add_parser("observations", help="figures reported for a claim's measure")
    osub = obs.add_subparsers(dest="observations_command", metavar="ACTION", required=True)
    p = osub.add_parser("add", help="record a figure; prints its id")
    p.add_argument("claim", type=int)
    p.add_argument("--value", type=float, required=True)
    p.add_argument("--unit", required=True, help='as reported, e.g. "trucks per week"')
    p.add_argument("--date", required=True,
                   help="the day (YYYY-MM-DD) or period (START..END) the figure covers")
    p.add_argument("--passage", type=int, help="the passage it comes from (linked as evidence)")
    p.add_argument("--reporter", default="", help="who reported it, e.g. OCHA")
    p.add_argument("--note", default="")
    p.set_defaults(func=run_add)
    p = osub.add_parser("list", help="a claim's observations, oldest first")
    p.add_argument("claim", type=int)
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=run_list)
    p = osub.add_parser("remove", help="remove an observation")
    p.add_argument("id", type=int)
    p.set_defaults(func=run_remove)
    p = osub.add_parser("propose", help="figures in the claim's linked and suggested passages "
                                        "that fit its measure")
    p.add_argument("claim", type=int)
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--accept", metavar="N[,N...]|all",
                   help="record these proposals (numbers as listed) as observations")
    p.set_defaults(func=run_propose)


def run_add(args: Namespace) -> int:
    from desktop.ops.measures import add_observations

    (o,), _ = add_observations(open_ws(args), args.claim, [dict(
        value=args.value, unit=args.unit, when=args.date, reporter=args.reporter,
        passage_id=args.passage, note=args.note)])
    print(o.id)
    return 0


def run_list(args: Namespace) -> int:
    from db.queries.claims import get_claim
    from db.queries.measures import get_measure, observations_for
    from desktop.measures.service import converted

    with open_ws(args).session() as s:
        get_claim(s, args.claim)
        m = get_measure(s, args.claim)
        rows = []
        for o in observations_for(s, args.claim):
            row = o.as_dict()
            row["converted"] = converted(o, m) if m is not None else None
            rows.append(row)
    cols = ("id", "date_from", "date_to", "value", "unit", "converted", "reporter", "figure") \
        if args.format == "table" else COLUMNS
    print_rows(rows, args.format, cols)
    return 0


def run_remove(args: Namespace) -> int:
    from desktop.ops.measures import remove_observation

    remove_observation(open_ws(args), args.id)
    print(f"removed observation {args.id}")
    return 0


def _wanted(spec: str, count: int) -> list[int]:
    from db.errors import InvalidValue

    if spec.strip().lower() == "all":
        return list(range(1, count + 1))
    try:
        numbers = [int(x) for x in spec.split(",") if x.strip()]
    except ValueError:
        raise InvalidValue(f"--accept takes proposal numbers like 1,3 or 'all', not {spec!r}") \
            from None
    bad = [n for n in numbers if not 1 <= n <= count]
    if bad or not numbers:
        raise InvalidValue(f"no proposal numbered {bad[0] if bad else spec!r}; "
                           f"there are {count}")
    return numbers


def run_propose(args: Namespace) -> int:
    from desktop.ops.measures import add_observations
    from desktop.ops.reads import load_measure

    ws = open_ws(args)
    with ws.session() as s:
        proposals = load_measure(s, args.claim, required=True).proposals
    if args.accept:
        wanted = [proposals[n - 1] for n in _wanted(args.accept, len(proposals))]
        added, _ = add_observations(ws, args.claim, [p.as_figure() for p in wanted])
        for o in added:
            print(f"observation {o.id}: {o.describe()}")
        return 0
    print_rows([p.as_dict() for p in proposals], args.format,
         PROPOSAL_COLUMNS if args.format != "table"
         else ("n", "value", "unit", "date", "reporter", "figure", "converted"))
    return 0
