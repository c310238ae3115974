"""Fetching a URL safely: http/https only, timeouts, a size cap, few redirects, known types."""

from __future__ import annotations

import http.client
import ssl
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from desktop import __version__
from desktop.errors import UserError
from desktop.ingest.base import CancelCheck, check_cancel

MAX_FETCH_BYTES = 20 * 2**20
TIMEOUT = 10.0  # seconds without any answer
DEADLINE = 30.0  # seconds for the whole fetch, however slowly the bytes trickle in
MAX_REDIRECTS = 5

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown",
              "application/pdf")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json", "text/html", "text/plain")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str  # lower-case, without parameters
    charset: str
    data: bytes
    headers: dict[str, str] = field(default_factory=dict)


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "no scheme"
        raise UserError(f"only http and https links can be fetched, not {shown}: {url[:200]}")
    if not parts.hostname:
        raise UserError(f"the link has no host name: {url[:200]}")
    return url


def fetch(url: str, *, accept: tuple[str, ...] = PAGE_TYPES, timeout: float | None = None,
          deadline: float | None = None, max_bytes: int | None = None,
          max_redirects: int | None = None, headers: dict[str, str] | None = None,
          cancel: CancelCheck | None = None) -> Fetched:
    """GET the URL and return its body; every failure is one clear UserError line.

    Limits left as None take the module's values (read at call time, so they can be tuned).
    """
    timeout = TIMEOUT if timeout is None else timeout
    deadline = DEADLINE if deadline is None else deadline
    max_bytes = MAX_FETCH_BYTES if max_bytes is None else max_bytes
    max_redirects = MAX_REDIRECTS if max_redirects is None else max_redirects
    url = check_url(url)
    end = time.monotonic() + deadline
    for _hop in range(max_redirects + 1):
        check_cancel(cancel)
        result = _get_once(url, accept, timeout, end, max_bytes, headers or {}, cancel,
                           deadline)
        if isinstance(result, Fetched):
            return result
        url = check_url(urljoin(url, result))  # a redirect may not switch to file:// etc.
    raise UserError(f"too many redirects (more than {max_redirects}) for {url[:200]}")


def _get_once(url: str, accept: tuple[str, ...], timeout: float, end: float, max_bytes: int,
              headers: dict[str, str], cancel: CancelCheck | None,
              deadline: float) -> Fetched | str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query

    def remaining() -> float:
        left = end - time.monotonic()
        if left <= 0:
            raise UserError(f"{host} took too long to answer (over {deadline:g} s)")
        return min(timeout, left)

    conn: http.client.HTTPConnection
    if parts.scheme.lower() == "https":
        conn = http.client.HTTPSConnection(host, parts.port, timeout=remaining(),
                                           context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, parts.port, timeout=remaining())
    try:
        conn.request("GET", path, headers={
            "User-Agent": f"Factdesk/{__version__}", "Accept": ", ".join(accept) + ", */*;q=0.1",
            "Accept-Encoding": "gzip, identity", **headers})
        response = conn.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            if not location:
                raise UserError(f"{host} redirected without saying where to")
            return location
        info = {k.lower(): v for k, v in response.getheaders()}
        if response.status == 304:
            return Fetched(url, 304, "", "", b"", info)
        if response.status != 200:
            raise UserError(f"{host} answered HTTP {response.status} {response.reason}"
                            f" for {url[:200]}")
        ctype, charset = _content_type(info.get("content-type", ""))
        if ctype and ctype not in accept:
            raise UserError(f"{url[:200]} serves {ctype}, which cannot be imported")
        declared = info.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise UserError(f"{url[:200]} is larger than {max_bytes // 2**20} MB")
        body = _read_body(conn, response, max_bytes, remaining, cancel, url)
        if info.get("content-encoding", "").lower() == "gzip":
            body = _gunzip(body, max_bytes, url)
        return Fetched(url, 200, ctype, charset, body, info)
    except TimeoutError as exc:
        if time.monotonic() >= end - 0.05:
            raise UserError(f"{host} took too long to answer (over {deadline:g} s)") from exc
        raise UserError(f"{host} did not answer in time") from exc
    except ssl.SSLError as exc:
        raise UserError(f"secure connection to {host} failed: {exc.reason or exc}") from exc
    except (OSError, http.client.HTTPException) as exc:
        why = getattr(exc, "strerror", None) or type(exc).__name__
        raise UserError(f"cannot fetch {url[:200]}: {why}") from exc
    finally:
        conn.close()


def _read_body(conn: http.client.HTTPConnection, response: http.client.HTTPResponse,
               max_bytes: int, remaining: object, cancel: CancelCheck | None,
               url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        check_cancel(cancel)
        left = remaining()  # type: ignore[operator]
        # http.client drops conn.sock for responses that end with the connection; the
        # response's own socket is then the one to bound.
        sock = conn.sock or getattr(getattr(response.fp, "raw", None), "_sock", None)
        if sock is not None:
            sock.settimeout(left)
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise UserError(f"{url[:200]} is larger than {max_bytes // 2**20} MB")
        chunks.append(chunk)


def _gunzip(body: bytes, max_bytes: int, url: str) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise UserError(f"{url[:200]} sent a damaged compressed body") from exc
    if len(out) > max_bytes:
        raise UserError(f"{url[:200]} is larger than {max_bytes // 2**20} MB")
    return out


def _content_type(header: str) -> tuple[str, str]:
    main, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return main.strip().lower(), charset
