"""PDF files: the text of each page, refusing encrypted, broken and decompression-bomb files."""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

from db.models import NAME_MAX, TITLE_MAX
from desktop.errors import UserError
from desktop.ingest.base import (
    MAX_PDF_PAGES,
    ExtractedDocument,
    clean_text,
    finish,
    parse_published,
)
from desktop.ingest.optional import need
from desktop.progress import Progress, step

# A content stream inflating past this, or by more than RATIO_LIMIT once past a megabyte, is
# a decompression bomb, not a page of text: refusing it keeps memory and time bounded.
STREAM_LIMIT = 16 * 2**20
DOCUMENT_LIMIT = 256 * 2**20
RATIO_LIMIT = 200


def looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def read_pdf(data: bytes, *, name: str, progress: Progress | None = None) -> ExtractedDocument:
    """The text of every page (reflowed into paragraphs), with page spans and metadata."""
    if not looks_like_pdf(data):
        raise UserError(f"{name} is not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise UserError(f"{name} is truncated or damaged (no end-of-file marker)")
    pypdf = need("pypdf", "PDF import")
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _open_without_password(reader):
            raise UserError(f"{name} is encrypted; remove the password and import it again")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise UserError(f"{name} has {count} pages; at most {MAX_PDF_PAGES} can be imported")
        budget = [DOCUMENT_LIMIT]
        pages: list[str] = []
        first_line = ""
        for i, page in enumerate(reader.pages):
            step(progress, i, count, f"reading page {i + 1} of {count}")
            _check_streams(page, name, budget)
            raw = page.extract_text() or ""
            if not first_line:  # before reflow joins a headline to the paragraph below it
                first_line = next((ln for ln in raw[:5000].splitlines() if ln.strip()), "")
            pages.append(reflow(raw))
        info = _metadata(reader)
    except UserError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, zlib.error, OverflowError) as exc:
        raise UserError(f"{name} is damaged and cannot be read as a PDF") from exc
    step(progress, count, count, "done")
    text_parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for page_text in pages:
        page_text = clean_text(page_text)
        if text_parts:
            pos += 2  # the blank line between pages
        spans.append((pos, pos + len(page_text)))
        text_parts.append(page_text)
        pos += len(page_text)
    text = "\n\n".join(text_parts)
    if not text.strip():
        raise UserError(f"{name} has no text layer (a scan?); run OCR on it first")
    from desktop.ingest.titles import title_from_text, usable

    title = usable(info.get("title", "")) or title_from_text(clean_text(first_line))
    return finish(ExtractedDocument(text=text, title=title,
                                    author=info.get("author", ""),
                                    published=parse_published(info.get("date", "")),
                                    fmt="pdf", source_name=name, pages=tuple(spans)))


def _open_without_password(reader: Any) -> bool:
    """Many PDFs are 'encrypted' only against editing, with an empty user password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # unsupported cipher or missing crypto library: treat as locked
        return False


def _check_streams(page: Any, name: str, budget: list[int]) -> None:
    """Inflate the page's content and form streams in bounded steps before pypdf does."""
    seen: set[int] = set()
    pending = [page.get("/Contents")]
    resources = page.get("/Resources")
    pending.extend(_forms(resources))
    while pending:
        obj = pending.pop()
        if obj is None:
            continue
        ref = getattr(obj, "idnum", None)
        if ref is not None:
            if ref in seen:
                continue
            seen.add(ref)
        obj = obj.get_object() if hasattr(obj, "get_object") else obj
        if isinstance(obj, list):
            pending.extend(obj)
            continue
        if not hasattr(obj, "get"):
            continue
        size = _inflated_size(obj, name)
        budget[0] -= size
        if budget[0] < 0:
            raise UserError(f"{name} inflates to more than {DOCUMENT_LIMIT // 2**20} MB of "
                            "page content; refusing a possible decompression bomb")
        if obj.get("/Subtype") == "/Form":
            pending.extend(_forms(obj.get("/Resources")))


def _forms(resources: Any) -> list[Any]:
    resources = resources.get_object() if hasattr(resources, "get_object") else resources
    if not hasattr(resources, "get"):
        return []
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if hasattr(xobjects, "get_object") else xobjects
    return list(xobjects.values()) if hasattr(xobjects, "values") else []


def _inflated_size(stream: Any, name: str) -> int:
    raw = getattr(stream, "_data", b"") or b""
    filters = stream.get("/Filter")
    filters = filters.get_object() if hasattr(filters, "get_object") else filters
    first = filters[0] if isinstance(filters, list) and filters else filters
    if first not in ("/FlateDecode", "/Fl"):
        return len(raw)
    inflater = zlib.decompressobj()
    total = 0
    chunk = raw
    while chunk:
        try:
            out = inflater.decompress(chunk, 2**20)
        except zlib.error:
            return total  # pypdf reports broken streams itself
        total += len(out)
        if total > STREAM_LIMIT or (total > 2**20 and total > RATIO_LIMIT * max(len(raw), 1)):
            raise UserError(f"{name} holds a stream that inflates without bound; refusing a "
                            "possible decompression bomb")
        chunk = inflater.unconsumed_tail
    return total


def _metadata(reader: Any) -> dict[str, str]:
    try:
        meta = reader.metadata or {}
    except Exception:  # broken info dictionaries are common and harmless
        return {}
    out: dict[str, str] = {}
    for key, field, limit in (("/Title", "title", TITLE_MAX), ("/Author", "author", NAME_MAX)):
        value = meta.get(key)
        if value:
            out[field] = " ".join(str(value).split())[:limit]
    created = str(meta.get("/CreationDate") or "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    if m:
        out["date"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return out


_SENTENCE_END = tuple('.!?:;"”’)')


def reflow(text: str) -> str:
    """Join the visual lines of a PDF page back into paragraphs.

    A line break after a word that does not end a sentence, or before a lower-case letter, is
    a wrap, not a paragraph end; a hyphen at a wrap before a lower-case letter is dropped.
    """
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    # Paragraphs are lists of pieces joined once at the end (growing one string by repeated
    # concatenation is quadratic); `tail` holds the last two characters of the current one.
    out: list[list[str]] = []
    tail = ""
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append([])
            continue
        if out and out[-1]:
            if tail.endswith("-") and line[:1].islower() and tail[-2:-1].isalpha():
                out[-1][-1] = out[-1][-1][:-1]
                out[-1].append(line)
                tail = (tail[:-1] + line)[-2:]
                continue
            if not tail.endswith(_SENTENCE_END) or line[:1].islower():
                out[-1] += (" ", line)
                tail = (" " + line)[-2:]
                continue
        out.append([line])
        tail = line[-2:]
    return "\n".join("".join(parts) for parts in out)
