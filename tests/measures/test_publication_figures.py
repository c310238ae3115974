"""The publication-layout PDF shows a claim's figures: the summary lines and the table."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

from measure_helpers import AID_CLAIM, add_later_source
from pypdf import PdfReader

from db.queries.claim_edits import set_status
from db.queries.measures import add_observation, set_measure
from db.queries.settings import set_setting
from db.vocab import VERDICTS
from desktop.reports.data import gather_report_data
from desktop.reports.pdf import build_pdf


def test_publication_pdf_shows_the_measure_summary_and_observations(demo_ws,
                                                                     tmp_path: Path) -> None:
    passages = add_later_source(demo_ws)
    with demo_ws.session() as s:
        set_measure(s, claim_id=AID_CLAIM, what="aid trucks entering Gaza", unit="trucks",
                    rate="day", reference=600, reference_kind="pledged", comparison="below",
                    actor="tester")
        add_observation(s, claim_id=AID_CLAIM, value=145, unit="trucks",
                        date_from=date(2025, 10, 19), reporter="UN", passage_id=passages[0],
                        actor="tester")
        add_observation(s, claim_id=AID_CLAIM, value=700, unit="trucks",
                        date_from=date(2025, 10, 20), reporter="COGAT", actor="tester")
        set_status(s, AID_CLAIM, "supported", actor="tester",
                   rationale="UN and OCHA counts stay below the pledge.")
        data = gather_report_data(s, status=list(VERDICTS), with_history=False)
    out = tmp_path / "pub.pdf"
    build_pdf(data, out, author="", layout="publication")
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(out).pages).split())
    assert "Figures over time" in text
    assert "UN: 1 of 1 observation" in text and "below the 600 pledged" in text
    assert "COGAT: 0 of 1 observation" in text
    for header in ("When", "Reported", "Reporter"):
        assert header in text
    assert "145 trucks" in text and "700 trucks" in text
    assert "tester" not in text  # still nothing internal in the publication layout
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "page")],
                       check=True, timeout=120)
        assert list(tmp_path.glob("page-*.png"))


def test_web_page_shows_the_figures_chart_and_table(demo_ws, tmp_path: Path) -> None:
    from desktop.reports.html_page import write_site

    passages = add_later_source(demo_ws)
    with demo_ws.session() as s:
        set_measure(s, claim_id=AID_CLAIM, what="aid trucks entering Gaza", unit="trucks",
                    rate="day", reference=600, reference_kind="pledged", comparison="below",
                    actor="tester")
        add_observation(s, claim_id=AID_CLAIM, value=145, unit="trucks",
                        date_from=date(2025, 10, 19), reporter="<b>UN</b>",
                        passage_id=passages[0], actor="tester")
        set_status(s, AID_CLAIM, "supported", actor="tester",
                   rationale="UN counts stay below the pledge.")
        set_setting(s, "organisation", "Desk")
        set_setting(s, "organisation_url", "https://desk.example")
        data = gather_report_data(s, status=list(VERDICTS), with_history=False)
    write_site(data, tmp_path / "site")
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").glob("*.html")
             if p.name != "index.html"]
    (page,) = [p for p in pages if "Figures over time" in p]
    section = page[page.index('<section class="factdesk-measure">'):]
    section = section[:section.index("</section>")]
    assert "<svg" in section and "<script" not in section.lower()
    assert "&lt;b&gt;UN&lt;/b&gt;: 1 of 1 observation" in section  # escaped, never markup
    assert "<td>145 trucks</td>" in section
