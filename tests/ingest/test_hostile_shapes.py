"""Hostile shapes of text are read, split and scored in time linear in their size, or refused
with one line. Each call runs under a generous alarm: the quadratic versions took minutes."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from desktop.errors import UserError
from desktop.ingest.base import MAX_ARTICLE_CHARS, MAX_LINES
from desktop.ingest.html import read_html
from desktop.ingest.reader import read_text
from desktop.ingest.sentences import sentence_spans
from desktop.ingest.speakers import SpeakerTracker
from desktop.ops.imports import prepare_import


@contextmanager
def hang_guard(seconds: int = 30) -> Iterator[None]:
    """Fail (instead of hanging the suite) when a call does not come back at all."""
    def stop(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("sentence", ["A" * 100_000, "A " * 50_000, "Hakan Fidan " * 8_000])
def test_speaker_search_is_linear_in_the_sentence(sentence: str) -> None:
    with hang_guard():
        who = SpeakerTracker(default="Wire").attribute(sentence)
    assert who.speaker == "Wire"


def test_speakers_still_found_with_bounded_names() -> None:
    tracker = SpeakerTracker(default="Wire")
    assert tracker.attribute("Foreign Minister Hakan Fidan said that aid was blocked.").speaker \
        == "Hakan Fidan"
    assert tracker.attribute("He added that talks would resume.").speaker == "Hakan Fidan"


def test_one_huge_word_and_a_flood_of_short_lines() -> None:
    with hang_guard():
        assert prepare_import(text="A" * 400_000).candidates  # scored as an article: one sentence
        with pytest.raises(UserError, match="lines of text"):
            read_text("a\n" * (MAX_LINES + 10))
        spans = sentence_spans("Line one\n" * 50_000)
    assert len(spans) == 50_000


def test_a_text_too_long_for_an_article_is_refused_as_one_and_read_as_a_source() -> None:
    text = "The ministry said 40 trucks crossed. " * (MAX_ARTICLE_CHARS // 30)
    with hang_guard(60):
        with pytest.raises(UserError, match="import it as a source"):
            prepare_import(text=text, kind="article")
        prepared = prepare_import(text=text, kind="source")
    assert prepared.candidates == [] and len(prepared.spans) > 10_000


def test_html_with_a_tag_of_huge_attribute_count_is_read_with_a_note() -> None:
    attrs = " ".join(f"a{i}=x" for i in range(200_000))
    markup = (f"<html><head><title>T</title></head><body><p {attrs}>Aid trucks crossed the "
              "border at Rafah on Friday, the ministry said.</p></body></html>")
    with hang_guard(60):
        doc = read_html(markup, name="page.html")
    assert "Aid trucks crossed" in doc.text
    assert len(doc.notes) == 1 and "attributes" in doc.notes[0]


def test_html_with_too_many_tags_is_refused_in_one_line() -> None:
    with pytest.raises(UserError, match="tags; not read as a web page"):
        read_html("<html><body>" + "<div>" * 400_000 + "x</body></html>", name="deep.html")


def test_pdf_reflow_is_linear_in_the_lines_of_a_page() -> None:
    from desktop.ingest.pdf import reflow

    with hang_guard():
        joined = reflow("\n".join(["aid"] * 400_000))
        hyphens = reflow("\n".join(["con-\nvoy"] * 200_000))
    assert joined == " ".join(["aid"] * 400_000)
    assert hyphens.startswith("convoy convoy") and len(hyphens) == 200_000 * 7 - 1
    assert reflow("The aid con-\nvoy crossed\nat Rafah.\nNext\n\nNew -\nx") == \
        "The aid convoy crossed at Rafah.\nNext\n\nNew - x"
