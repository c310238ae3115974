"""`factdesk evidence ...`: list a claim's evidence, re-stance, annotate or remove a link."""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from db.errors import InvalidValue
from db.vocab import STANCES
from desktop.cli.common import add_format, open_ws, print_rows

COLUMNS = ("id", "claim_id", "stance", "source_title", "source_outlet", "excerpt", "note",
           "origin", "passage_id", "document_id", "created_by", "created_at", "version")
TABLE_COLUMNS = ("id", "stance", "source_title", "excerpt", "note")


def register(sub: Any) -> None:
    ev = sub.add_parser("evidence", help="list, re-stance, annotate or remove linked evidence")
    esub = ev.add_subparsers(dest="evidence_command", metavar="ACTION", required=True)

    p = esub.add_parser("list", help="the evidence linked to a claim, with link ids")
    p.add_argument("claim", help="claim id")
    add_format(p)
    p.set_defaults(func=run_list)

    p = esub.add_parser("set-stance", help="change a link's stance")
    p.add_argument("id", help="evidence id (see `factdesk evidence list CLAIM`)")
    p.add_argument("stance", metavar="STANCE", help=" / ".join(STANCES))
    _add_version(p)
    p.set_defaults(func=run_set_stance)

    p = esub.add_parser("note", help='set a link\'s note ("" clears it)')
    p.add_argument("id", help="evidence id")
    p.add_argument("text", help="the note; an empty string clears it")
    _add_version(p)
    p.set_defaults(func=run_note)

    p = esub.add_parser("remove", help="unlink a piece of evidence (recorded in history)")
    p.add_argument("id", help="evidence id")
    _add_version(p)
    p.set_defaults(func=run_remove)


def _add_version(p: Any) -> None:
    p.add_argument("--expected-version", metavar="N",
                   help="refuse if the link is no longer at this version (someone changed it)")


def parse_id(value: str | None, what: str) -> int:
    """An id typed on the command line; refused in one line (argparse would print usage)."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        raise InvalidValue(f"{what} must be a whole number, not {value!r}")
    return int(text)


def _version(args: Namespace) -> int | None:
    if args.expected_version is None:
        return None
    return parse_id(args.expected_version, "--expected-version")


def run_list(args: Namespace) -> int:
    from desktop.core.evidence_ops import list_evidence

    rows = [e.as_dict() for e in list_evidence(open_ws(args), parse_id(args.claim, "claim id"))]
    print_rows(rows, args.format, TABLE_COLUMNS if args.format == "table" else COLUMNS)
    return 0


def run_set_stance(args: Namespace) -> int:
    from desktop.ops.evidence import set_stance

    ev, _ = set_stance(open_ws(args), parse_id(args.id, "evidence id"), args.stance,
                       expected_version=_version(args))
    print(f"evidence {ev.id} {ev.stance} claim {ev.claim_id}")
    return 0


def run_note(args: Namespace) -> int:
    from desktop.ops.evidence import set_note

    ev, _ = set_note(open_ws(args), parse_id(args.id, "evidence id"), args.text,
                     expected_version=_version(args))
    print(f"evidence {ev.id}: note {'set' if ev.note else 'cleared'}")
    return 0


def run_remove(args: Namespace) -> int:
    from desktop.ops.evidence import remove

    ev, _ = remove(open_ws(args), parse_id(args.id, "evidence id"),
                   expected_version=_version(args))
    print(f"removed evidence {ev.id} ({ev.stance}) from claim {ev.claim_id}")
    return 0
