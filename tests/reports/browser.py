"""Loading pages in headless Chromium with the network off: the DOM it built, and every request
the page itself made (read from Chromium's own network log)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--disable-background-networking",
         "--disable-component-update", "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is needed for the web page tests (Debian: apt-get install chromium; "
                ".ci/run installs it)")


def _network_off() -> list[str]:
    """`unshare -rn` runs Chromium in a network namespace of its own: no network at all."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []  # the resolver rule in FLAGS still stops every host name from resolving


@dataclass
class Loaded:
    dom: str
    requests: list[str]  # URLs the page asked for, other than file: ones


def load(page: Path, work: Path) -> Loaded:
    netlog = work / f"{page.stem}.netlog.json"
    cmd = [*_network_off(), chromium(), *FLAGS, f"--user-data-dir={work / 'profile'}",
           f"--log-net-log={netlog}", "--dump-dom", page.resolve().as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return Loaded(dom=done.stdout, requests=page_requests(netlog))


def page_requests(netlog: Path) -> list[str]:
    """Requests started on behalf of a page (not the browser's own update checks)."""
    log = json.loads(netlog.read_text(encoding="utf-8", errors="replace"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    out = []
    for event in log["events"]:
        params = event.get("params") or {}
        url = params.get("url", "")
        if event["type"] != start or not url or url.startswith(("file:", "data:", "about:")):
            continue
        if params.get("initiator") == "not an origin" and "file://" not in str(
                params.get("site_for_cookies", "")):
            continue  # browser-internal (component updater, time check)
        out.append(url)
    return out


@dataclass
class Dom(HTMLParser):
    """Tags, attributes, visible text and JSON-LD blocks of a dumped DOM."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    _stack: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br", "img", "input", "hr", "wbr", "source"):
            self._stack.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "script" in self._stack:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif "body" in self._stack and "style" not in self._stack:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def parse(dom: str) -> Dom:
    parsed = Dom()
    parsed.feed(dom)
    parsed.close()
    return parsed
