"""How well the claim candidates rank the seed article's logged claims, and how fast import is.

    .venv/bin/python benchmarks/ingest_seed.py

A seed claim counts as found in the top K when its quote lies inside one of the K best
candidate sentences. Precision@11 is the share of the 11 best candidates holding a seed quote
(the seed's 11 claims sit in 9 sentences, so 9/11 is the most a sentence ranker can reach).
"""

from __future__ import annotations

import html
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.errors import UserError  # noqa: E402
from desktop.ops.imports import prepare_import  # noqa: E402


def seed() -> tuple[str, dict]:
    data = json.loads((ROOT / "seeds" / "claims.json").read_text(encoding="utf-8"))
    return (ROOT / "seeds" / data["article"]["file"]).read_text(encoding="utf-8"), data


def saved_page(text: str, outlet: str) -> str:
    paras = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html><html><head><title>Seed | {outlet}</title>"
            f"<meta property='og:site_name' content='{outlet}'><script>var t=1;</script></head>"
            "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>Seed</h1>{paras}</article><footer>© {outlet}</footer></body></html>")


def score(label: str, source: str = "", text: str = "", outlet: str = "") -> None:
    _text, data = seed()
    claims = data["claims"]
    started = time.perf_counter()
    prepared = prepare_import(source, text=text)
    if outlet and not prepared.extracted.outlet:
        from desktop.ingest.candidates import propose

        prepared = prepared.__class__(prepared.extracted, prepared.spans,
                                      propose(prepared.extracted.text, prepared.spans,
                                              outlet=outlet))
    took = time.perf_counter() - started
    doc_text = prepared.extracted.text
    offset = doc_text.find(_text.strip()[:60])  # quotes are located in the extracted text
    cands = prepared.candidates

    def holds(c, claim) -> bool:
        start = doc_text.find(claim["quote"])
        return start >= 0 and c.start <= start and start + len(claim["quote"]) <= c.end

    top15 = sum(any(holds(c, cl) for c in cands[:15]) for cl in claims)
    top11 = sum(any(holds(c, cl) for cl in claims) for c in cands[:11])
    speakers = 0
    for cl in claims:
        cand = next(c for c in cands if holds(c, cl))
        speakers += cl["speaker"].split(" (")[0] == cand.speaker
    ranks = sorted({next(c.rank for c in cands if holds(c, cl)) for cl in claims})
    print(f"{label}: {len(cands)} sentences, seed claims in top 15: {top15}/{len(claims)}, "
          f"precision@11: {top11}/11 = {top11 / 11:.2f}, speaker right: {speakers}/"
          f"{len(claims)}, ranks of claim sentences: {ranks}, read+split+score "
          f"{took * 1000:.0f} ms (text offset {offset})")


def refusal_times() -> None:
    from desktop.ingest.reader import read_file

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "huge.txt"
        with big.open("wb") as fh:
            fh.truncate(200 * 2**20)
        for path in (big,):
            started = time.perf_counter()
            try:
                read_file(path)
                outcome = "accepted?!"
            except UserError as exc:
                outcome = str(exc)
            print(f"refusal {path.name}: {(time.perf_counter() - started) * 1000:.0f} ms — "
                  f"{outcome}")


def throughput() -> None:
    text, _data = seed()
    big = (text + "\n") * 250  # about 1 MB
    started = time.perf_counter()
    prepared = prepare_import(text=big)
    took = time.perf_counter() - started
    print(f"1 MB article: {len(prepared.spans)} sentences split and scored in {took:.2f} s")


if __name__ == "__main__":
    text, data = seed()
    outlet = data["article"]["outlet"]
    score("seed .txt, no outlet known", text=text)
    score("seed .txt, outlet given", text=text, outlet=outlet)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "seed.html"
        page.write_text(saved_page(text, outlet), encoding="utf-8")
        score("seed as saved web page", source=str(page))
    refusal_times()
    throughput()
