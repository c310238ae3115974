"""`factdesk measure ...`: what a quantitative claim counts and the value it is held against."""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from db.models_measures import COMPARISONS, REFERENCE_KINDS
from desktop.cli.common import add_format, open_ws, print_rows

COLUMNS = ("claim_id", "what", "unit", "rate", "reference", "reference_kind", "comparison",
           "period_start", "period_end", "updated_by", "updated_at")


def register(sub: Any) -> None:
    measure = sub.add_parser("measure", help="a claim's measure: unit, rate, reference value")
    msub = measure.add_subparsers(dest="measure_command", metavar="ACTION", required=True)
    p = msub.add_parser("set", help="set or replace a claim's measure")
    p.add_argument("claim", type=int)
    p.add_argument("--what", required=True, help='what is counted, e.g. "aid trucks entering '
                                                 'Gaza"')
    p.add_argument("--unit", required=True,
                   help='a counted thing or a unit: trucks, tonnes, USD, percent; may carry its '
                        'rate ("trucks per day")')
    p.add_argument("--rate", default="", help="per which time unit: day, week, month …")
    p.add_argument("--reference", type=float, required=True, help="the value the claim compares "
                                                                   "with, e.g. 600")
    p.add_argument("--kind", default="pledged", choices=REFERENCE_KINDS,
                   help="what the reference value is (default: pledged)")
    p.add_argument("--compare", required=True, choices=COMPARISONS,
                   help="what the claim says of the figures against the reference")
    p.add_argument("--period", help="the period the claim covers: START..END (either may be "
                                    "left open)")
    p.set_defaults(func=run_set)
    p = msub.add_parser("show", help="a claim's measure")
    p.add_argument("claim", type=int)
    add_format(p)
    p.set_defaults(func=run_show)
    p = msub.add_parser("clear", help="remove a claim's measure (observations stay)")
    p.add_argument("claim", type=int)
    p.set_defaults(func=run_clear)


def run_set(args: Namespace) -> int:
    from desktop.ops.measures import set_measure

    m, _ = set_measure(open_ws(args), args.claim, what=args.what, unit=args.unit,
                       rate=args.rate, reference=args.reference, kind=args.kind,
                       compare=args.compare, period=args.period)
    print(f"claim {m.claim_id}: {m.describe()}")
    return 0


def run_show(args: Namespace) -> int:
    from desktop.measures.service import require_measure

    with open_ws(args).session() as s:
        m = require_measure(s, args.claim)
    if args.format == "table":
        print(m.describe())
    else:
        print_rows([m.as_dict()], args.format, COLUMNS)
    return 0


def run_clear(args: Namespace) -> int:
    from desktop.ops.measures import clear_measure

    clear_measure(open_ws(args), args.claim)
    print(f"claim {args.claim}: measure removed")
    return 0
