"""Fixtures built by the tests themselves: PDFs, saved web pages, a local HTTP server."""

from __future__ import annotations

import html
import json
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_text() -> str:
    return (SEEDS / "fidan-gaza-interview.txt").read_text(encoding="utf-8")


def seed_claims() -> list[dict]:
    return json.loads((SEEDS / "claims.json").read_text(encoding="utf-8"))["claims"]


def pdf_escape(text: str) -> bytes:
    raw = text.encode("latin-1")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def build_pdf(pages: list[list[str]], *, raw_streams: list[bytes] | None = None,
              flate: bool = True) -> bytes:
    """A minimal valid PDF: one Helvetica text line per string, one page per list."""
    streams = raw_streams or []
    if not streams:
        for lines in pages:
            ops = [b"BT /F1 11 Tf 14 TL 72 760 Td"]
            ops += [b"(" + pdf_escape(line) + b") Tj T*" for line in lines]
            ops.append(b"ET")
            streams.append(b"\n".join(ops))
    n = len(streams)
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objs.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n))
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, content in enumerate(streams):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i))
        if flate and not raw_streams:
            data = zlib.compress(content)
            objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
                        + b"\nendstream")
        elif raw_streams:
            objs.append(content)
        else:
            objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                           xref)
    return bytes(out)


def zeros_deflated(size: int) -> bytes:
    """A valid zlib stream of `size` zero bytes, built in milliseconds.

    After a full flush the compressor forgets its history, so every further megabyte of
    zeros compresses to the same bytes and can simply be repeated.
    """
    block = b"\0" * (1 << 20)
    comp = zlib.compressobj(9)
    first = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(size >> 20):
        checksum = zlib.adler32(block, checksum)
    # b"\x03\x00" is an empty final block; the Adler-32 of the whole output closes the stream.
    return first + again * ((size >> 20) - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")


def bomb_pdf(inflated: int = 1 << 30) -> bytes:
    """A page whose content stream is about 1 MB of zlib that inflates to `inflated` bytes."""
    data = zeros_deflated(inflated)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + \
        b"\nendstream"
    return build_pdf([[]], raw_streams=[stream])


def seed_html(text: str | None = None) -> str:
    """The seed article as a saved web page: menus, scripts, ads and a footer around it."""
    text = text if text is not None else seed_text()
    paras = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fidan: Türkiye ready to send troops to Gaza if necessary | Anadolu Ajansi</title>
<meta property="og:site_name" content="Anadolu Ajansi">
<meta name="author" content="AA Staff">
<meta property="article:published_time" content="2025-10-19T10:00:00Z">
<script>window.trackingSecret = "SCRIPT-SHOULD-NOT-APPEAR";</script>
<style>.x {{ color: red }}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/economy">Economy</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header><div class="banner">Subscribe to our newsletter</div></header>
<main><article><h1>Fidan: Türkiye ready to send troops to Gaza if necessary</h1>
{paras}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<iframe src="https://ads.invalid/frame">IFRAME-SHOULD-NOT-APPEAR</iframe>
<script>document.write("<p>INJECTED-SHOULD-NOT-APPEAR</p>")</script>
<footer><p>© 2025 Anadolu Ajansi. All rights reserved. FOOTER-SHOULD-NOT-APPEAR</p>
<a href="/privacy">Privacy</a></footer></body></html>"""


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # accept the request, never answer
    trickle: float = 0.0  # seconds between single bytes of the body


@dataclass
class LocalServer:
    base: str
    routes: dict[str, Route]
    hits: dict[str, int]
    release: threading.Event

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", *, status: int = 200,
            headers: dict[str, str] | None = None, hang: bool = False,
            trickle: float = 0.0) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(status, data, dict(headers or {}), hang, trickle)
        return self.url(path)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    routes: dict[str, Route] = {}
    hits: dict[str, int] = {}
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits[self.path] = hits.get(self.path, 0) + 1
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.hang:
                release.wait(30)
                return
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if "Content-Length" not in route.headers and not route.trickle:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                if route.trickle:
                    for i in range(len(route.body)):
                        if release.wait(route.trickle):
                            return
                        self.wfile.write(route.body[i:i + 1])
                        self.wfile.flush()
                else:
                    self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", routes, hits, release)
    finally:
        release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return build_pdf


@pytest.fixture
def seed() -> tuple[str, list[dict]]:
    return seed_text(), seed_claims()


@pytest.fixture
def make_bomb() -> Callable[..., bytes]:
    return bomb_pdf


@pytest.fixture
def make_seed_html() -> Callable[..., str]:
    return seed_html
