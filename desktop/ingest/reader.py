"""One way in for every format: files, URLs and pasted text become an ExtractedDocument.

The GUI and the CLI both call these; nothing here touches the database.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.errors import UserError
from desktop.ingest.base import (
    MAX_HTML_BYTES,
    MAX_PDF_BYTES,
    MAX_TEXT_FILE_BYTES,
    ExtractedDocument,
    clean_text,
    finish,
)
from desktop.ingest.decode import decode_bytes
from desktop.progress import Progress, step

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", "")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
PDF_SUFFIXES = (".pdf",)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _limit(suffix: str) -> int:
    if suffix in PDF_SUFFIXES:
        return MAX_PDF_BYTES
    return MAX_HTML_BYTES if suffix in HTML_SUFFIXES else MAX_TEXT_FILE_BYTES


def read_file(path: str | Path, *, progress: Progress | None = None) -> ExtractedDocument:
    """Read a .txt/.md (any common encoding), .html/.htm or .pdf file."""
    path = Path(path)
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES:
        raise UserError(f"{name}: unsupported file type {suffix}; import .txt, .md, .html, "
                        ".htm or .pdf")
    limit = _limit(suffix)
    step(progress, 0, 1, f"reading {name}")
    try:
        if not path.is_file():
            raise UserError(f"no such file: {path}" if not path.exists()
                            else f"{path} is not a regular file")
        size = path.stat().st_size
        if size > limit:
            raise UserError(f"{name} is {size / 2**20:.0f} MB; the limit for this type is "
                            f"{limit // 2**20} MB")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # bounded even if the file grows meanwhile
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from exc
    if len(data) > limit:
        raise UserError(f"{name} is larger than {limit // 2**20} MB")
    step(progress, 1, 1, f"reading {name}")
    return read_bytes(data, name=name, suffix=suffix, progress=progress)


def read_bytes(data: bytes, *, name: str, suffix: str = "", content_type: str = "",
               charset: str = "", url: str = "",
               progress: Progress | None = None) -> ExtractedDocument:
    """Dispatch on the declared type, the file suffix and the first bytes."""
    if not data.strip():
        raise UserError(f"{name} is empty")
    from desktop.ingest.pdf import looks_like_pdf, read_pdf

    if suffix in PDF_SUFFIXES or content_type == "application/pdf" or looks_like_pdf(data):
        doc = read_pdf(data, name=name, progress=progress)
        return doc.with_overrides(url=url)
    text = decode_bytes(data, name, charset)
    step(progress, 1, 1, f"reading {name}")
    if (suffix in HTML_SUFFIXES or content_type in ("text/html", "application/xhtml+xml")
            or _looks_like_html(text)):
        from desktop.ingest.html import read_html

        step(progress, 0, 1, f"extracting the article text of {name}")
        return read_html(text, name=name, url=url)
    doc = read_text(text, name=name, fmt="text")
    return doc.with_overrides(url=url)


def read_text(text: str, *, name: str = "pasted text", fmt: str = "paste",
              title: str = "") -> ExtractedDocument:
    """Plain or pasted text as it stands (cleaned of control characters and odd line ends)."""
    if "\x00" in text[:4096]:
        raise UserError(f"{name} is not a text file")
    cleaned = clean_text(text)
    if not cleaned:
        raise UserError(f"{name} is empty")
    return finish(ExtractedDocument(text=cleaned, title=title, fmt=fmt, source_name=name))


def fetch_url(url: str, *, progress: Progress | None = None) -> ExtractedDocument:
    """Download a web page, text or PDF and read it like a file."""
    from desktop.ingest.fetch import fetch, mask_url

    step(progress, 0, 1, f"fetching {mask_url(url)[:120]}")
    got = fetch(url, progress=progress)
    suffix = Path(got.url.split("?", 1)[0]).suffix.lower()
    if suffix not in PDF_SUFFIXES + HTML_SUFFIXES:
        suffix = ""
    doc = read_bytes(got.data, name=got.url, suffix=suffix, content_type=got.content_type,
                     charset=got.charset, url=got.url, progress=progress)
    return doc.with_overrides(url=got.url)


def read_source(source: str, *, progress: Progress | None = None) -> ExtractedDocument:
    """A URL (http/https only) or a file path, as typed, dropped or pasted."""
    source = source.strip()
    if _SCHEME.match(source) or source.lower().startswith(("file:", "javascript:", "data:")):
        return fetch_url(source, progress=progress)  # refuses non-http(s)
    return read_file(Path(source).expanduser(), progress=progress)


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower()
