"""URLs against a local server: pages, PDFs, and every way a link can misbehave."""

from __future__ import annotations

import gzip
import time

import pytest

from desktop.errors import UserError
from desktop.ingest import fetch as fetch_mod
from desktop.ingest.reader import fetch_url

HTML = {"Content-Type": "text/html; charset=utf-8"}


def one_line_error(url: str, seconds: float = 5.0) -> str:
    started = time.monotonic()
    with pytest.raises(UserError) as info:
        fetch_url(url)
    assert time.monotonic() - started < seconds
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_web_page_url_gives_main_text(http_server, make_seed_html, seed) -> None:
    text, _claims = seed
    url = http_server.add("/news/fidan.html", make_seed_html(), headers=HTML)
    doc = fetch_url(url)
    assert doc.text == text.strip()
    assert doc.url == url
    assert doc.outlet == "Anadolu Ajansi"


def test_pdf_url_and_redirects(http_server, make_pdf) -> None:
    http_server.add("/report.pdf", make_pdf([["Exports rose 12 percent in 2024."]]),
                    headers={"Content-Type": "application/pdf"})
    http_server.add("/r1", status=302, headers={"Location": "/r2"})
    http_server.add("/r2", status=301, headers={"Location": http_server.url("/report.pdf")})
    doc = fetch_url(http_server.url("/r1"))
    assert "Exports rose 12 percent" in doc.text
    assert doc.url.endswith("/report.pdf")
    assert doc.fmt == "pdf"


def test_declared_charset_is_used(http_server) -> None:
    body = "Bakan, ılık ve güneşli bir günde İzmir'de konuştu.".encode("cp1254")
    url = http_server.add("/t.txt", body, headers={"Content-Type": "text/plain; charset=cp1254"})
    assert fetch_url(url).text == "Bakan, ılık ve güneşli bir günde İzmir'de konuştu."


def test_gzip_bodies_are_inflated_within_the_cap(http_server, monkeypatch) -> None:
    url = http_server.add("/z.txt", gzip.compress(b"Twelve trucks arrived on Monday."),
                          headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"})
    assert fetch_url(url).text == "Twelve trucks arrived on Monday."
    monkeypatch.setattr(fetch_mod, "MAX_FETCH_BYTES", 1000)
    url = http_server.add("/zz.txt", gzip.compress(b"a" * 100_000),
                          headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"})
    assert "larger than" in one_line_error(url)


def test_url_that_never_answers(http_server, monkeypatch) -> None:
    monkeypatch.setattr(fetch_mod, "TIMEOUT", 1.0)
    url = http_server.add("/hang", hang=True)
    assert "did not answer in time" in one_line_error(url, seconds=4)


def test_slow_trickle_hits_the_overall_deadline(http_server, monkeypatch) -> None:
    monkeypatch.setattr(fetch_mod, "DEADLINE", 1.5)
    url = http_server.add("/slow", b"x" * 10_000, trickle=0.2,
                          headers={"Content-Type": "text/plain"})
    assert "took too long" in one_line_error(url, seconds=4)


def test_size_cap_with_and_without_content_length(http_server, monkeypatch) -> None:
    monkeypatch.setattr(fetch_mod, "MAX_FETCH_BYTES", 50_000)
    url = http_server.add("/big", b"word " * 20_000, headers={"Content-Type": "text/plain"})
    assert "larger than" in one_line_error(url)
    url = http_server.add("/big-chunked", b"word " * 20_000, trickle=0.0,
                          headers={"Content-Type": "text/plain", "Content-Length": "100"})
    # A lying Content-Length is cut at its value by the client; the body stays small.
    assert len(fetch_url(url).text) <= 100


def test_redirect_loop_and_redirect_to_file_scheme(http_server) -> None:
    http_server.add("/loop", status=302, headers={"Location": "/loop"})
    assert "too many redirects" in one_line_error(http_server.url("/loop"))
    http_server.add("/evil", status=302, headers={"Location": "file:///etc/passwd"})
    assert "only http and https" in one_line_error(http_server.url("/evil"))
    assert http_server.hits["/loop"] == fetch_mod.MAX_REDIRECTS + 1


def test_wrong_content_type_and_http_errors(http_server) -> None:
    url = http_server.add("/img", b"\x89PNG....", headers={"Content-Type": "image/png"})
    assert "serves image/png" in one_line_error(url)
    assert "HTTP 404" in one_line_error(http_server.url("/missing"))
    url = http_server.add("/oops", b"", status=500, headers=HTML)
    assert "HTTP 500" in one_line_error(url)


def test_connection_refused() -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nobody listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert "cannot fetch" in one_line_error(f"http://127.0.0.1:{port}/")


def test_url_without_host() -> None:
    assert "no host" in one_line_error("http:///just-a-path")
