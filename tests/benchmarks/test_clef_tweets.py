"""The CLEF-2020 adapter's tweet cleaning: what the benchmark and the training feed Factdesk."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import clef_common
from clef_common import PastedTweets, lexical_text, tweet_text

from desktop.matching import DEFAULT_ALIASES
from desktop.matching.semantic_rerank import embed_text
from desktop.matching.text import Analyzer

A = Analyzer(DEFAULT_ALIASES)
TWEET = ("Huge fire at the #NotreDame cathedral pic.twitter.com/abc https://t.co/xyz "
         "— Jane Roe (@janeroe) April 15, 2019")


def test_lexical_text_drops_picture_links_and_the_signature_date_but_keeps_the_author() -> None:
    assert lexical_text(TWEET) == ("Huge fire at the #NotreDame cathedral   https://t.co/xyz "
                                   "— Jane Roe (@janeroe)")
    terms = A.terms(lexical_text(TWEET))
    assert "notr" in terms or "notre" in terms  # hashtag split on case
    assert "jane" in terms and "roe" in terms
    assert not any("twitter" in t or "http" in t or t == "xyz" for t in terms)
    assert "2019" not in terms  # the posting date is not part of the claim


def test_only_a_closing_signature_loses_its_date() -> None:
    text = "On April 15, 2019 — the fire (@janeroe) said"
    assert lexical_text(text) == text
    assert lexical_text("Vote! — Al (@al) Jan. 6, 2020\n") == "Vote! — Al (@al)"


def test_tweet_text_keeps_the_signature_and_drops_glued_picture_links() -> None:
    assert tweet_text(TWEET).endswith("(@janeroe) April 15, 2019")
    text = "#RevolutionaryWarAirports to JFK!#TrumpParadeFailpic.twitter.com/FD4"
    assert embed_text(tweet_text(text)) == "Revolutionary War Airports to JFK!Trump Parade Fail"
    assert tweet_text("no pictures here") == "no pictures here"


class Recorder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.zeros((len(texts), 2))


def test_pasted_tweets_embeds_the_tweet_with_its_date_and_passes_other_texts_through() -> None:
    inner = Recorder()
    encoder = PastedTweets(inner, [TWEET])
    vectors = encoder.encode([embed_text(lexical_text(TWEET)), "a verified claim"])
    assert vectors.shape == (2, 2)
    assert inner.seen == [embed_text(tweet_text(TWEET)), "a verified claim"]
    assert inner.seen[0].endswith("Jane Roe (janeroe) April 15, 2019")


def test_pasted_tweets_refuses_tweets_it_could_not_tell_apart() -> None:
    with pytest.raises(ValueError, match="read alike"):
        PastedTweets(Recorder(), ["Vote! — Al (@al) Jan 6, 2020", "Vote! — Al (@al) Jan 7, 2020"])


def test_load_gives_the_engine_the_lexical_text(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dev.queries.tsv").write_text(f"id\ttext\nq1\t{TWEET}\n", encoding="utf-8")
    (tmp_path / "verified_claims.tsv").write_text("id\ttext\ttitle\nc1\tFire\tNotre-Dame\n",
                                                  encoding="utf-8")
    (tmp_path / "dev.qrels").write_text("q1 0 c1 1\n", encoding="utf-8")
    monkeypatch.setattr(clef_common, "DATA", tmp_path)
    queries, collection, gold = clef_common.load("dev")
    assert queries == [("q1", lexical_text(TWEET))]
    assert collection == [("c1", "Fire Notre-Dame")]
    assert gold == {"q1": {"c1"}}
    assert clef_common.tweets("dev") == [("q1", TWEET)]
