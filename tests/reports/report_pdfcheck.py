"""Reading a built report back with pypdf: text, fonts, links, forbidden actions."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

FORBIDDEN = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/GoToR",
             "/SubmitForm", "/ImportData", "/RichMedia", "/OpenAction", "/AA", "/URI"}


def squash(text: str) -> str:
    """Text without white space: line wrapping in the PDF must not matter."""
    return "".join(text.split())


def all_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def fonts(path: Path) -> list[DictionaryObject]:
    """Every font dictionary used by the pages and the forms they draw."""
    found: dict[int, DictionaryObject] = {}

    def visit(resources) -> None:
        resources = _resolve(resources)
        if not resources:
            return
        for ref in _resolve(resources.get("/Font", {})).values():
            found[id(_resolve(ref))] = _resolve(ref)
        for ref in _resolve(resources.get("/XObject", {})).values():
            xobj = _resolve(ref)
            if "/Resources" in xobj:
                visit(xobj["/Resources"])

    for page in PdfReader(path).pages:
        visit(page.get("/Resources"))
    return list(found.values())


def embedded(font: DictionaryObject) -> bool:
    font = _resolve(font)
    for desc in [font] + [_resolve(d) for d in font.get("/DescendantFonts", [])]:
        fd = _resolve(desc.get("/FontDescriptor"))
        if fd is not None and ("/FontFile2" in fd or "/FontFile3" in fd or "/FontFile" in fd):
            return True
    return False


def link_actions(path: Path) -> list[dict]:
    out = []
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots", []) or []:
            annot = _resolve(ref)
            action = _resolve(annot.get("/A"))
            out.append({"subtype": annot.get("/Subtype"),
                        "action": action.get("/S") if action else None,
                        "uri": str(action.get("/URI")) if action and "/URI" in action else None,
                        "dest": annot.get("/Dest")})
    return out


def names_used(path: Path) -> set[str]:
    """Every dictionary key and name value in every object of the file (not stream data).

    Scanning raw bytes would not do: compressed streams may hold "/JS" by chance.
    """
    reader = PdfReader(path)
    found: set[str] = set()
    seen: set[int] = set()

    def walk(obj) -> None:
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                found.add(str(key))
                walk(value)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                walk(value)
        elif isinstance(obj, NameObject):
            found.add(str(obj))

    for num in range(1, int(reader.trailer["/Size"])):
        walk(IndirectObject(num, 0, reader))
    walk(reader.trailer)
    return found
