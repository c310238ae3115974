"""Fetching a URL safely: http/https only, timeouts, a size cap, few redirects, known types.

Connections go through urllib3 with certifi's certificates (the same on every platform,
including Python builds without a system store) and through the proxy the environment or
the system names (netpolicy.proxy_for). Redirects are followed here, one hop at a time, so
each target is checked: http(s) only, and never from a public site into a private network.
"""

from __future__ import annotations

import base64
import ssl
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

import certifi
import urllib3
from urllib3.exceptions import ConnectTimeoutError as _ConnectTimeout
from urllib3.exceptions import (
    HTTPError,
    NameResolutionError,
    NewConnectionError,
    ProxyError,
    ReadTimeoutError,
    SSLError,
)

from desktop import __version__
from desktop.errors import UserError
from desktop.ingest import netpolicy
from desktop.ingest.netpolicy import mask_url
from desktop.progress import Progress, step

MAX_FETCH_BYTES = 20 * 2**20
TIMEOUT = 10.0  # seconds without any answer
DEADLINE = 30.0  # seconds for the whole fetch, however slowly the bytes trickle in
MAX_REDIRECTS = 5
CA_BUNDLE = certifi.where()

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown",
              "application/pdf")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json", "text/html", "text/plain")
_NO_ANSWER = "no valid answer from the server"  # the same whether a port is closed or not


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects, without credentials
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
        raise UserError(f"only http and https links can be fetched, not {shown}: "
                        f"{mask_url(url)}")
    try:
        host, _port = parts.hostname, parts.port
    except ValueError as exc:
        raise UserError(f"could not fetch {mask_url(url)}: the port is not valid") from exc
    if not host:
        raise UserError(f"the link has no host name: {mask_url(url)}")
    return url


def fetch(url: str, *, accept: tuple[str, ...] = PAGE_TYPES, timeout: float | None = None,
          deadline: float | None = None, max_bytes: int | None = None,
          max_redirects: int | None = None, headers: dict[str, str] | None = None,
          progress: Progress | None = None, found_on: str | None = None) -> Fetched:
    """GET the URL and return its body; every failure is one clear UserError line.

    `found_on`: the page or feed the link was found on (None: the user typed it). A link
    met on a public host, or a redirect from one, may not lead to a private address.
    Limits left as None take the module's values (read at call time, so they can be tuned).
    `progress` is asked between reads whether to go on (returning False cancels).
    """
    timeout = TIMEOUT if timeout is None else timeout
    deadline = DEADLINE if deadline is None else deadline
    max_bytes = MAX_FETCH_BYTES if max_bytes is None else max_bytes
    max_redirects = MAX_REDIRECTS if max_redirects is None else max_redirects
    url = check_url(url)
    public = _is_public_url(found_on) if found_on else False
    end = time.monotonic() + deadline
    with _Session() as session:
        for _hop in range(max_redirects + 1):
            hop = _Hop(url, accept, timeout, end, deadline, max_bytes, progress)
            hop.step()
            result = hop.get(session, headers or {}, public)
            if isinstance(result, Fetched):
                return result
            public = public or _is_public_url(url)
            target = check_url(urljoin(url, result))  # a redirect may not switch to file://
            if urlsplit(target).hostname != urlsplit(url).hostname:
                headers = {k: v for k, v in (headers or {}).items()
                           if k.lower() != "authorization"}
            url = target
    raise UserError(f"too many redirects (more than {max_redirects}) for {mask_url(url)}")


def _is_public_url(url: str) -> bool:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return netpolicy.host_is_public(parts.hostname or "", port) is True


class _Session:
    """urllib3 pool managers of one fetch: one direct, one per proxy; closed at the end."""

    def __init__(self) -> None:
        self.managers: dict[str | None, urllib3.PoolManager] = {}

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        for manager in self.managers.values():
            manager.clear()

    def manager(self, proxy: str | None) -> urllib3.PoolManager:
        if proxy not in self.managers:
            common = {"cert_reqs": "CERT_REQUIRED", "ca_certs": CA_BUNDLE, "retries": False}
            if proxy is None:
                self.managers[proxy] = urllib3.PoolManager(**common)
            else:
                parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
                if parts.scheme.lower() not in ("http", "https"):
                    raise UserError(f"the proxy {mask_url(proxy)} is not an http(s) proxy; "
                                    "set HTTPS_PROXY to one that is")
                # user:password@ in the proxy's address is sent as proxy authentication.
                auth = ({"Proxy-Authorization": _basic_auth(parts)["Authorization"]}
                        if parts.username is not None else {})
                self.managers[proxy] = urllib3.ProxyManager(
                    netpolicy.strip_credentials(parts.geturl()), proxy_headers=auth, **common)
        return self.managers[proxy]


@dataclass
class _Hop:
    url: str
    accept: tuple[str, ...]
    timeout: float
    end: float
    deadline: float
    max_bytes: int
    progress: Progress | None

    @property
    def shown(self) -> str:
        return mask_url(self.url)

    def step(self) -> None:
        # The same step as the reader's "fetching" one: it only asks whether to go on.
        step(self.progress, 0, 1, f"fetching {self.shown[:120]}")

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise UserError(f"{self.host} took too long to answer (over {self.deadline:g} s)")
        return min(self.timeout, left)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def get(self, session: _Session, extra: dict[str, str], public: bool) -> Fetched | str:
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        pinned = netpolicy.check_target(self.url, self.host, port, public)
        headers = {"User-Agent": f"Factdesk/{__version__}",
                   "Accept": ", ".join(self.accept) + ", */*;q=0.1",
                   "Accept-Encoding": "gzip, identity", **_basic_auth(parts), **extra}
        target = netpolicy.strip_credentials(self.url)
        proxy = netpolicy.proxy_for(parts)
        wait = self.remaining()
        options = {"redirect": False, "preload_content": False, "decode_content": False,
                   "timeout": urllib3.Timeout(connect=wait, read=wait)}
        try:
            if pinned and proxy is None:
                response = _pinned_request(session, parts, pinned[0], port, target, headers,
                                           options)
            else:
                response = session.manager(proxy).request("GET", target, headers=headers,
                                                          **options)
            try:
                return self._answer(response, target)
            finally:
                response.release_conn()
        except NameResolutionError as exc:
            raise UserError(f"could not fetch {self.shown}: the host name {self.host} was "
                            "not found") from exc
        except NewConnectionError as exc:  # (a subclass of the connect timeout in urllib3)
            raise UserError(f"could not fetch {self.shown}: {_NO_ANSWER}") from exc
        except (ReadTimeoutError, _ConnectTimeout, TimeoutError) as exc:
            if time.monotonic() >= self.end - 0.05:
                raise UserError(f"{self.host} took too long to answer (over "
                                f"{self.deadline:g} s)") from exc
            raise UserError(f"{self.host} did not answer in time") from exc
        except SSLError as exc:
            raise UserError(f"could not fetch {self.shown}: {_tls_reason(exc)}") from exc
        except ProxyError as exc:
            raise UserError(f"could not fetch {self.shown}: the proxy "
                            f"{mask_url(proxy or '')} did not pass the request on") from exc
        except (HTTPError, OSError) as exc:
            raise UserError(f"could not fetch {self.shown}: {_NO_ANSWER}") from exc

    def _answer(self, response: urllib3.BaseHTTPResponse, target: str) -> Fetched | str:
        if response.status in (301, 302, 303, 307, 308):
            response.close()  # its page is not wanted: the connection is not reused unread
            location = response.headers.get("Location")
            if not location:
                raise UserError(f"{self.host} redirected without saying where to")
            return location
        info = {k.lower(): v for k, v in response.headers.items()}
        if response.status == 304:
            return Fetched(target, 304, "", "", b"", info)
        if response.status != 200:
            raise UserError(f"{self.host} answered HTTP {response.status} {response.reason}"
                            f" for {self.shown}")
        ctype, charset = _content_type(info.get("content-type", ""))
        if ctype and ctype not in self.accept:
            raise UserError(f"{self.shown} serves {ctype}, which cannot be imported")
        declared = info.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise UserError(f"{self.shown} is larger than {self.max_bytes // 2**20} MB")
        body = self._read_body(response)
        if info.get("content-encoding", "").lower() == "gzip":
            body = _gunzip(body, self.max_bytes, self.shown)
        return Fetched(target, 200, ctype, charset, body, info)

    def _read_body(self, response: urllib3.BaseHTTPResponse) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            self.step()
            left = self.remaining()
            # Each read waits at most until the overall deadline, not a fresh timeout.
            sock = getattr(getattr(response, "connection", None), "sock", None)
            if sock is not None:
                sock.settimeout(left)
            chunk = response.read1(65536)  # type: ignore[attr-defined]
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise UserError(f"{self.shown} is larger than {self.max_bytes // 2**20} MB")
            chunks.append(chunk)


def _pinned_request(session: _Session, parts: SplitResult, address: str, port: int,
                    target: str, headers: dict[str, str],
                    options: dict[str, object]) -> urllib3.BaseHTTPResponse:
    """Connect to the address that was checked, still speaking to (and verifying) the host."""
    host = parts.hostname or ""
    scheme = parts.scheme.lower()
    kwargs = {"server_hostname": host, "assert_hostname": host} if scheme == "https" else {}
    pool = session.manager(None).connection_from_host(address, port, scheme,
                                                      pool_kwargs=kwargs)
    default = 443 if scheme == "https" else 80
    host_header = host if port == default else f"{host}:{port}"
    if ":" in host:
        host_header = f"[{host}]" if port == default else f"[{host}]:{port}"
    path = urlsplit(target).path or "/"
    if urlsplit(target).query:
        path += "?" + urlsplit(target).query
    return pool.urlopen("GET", path, headers={"Host": host_header, **headers},
                        **options)  # type: ignore[arg-type]


def _basic_auth(parts: SplitResult) -> dict[str, str]:
    """Credentials typed into the URL are sent as HTTP basic authentication."""
    user, password = parts.username, parts.password
    if user is None:
        return {}
    token = f"{unquote(user)}:{unquote(password or '')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(token).decode("ascii")}


def _tls_reason(exc: BaseException) -> str:
    seen: BaseException | None = exc
    while seen is not None:  # urllib3 wraps the ssl module's error; find the real one
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"the site's certificate is not trusted ({seen.verify_message})"
        seen = seen.__cause__ or seen.__context__ or (
            seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
    return "the secure connection failed"


def _gunzip(body: bytes, max_bytes: int, shown: str) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise UserError(f"{shown} sent a damaged compressed body") from exc
    if len(out) > max_bytes:
        raise UserError(f"{shown} is larger than {max_bytes // 2**20} MB")
    return out


def _content_type(header: str) -> tuple[str, str]:
    main, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return main.strip().lower(), charset


__all__ = ["FEED_TYPES", "MAX_FETCH_BYTES", "PAGE_TYPES", "Fetched", "check_url", "fetch",
           "mask_url"]
