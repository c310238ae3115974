"""Precision and recall of the figures Factdesk reads out of news sentences.

    PYTHONPATH=. python benchmarks/quantities_eval.py [--data benchmarks/data/quantities_news.tsv]
        [--show-errors]

Each labelled figure is (value or LOW-HIGH, unit, date or START..END). A proposed figure is
right when its value (within 0.5 %), unit (the counted thing's last word, singular; pint's unit
name; the rate) and date all match a labelled one. Odd ids are the tuning split, even ids
the other; both are reported, and all together (see docs/benchmarks.md for how clean
that split is). Any other file in the same format (--data) is scored whole.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.measures.propose import extract_figures
from desktop.measures.units import singular

DATA = Path(__file__).resolve().parent / "data" / "quantities_news.tsv"


def load(path: Path) -> list[tuple[int, date, str, list[tuple]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        ident, pub, text = int(parts[0]), date.fromisoformat(parts[1]), parts[2]
        figures = []
        for item in (parts[3] if len(parts) > 3 else "").split(";;"):
            if not item.strip():
                continue
            value, unit, when = (x.strip() for x in item.split("|"))
            low, _, high = value.partition("-")
            figures.append((float(low), float(high) if high else None, _unit_key(unit), when))
        rows.append((ident, pub, text, figures))
    return rows


def _unit_key(unit: str) -> str:
    base, _, per = unit.partition("/")
    base = singular(base).split()[-1] if base.islower() and "_" not in base else base
    base = {"litre": "liter"}.get(base, base)
    per = {"litre": "liter"}.get(per, per)
    return f"{base}/{per}" if per else base


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def _same(got: tuple, want: tuple, with_date: bool = True) -> bool:
    value_ok = _close(got[0], want[0]) and (
        (got[1] is None and want[1] is None)
        or (got[1] is not None and want[1] is not None and _close(got[1], want[1])))
    return value_ok and got[2] == want[2] and (not with_date or got[3] == want[3])


def score(rows: list, with_date: bool = True, show: bool = False) -> tuple[float, float, int, int]:
    proposed = correct = labelled = found = 0
    for ident, pub, text, gold in rows:
        got = []
        for f in extract_figures(text, pub):
            q = f.quantity
            unit = _unit_key(q.unit)
            if q.per:
                unit += "/" + _unit_key(q.per)
            got.append((q.value, q.high, unit, f.when.text))
        proposed += len(got)
        labelled += len(gold)
        ok_got = [g for g in got if any(_same(g, w, with_date) for w in gold)]
        ok_gold = [w for w in gold if any(_same(g, w, with_date) for g in got)]
        correct += len(ok_got)
        found += len(ok_gold)
        if show and (len(ok_got) < len(got) or len(ok_gold) < len(gold)):
            print(f"#{ident}: {text}\n   got  {got}\n   want {gold}")
    p = correct / proposed if proposed else 1.0
    r = found / labelled if labelled else 1.0
    return p, r, proposed, labelled


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--show-errors", action="store_true",
                    help="print the tuning split's misses (never the held-out ones)")
    args = ap.parse_args()
    rows = load(args.data)
    # The odd/even split belongs to the tuning file; any other file is scored whole.
    splits = {"tune (odd ids)": [r for r in rows if r[0] % 2],
              "other (even ids)": [r for r in rows if r[0] % 2 == 0], "all": rows} \
        if args.data.resolve() == DATA.resolve() else {"all": rows}
    print(f"{'split':<22} {'sentences':>9} {'figures':>7} {'proposed':>8} "
          f"{'P':>5} {'R':>5}   {'P (no date)':>11} {'R (no date)':>11}")
    for name, part in splits.items():
        p, r, n_prop, n_gold = score(part, show=args.show_errors and name.startswith("tune"))
        p2, r2, _, _ = score(part, with_date=False)
        print(f"{name:<22} {len(part):>9} {n_gold:>7} {n_prop:>8} {p:>5.2f} {r:>5.2f}   "
              f"{p2:>11.2f} {r2:>11.2f}")


if __name__ == "__main__":
    main()
