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
    message = one_line_error(f"http://127.0.0.1:{port}/")
    assert message == f"could not fetch http://127.0.0.1:{port}/: no valid answer from the server"


def test_url_without_host() -> None:
    assert "no host" in one_line_error("http:///just-a-path")


# --- Through the ecosystem: certifi's certificates, proxies from the environment ---------


def test_certificates_come_from_certifi_and_are_checked(tmp_path, monkeypatch) -> None:
    import http.server
    import ssl
    import subprocess
    import threading

    import certifi

    assert certifi.where() == fetch_mod.CA_BUNDLE
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)

    class Page(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = b"Exports rose 12 percent in 2024."
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/figures.txt"
        assert "certificate is not trusted" in one_line_error(url)  # not in certifi's set
        monkeypatch.setattr(fetch_mod, "CA_BUNDLE", str(cert))
        assert fetch_url(url).text == "Exports rose 12 percent in 2024."
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def no_proxy_env(monkeypatch):
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def test_http_proxy_from_the_environment_is_used(http_server, no_proxy_env) -> None:
    # The local server plays the proxy: it is asked for the absolute URL.
    http_server.add("http://news.example/story.txt", b"Twelve trucks arrived on Monday.",
                    headers={"Content-Type": "text/plain"})
    no_proxy_env.setenv("HTTP_PROXY", http_server.base)
    doc = fetch_url("http://news.example/story.txt")
    assert doc.text == "Twelve trucks arrived on Monday."
    assert http_server.hits["http://news.example/story.txt"] == 1


def test_no_proxy_and_a_proxy_that_is_down(http_server, no_proxy_env) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    url = http_server.add("/local.txt", b"Fuel deliveries resume on Wednesday.",
                          headers={"Content-Type": "text/plain"})
    no_proxy_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{dead}")
    assert "could not fetch" in one_line_error(url)  # through the proxy, which is down
    no_proxy_env.setenv("NO_PROXY", "127.0.0.1")
    assert fetch_url(url).text == "Fuel deliveries resume on Wednesday."


# --- Where a link may lead; what errors reveal ---------------------------------------------


@pytest.fixture
def loopback_is_public(monkeypatch):
    """Lets 127.0.0.1 stand in for a public web site (tests serve on loopback only)."""
    from desktop.ingest import netpolicy

    real = netpolicy.is_public
    monkeypatch.setattr(netpolicy, "is_public", lambda a: a == "127.0.0.1" or real(a))
    monkeypatch.setattr(fetch_mod, "TIMEOUT", 1.0)  # were a refusal to fail: no long wait


@pytest.mark.parametrize("target", ["http://10.0.0.1/admin", "http://169.254.169.254/latest",
                                    "http://[::1]:5432/", "http://192.168.1.1:8080/"])
def test_public_page_cannot_redirect_into_a_private_network(http_server, loopback_is_public,
                                                           target) -> None:
    http_server.add("/jump", status=302, headers={"Location": target})
    message = one_line_error(http_server.url("/jump"))
    assert message.startswith(f"could not fetch {target}: a public site led to a local")


def test_link_found_on_a_public_page_cannot_lead_into_a_private_network(
        http_server, loopback_is_public) -> None:
    found_on = http_server.url("/feed.xml")
    with pytest.raises(UserError, match="public site led to a local or private"):
        fetch_mod.fetch("http://10.1.2.3/item", found_on=found_on)
    # The same private address typed by the user is fetched as asked (here: a local page).
    url = http_server.add("/typed.txt", b"Typed by hand.", headers={"Content-Type": "text/plain"})
    assert fetch_mod.fetch(url).data == b"Typed by hand."
    # ... and a private host's own redirects stay allowed (intranet to intranet).
    assert fetch_mod.fetch(url, found_on="http://10.0.0.5/").status == 200


def test_open_and_closed_ports_give_the_same_error() -> None:
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    open_port = listener.getsockname()[1]

    def not_http() -> None:  # answers like a database server would, then hangs up
        for _ in range(2):
            conn, _addr = listener.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(b"E\x00\x00\x00\x52SFATAL\x00VFATAL\x00C0A000\x00")

    threading.Thread(target=not_http, daemon=True).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    try:
        opened = one_line_error(f"http://127.0.0.1:{open_port}/")
        closed = one_line_error(f"http://127.0.0.1:{closed_port}/")
    finally:
        listener.close()
    assert opened.replace(str(open_port), "PORT") == closed.replace(str(closed_port), "PORT")
    assert opened.startswith("could not fetch http://127.0.0.1:")


def test_credentials_in_urls_are_masked(http_server) -> None:
    import socket

    port = int(http_server.base.rsplit(":", 1)[1])
    missing = one_line_error(f"http://desk:secretpw@127.0.0.1:{port}/missing")
    assert "secretpw" not in missing and "desk" not in missing and "***@127.0.0.1" in missing
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    refused = one_line_error(f"http://desk:secretpw@127.0.0.1:{closed}/x")
    assert refused == f"could not fetch http://***@127.0.0.1:{closed}/x: no valid answer " \
                      "from the server"
    http_server.add("/page.txt", b"Twelve trucks arrived.", headers={"Content-Type": "text/plain"})
    doc = fetch_url(f"http://desk:secretpw@127.0.0.1:{port}/page.txt")
    assert doc.text == "Twelve trucks arrived." and doc.url == http_server.url("/page.txt")
    http_server.add("/hop", status=302, headers={"Location": "file:///etc/passwd"})
    assert "secretpw" not in one_line_error(f"http://desk:secretpw@127.0.0.1:{port}/hop")


def test_proxy_credentials_are_sent_to_the_proxy_and_never_shown(no_proxy_env) -> None:
    import http.server
    import threading

    seen: list[tuple[str, str]] = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Proxy-Authorization", "")))
            self.send_error(407 if not seen[-1][1] else 502)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        no_proxy_env.setenv("HTTP_PROXY", f"http://desk:proxypw@127.0.0.1:{port}")
        message = one_line_error("http://news.example/story.txt")
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("http://news.example/story.txt", "Basic ZGVzazpwcm94eXB3")]  # desk:proxypw
    assert "proxypw" not in message and "502" in message


def test_a_proxy_that_is_not_http_is_one_clear_line(no_proxy_env) -> None:
    no_proxy_env.setenv("HTTP_PROXY", "socks5://user:pw@127.0.0.1:1080")
    message = one_line_error("http://news.example/story.txt")
    assert message.startswith("the proxy socks5://***@127.0.0.1:1080 is not an http(s) proxy")


def test_redirect_between_public_hosts_is_followed_to_the_checked_address(
        http_server, loopback_is_public) -> None:
    # 127.0.0.1 stands in for a public site: the hop is checked, then connected to that very
    # address, with the host name still sent (here the address itself).
    http_server.add("/from", status=302, headers={"Location": http_server.url("/to.txt")})
    http_server.add("/to.txt", b"Checked and followed.", headers={"Content-Type": "text/plain"})
    assert fetch_url(http_server.url("/from")).text == "Checked and followed."
    assert http_server.hits["/to.txt"] == 1


def test_redirect_with_a_body_on_a_kept_alive_connection() -> None:
    # Real servers answer a redirect with a short page and keep the connection open; its
    # unread body must not be taken for the next answer on that connection.
    import http.server
    import threading

    class KeepAlive(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/old":
                body = b"<html><body>Moved to <a href='/new'>/new</a></body></html>" * 20
                self.send_response(301)
                self.send_header("Location", "/new")
                self.send_header("Content-Type", "text/html")
            else:
                body = b"Fuel deliveries resume on Wednesday."
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        doc = fetch_url(f"http://127.0.0.1:{server.server_address[1]}/old")
    finally:
        server.shutdown()
        server.server_close()
    assert doc.text == "Fuel deliveries resume on Wednesday."
