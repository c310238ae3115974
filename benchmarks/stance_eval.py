"""Stance cues on CLIMATE-FEVER: can a cheap method say supports / contradicts precisely enough?

On the relevant pairs of a split (claim, SUPPORTS or REFUTES sentence), each method predicts
"contradicts" when its cue fires and "supports" otherwise; printed: how often the cue fires and
the precision of each predicted class. Factdesk ships a stance hint only for a class whose
precision reaches 0.75 on dev.

    .venv/bin/python benchmarks/stance_eval.py [--split dev]
"""

from __future__ import annotations

import argparse
import re

from bench_data import climate_fever

NEGATION = re.compile(r"\b(no|not|never|none|nor|neither|without|cannot|can't|won't|isn't|"
                      r"aren't|wasn't|weren't|doesn't|don't|didn't|hasn't|haven't|hadn't|"
                      r"denied|denies|false|myth|unlikely|rejected?)\b", re.I)
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def negation_differs(claim: str, passage: str) -> bool:
    """One text negates and the other does not (explicit negation as a cue)."""
    return bool(NEGATION.search(claim)) != bool(NEGATION.search(passage))


def numbers_disagree(claim: str, passage: str) -> bool:
    """Both give numbers and share none ("145 a day" against "600 a day")."""
    a, b = set(NUMBER.findall(claim)), set(NUMBER.findall(passage))
    return bool(a) and bool(b) and not (a & b)


METHODS = {
    "negation differs": negation_differs,
    "numbers disagree": numbers_disagree,
    "either cue": lambda c, p: negation_differs(c, p) or numbers_disagree(c, p),
    "both cues": lambda c, p: negation_differs(c, p) and numbers_disagree(c, p),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    args = parser.parse_args()
    queries, collection, _gold, labels = climate_fever(args.split)
    claims, texts = dict(queries), dict(collection)
    pairs = [(q, d, lab) for (q, d), lab in labels.items()
             if lab in ("SUPPORTS", "REFUTES") and q in claims]
    refutes = sum(lab == "REFUTES" for _, _, lab in pairs)
    print(f"split={args.split} relevant pairs={len(pairs)} refutes={refutes} "
          f"(share {refutes / len(pairs):.3f})")
    print(f"{'method':<18} {'fires':>6} {'P(contradicts)':>15} {'P(supports)':>12}")
    for name, cue in METHODS.items():
        fired = [cue(claims[q], texts[d].split(": ", 1)[-1]) for q, d, _ in pairs]
        tp = sum(f and lab == "REFUTES" for f, (_, _, lab) in zip(fired, pairs, strict=True))
        tn = sum(not f and lab == "SUPPORTS" for f, (_, _, lab) in zip(fired, pairs, strict=True))
        n_fired = sum(fired)
        p_con = tp / n_fired if n_fired else float("nan")
        p_sup = tn / (len(pairs) - n_fired) if len(pairs) > n_fired else float("nan")
        print(f"{name:<18} {n_fired:6d} {p_con:15.3f} {p_sup:12.3f}")


if __name__ == "__main__":
    main()
