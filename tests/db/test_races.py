"""Racing writers and racing first starts: one line or quiet success, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from db.errors import InvalidValue
from db.queries.feeds import add_feed, list_feeds
from db.queries.settings import add_alias, alias_groups

ROOT = Path(__file__).resolve().parents[2]


def test_racing_processes_create_one_workspace(db_url: str) -> None:
    code = ("import sys; from db.migrate import open_workspace; "
            "open_workspace(sys.argv[1]).dispose(); print('ok')")
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(5)]
    results = [p.communicate(timeout=180) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0 and out.strip() == "ok", err


def _race(ws, first, second) -> list[BaseException]:
    """`first` writes and holds its transaction open while `second` tries the same write."""
    inserted, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def one() -> None:
        with ws.session() as s:
            first(s)
            s.flush()
            inserted.set()
            go.wait(30)

    def two() -> None:
        try:
            with ws.session() as s:
                second(s)
        except BaseException as exc:
            errors.append(exc)

    a = threading.Thread(target=one)
    a.start()
    assert inserted.wait(30)
    b = threading.Thread(target=two)
    b.start()
    time.sleep(0.5)  # let the second writer reach its insert and wait on the first
    go.set()
    a.join(30)
    b.join(30)
    return errors


def test_racing_alias_adds_both_succeed(ws) -> None:
    errors = _race(ws, lambda s: add_alias(s, "Gaza", "Gazze"),
                   lambda s: add_alias(s, "Gaza", "Gazze"))
    assert errors == []
    with ws.session() as s:
        assert alias_groups(s) == {"Gaza": ["Gazze"]}


def test_racing_feed_adds_give_one_clear_refusal(ws) -> None:
    url = "https://news.example/feed.xml"
    errors = _race(ws, lambda s: add_feed(s, url=url), lambda s: add_feed(s, url=url))
    assert len(errors) <= 1
    if errors:
        assert isinstance(errors[0], InvalidValue) and "already followed" in str(errors[0])
    with ws.session() as s:
        assert [f.url for f in list_feeds(s)] == [url]


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "0"])
def test_ids_beyond_64_bits_are_one_line(tmp_path: Path, value: str) -> None:
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(tmp_path / "w.sqlite"),
                           "claims", "show", value], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "is not an id" in done.stderr and "Traceback" not in done.stderr


def test_racing_cli_set_status_says_what_to_do(ws, capsys: pytest.CaptureFixture[str]) -> None:
    from argparse import Namespace

    from db.queries.claim_edits import add_claim, set_status
    from desktop.cli.claims_cmd import run_set_status
    from desktop.errors import UserError

    with ws.session() as s:
        cid = add_claim(s, text="Aid fell by half", actor="t").id
    args = Namespace(db=ws.url, id=cid, status="false", rationale="UN data",
                     without_evidence=True)
    errors = _race(ws, lambda s: set_status(s, cid, "in-review", actor="other"),
                   lambda _s: run_set_status(args))
    assert len(errors) <= 1  # the second writer may also have come after the first committed
    if errors:
        assert isinstance(errors[0], UserError)
        message = str(errors[0])
        assert "changed by someone else" in message and "reload" not in message
        assert f"factdesk claims show {cid}" in message
