"""The demo workspace: the seed article and the claims a fact-checker logs from it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

from sqlmodel import Session

from db.engine import Workspace
from db.queries.claim_edits import add_claim
from db.queries.claims import claim_quoting
from db.queries.documents import store_document, workspace_is_empty
from db.queries.settings import get_setting, set_setting
from db.vocab import DocumentKind
from desktop.ingest.sentences import sentence_spans

DEMO_FLAG = "demo_loaded"


def seed_data() -> dict[str, Any]:
    return json.loads(files("seeds").joinpath("claims.json").read_text(encoding="utf-8"))


def seed_article_text() -> str:
    name = seed_data()["article"]["file"]
    return files("seeds").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class DemoResult:
    article_id: int
    claims_added: int
    claims_total: int


def load_demo(session: Session, *, actor: str) -> DemoResult:
    """Store the seed article and its claims; running it again adds nothing."""
    data = seed_data()
    meta = data["article"]
    text = seed_article_text()
    stored = store_document(
        session, text=text, kind=DocumentKind.ARTICLE.value, actor=actor,
        spans=sentence_spans(text), title=meta["title"], outlet=meta["outlet"],
        author=meta.get("author", ""), url=meta.get("url", ""),
        published=date.fromisoformat(meta["published"]) if meta.get("published") else None,
        language=meta.get("language", "en"))
    article_id = stored.document.id
    added = 0
    for item in data["claims"]:
        # A claim is "the same" when it quotes the same span of the same article.
        if claim_quoting(session, article_id, item["quote_start"], item["quote_end"]) is not None:
            continue
        add_claim(session, text=item["text"], actor=actor, quote=item["quote"],
                  article_id=article_id, quote_start=item["quote_start"],
                  quote_end=item["quote_end"], speaker=item.get("speaker", ""),
                  claim_date=date.fromisoformat(item["claim_date"])
                  if item.get("claim_date") else None,
                  tags=item.get("tags", ""))
        added += 1
    set_setting(session, DEMO_FLAG, "1")
    return DemoResult(article_id=article_id, claims_added=added, claims_total=len(data["claims"]))


def load_demo_on_first_run(ws: Workspace, *, actor: str) -> DemoResult | None:
    """On a brand-new empty workspace, load the demo so a new user sees a working example.

    Only once: a user who later deletes everything is not given the demo again.
    """
    with ws.session() as session:
        if get_setting(session, DEMO_FLAG):
            return None
        if not workspace_is_empty(session):
            return None
        return load_demo(session, actor=actor)
