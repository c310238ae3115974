"""The report and export operations: one short read into plain records, the file laid out
after that unit of work has closed, written whole or not at all; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from db.queries.claims import ClaimFilter
from desktop.errors import UserError
from desktop.ops import publish
from desktop.ops.changes import Changes
from desktop.ops.publish import NothingToReport, Selection
from desktop.progress import Cancelled
from desktop.reports.claimreview import UNSET_TEMPLATE_WARNING
from desktop.reports.data import ReportData
from desktop.reports.pdf import ReportResult


class SessionWatch:
    """Counts the units of work a workspace has open, and the pooled connections in use."""

    def __init__(self, ws, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ws, self.open, self.opened = ws, 0, 0
        original = ws.session

        @contextmanager
        def session():
            self.open += 1
            self.opened += 1
            try:
                with original() as s:
                    yield s
            finally:
                self.open -= 1

        monkeypatch.setattr(ws, "session", session)

    def connections_in_use(self) -> int:
        pool = self.ws.engine.pool
        return pool.checkedout() if hasattr(pool, "checkedout") else 0


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def test_report_renders_after_its_one_read_has_closed(verdict_ws, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    watch = SessionWatch(verdict_ws, monkeypatch)
    seen: list[tuple[str, int, int, int, int]] = []

    def progress(done: int, total: int, what: str) -> bool:
        seen.append((what, done, total, watch.open, watch.connections_in_use()))
        return True

    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.pdf"
    result, changes = publish.build_report(verdict_ws, out, progress=progress)
    assert result == ReportResult(path=out, pages=result.pages, claims=2) and result.pages >= 1
    assert changes == Changes() and not changes
    assert watch.opened == 1  # everything the report shows was read in one unit of work
    assert seen[0][0] == "Reading the claims"
    writing = [row for row in seen if row[0] == "Writing the report"]
    assert len(writing) > 2 and writing[-1][1] == writing[-1][2]
    # While the PDF is laid out, no unit of work is open and no connection is held.
    assert all(open_ == 0 and held == 0 for _w, _d, _t, open_, held in writing)
    text = _text(out)
    assert "Gaza Desk" in text and "CENTCOM statement." in text
    assert "tester" not in text  # publication: no user names
    assert [p.name for p in out.parent.iterdir()] == ["report.pdf"]  # no .part left behind


def test_render_functions_take_plain_records_only(verdict_ws, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = publish.gather(verdict_ws, Selection(claim_ids=[5]))
    assert isinstance(data, ReportData) and [c.id for c in data.claims] == [5]

    def no_session():
        raise AssertionError("rendering opened a unit of work")

    monkeypatch.setattr(verdict_ws, "session", no_session)
    result = publish.render_report(data, tmp_path / "r.pdf", layout="audit", author="Ana")
    assert result.claims == 1 and "Ana" in _text(tmp_path / "r.pdf")
    site = publish.render_site(data, tmp_path / "site")
    assert site.pages == 1 and (tmp_path / "site" / "index.html").exists()


def test_report_selection_listed_statuses_and_refusals(verdict_ws, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    # The window's listed claims: a filter narrows, an empty filter is the whole workspace.
    listed = publish.gather(verdict_ws, Selection(statuses=["supported", "unverified"],
                                                  listed=ClaimFilter(status="supported")))
    assert [c.id for c in listed.claims] == [5]
    everything = publish.gather(verdict_ws, Selection(listed=ClaimFilter()))
    assert everything.scope == "all claims" and len(everything.claims) == 11
    result, _ = publish.build_report(verdict_ws, out, Selection(statuses=["unverified"]),
                                     layout="audit", author="Ana")
    assert result.claims == 9 and "History" in _text(out)

    with pytest.raises(NothingToReport, match="no claims match"):
        publish.build_report(verdict_ws, tmp_path / "none.pdf", Selection(claim_ids=[2]))
    with pytest.raises(UserError, match="needs a file name"):
        publish.build_report(verdict_ws, Path("-"))
    with pytest.raises(UserError, match="is a folder"):
        publish.build_report(verdict_ws, tmp_path)
    assert not (tmp_path / "none.pdf").exists()


def test_a_cancelled_report_writes_nothing(verdict_ws, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "stopped.pdf"
    out.write_bytes(b"the previous report")

    def progress(done: int, total: int, what: str) -> bool:
        return not (what == "Writing the report" and done >= 2)

    with pytest.raises(Cancelled):
        publish.build_report(verdict_ws, out, layout="audit", progress=progress)
    assert out.read_bytes() == b"the previous report"
    assert [p.name for p in out.parent.iterdir()] == ["stopped.pdf"]


def test_claimreview_csv_and_sources_exports(verdict_ws, tmp_path: Path) -> None:
    warnings: list[str] = []
    out = tmp_path / "cr.json"
    count, changes = publish.export_claimreview(verdict_ws, out, warn=warnings.append)
    items = json.loads(out.read_text(encoding="utf-8"))
    assert count == len(items) == 2 and not changes
    assert {i["reviewRating"]["alternateName"] for i in items} >= {"Supported"}
    assert warnings == [UNSET_TEMPLATE_WARNING]

    count, _ = publish.export_csv(verdict_ws, tmp_path / "c.csv", Selection(claim_ids=[5, 1]),
                                  bom=True)
    raw = (tmp_path / "c.csv").read_bytes()
    assert count == 2 and raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["status"] for r in rows] == ["supported", "partly-supported"]

    count, _ = publish.export_sources(verdict_ws, tmp_path / "s.json", kind="article")
    assert count == len(json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))) == 1
    with pytest.raises(UserError, match="no documents"):
        publish.export_sources(verdict_ws, tmp_path / "none.json", kind="source")
    assert not (tmp_path / "none.json").exists()


def test_web_pages_for_verdicts(verdict_ws, tmp_path: Path) -> None:
    from db.queries.settings import set_setting

    with verdict_ws.session() as s:
        set_setting(s, "review_url_template", "https://desk.example/checks/{id}.html")
    warnings: list[str] = []
    steps: list[tuple[int, int, str]] = []
    site, changes = publish.export_site(verdict_ws, tmp_path / "site", title="Checks",
                                        warn=warnings.append,
                                        progress=lambda d, t, w: steps.append((d, t, w)))
    assert site.pages == 2 and not changes and warnings == []
    assert steps[-1] == (3, 3, "Writing the pages")
    assert len(list((tmp_path / "site").glob("*.html"))) == 3
    with pytest.raises(NothingToReport):
        publish.export_site(verdict_ws, tmp_path / "other", Selection(statuses=["false"]))
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="is not a folder"):
        publish.export_site(verdict_ws, tmp_path / "file")
    assert not (tmp_path / "other").exists()
