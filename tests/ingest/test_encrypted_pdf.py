"""AES-encrypted PDFs: read when the user password is empty, refused in one line otherwise."""

from __future__ import annotations

import io

import pypdf
import pytest

from desktop.errors import UserError
from desktop.ingest.pdf import read_pdf


def _aes(plain: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret",
                   algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_aes_pdf_with_empty_password_is_read(make_pdf) -> None:
    data = _aes(make_pdf([["Aid trucks crossed at Rafah on Friday."]]), "")
    doc = read_pdf(data, name="locked.pdf")
    assert "Aid trucks crossed at Rafah" in doc.text


def test_aes_pdf_with_a_password_is_refused_in_one_line(make_pdf) -> None:
    data = _aes(make_pdf([["Aid trucks crossed at Rafah on Friday."]]), "pw")
    with pytest.raises(UserError, match=r"locked\.pdf is encrypted"):
        read_pdf(data, name="locked.pdf")
