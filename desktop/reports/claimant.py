"""Who made a claim, as schema.org and reference managers want it: a person or an organisation,
and a person's name split into family and given names.

A claimant recorded with an explicit kind (`claims add --speaker-kind`) keeps it. Otherwise the
kind is inferred from how the name was recorded: the article's own outlet, an "(report)" or
"(statement)" suffix, an acronym, or words that only organisations carry (agency, ministry,
news, …) make it an organisation; anything else is taken for a person.
"""

from __future__ import annotations

import re

from desktop.reports.text import clean

PERSON, ORGANIZATION = "person", "organization"


def _words(text: str) -> list[str]:
    return text.split()


_SUFFIX = re.compile(r"\s*\((report|statement|press release|editorial|readout|release)\)\s*$",
                     re.I)
_ACRONYM = re.compile(r"^[A-Z0-9&.\-]{2,8}$")
# Words (lower-case, whole words) that name institutions in English and the languages of the
# seed material (Turkish, Arabic transliterated, French, German, Spanish).
_ORG_WORDS = frozenset(_words("""
    agency agencies ajansi ajansı ajans associated press news newspaper times post herald
    tribune gazette journal daily weekly magazine tv television radio broadcasting channel
    network media reuters afp bbc cnn anadolu xinhua tass sputnik al-jazeera aljazeera ministry
    minister's ministère ministerio ministerium bakanlığı bakanligi government office
    department presidency directorate council committee commission command centcom army forces
    military police embassy consulate parliament assembly senate congress party union
    association federation institute institution foundation university college bank fund
    organisation organization corporation corp inc ltd llc gmbh company group authority
    agency's bureau service services nations un nato who unicef unrwa court tribunal
    municipality
"""))
# Lower-case particles that belong to the family name ("van Gogh", "de la Cruz", "al-Assad").
_PARTICLES = frozenset(_words("van von der den de del della di da du la le al el bin ibn ben"))


def display_name(speaker: str) -> str:
    """The claimant as published: without a trailing "(report)"-style note."""
    return _SUFFIX.sub("", clean(speaker)).strip()


def said_by(speaker: str) -> str:
    """ "Said by Hakan Fidan", or "Reported by Anadolu Ajansi" for an outlet's own report."""
    name = display_name(speaker)
    return ("Reported by " if _SUFFIX.search(clean(speaker)) else "Said by ") + name


def claimant_kind(speaker: str, recorded_kind: str = "", outlet: str = "") -> str:
    """"person" or "organization" for this claimant (see the module doc)."""
    if recorded_kind in (PERSON, ORGANIZATION):
        return recorded_kind
    name = clean(speaker).strip()
    if not name:
        return PERSON
    if _SUFFIX.search(name):
        return ORGANIZATION
    bare = display_name(name)
    if outlet and bare.casefold() == clean(outlet).strip().casefold():
        return ORGANIZATION
    if _ACRONYM.match(bare):
        return ORGANIZATION
    words = re.findall(r"[\w'’.-]+", bare.casefold())
    if any(w.strip(".") in _ORG_WORDS for w in words):
        return ORGANIZATION
    return PERSON


def split_person(name: str) -> dict[str, str] | None:
    """{"family", "given"} for a person's name, or None when it cannot be split safely.

    "Roe, Jane" splits at the comma; "Jane Roe" and "Ludwig van Beethoven" split before the
    family name (with its particles). One word, or words not all capitalised, stay whole.
    """
    name = " ".join(clean(name).split())
    family, sep, given = name.partition(",")
    if sep:
        if family.strip() and given.strip() and "," not in given:
            return {"family": family.strip(), "given": given.strip()}
        return None
    words = name.split(" ")
    if not 2 <= len(words) <= 5:
        return None
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    given_words, family_words = words[:start], words[start:]
    if not all(w[:1].isupper() for w in given_words) \
            or not any(ch.isupper() for ch in family_words[-1]):
        return None
    return {"family": " ".join(family_words), "given": " ".join(given_words)}
