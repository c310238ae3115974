"""Who says it: "X said", "according to X", reported speech and quotation marks.

Pronouns and role nouns ("he", "the minister") and bare surnames ("Fidan") resolve to the
last person named as a speaker; sentences without attribution fall back to the outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERBS = (r"said|says|say|told|tells|noted|notes|stated|states|added|adds|announced|announces|"
         r"argued|argues|claimed|claims|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|"
         r"explained|explains|insisted|insists|concluded|warned|warns|confirmed|confirms|"
         r"declared|declares|urged|urges|wrote|writes|reported|reports|tweeted|posted|"
         r"acknowledged|admitted|denied|denies|suggested|suggests|revealed|disclosed")
_UPPER = "A-ZÀ-ÖØ-ÞİŞĞÇÜА-ЯЁ"
# Bounded repeats keep every search linear in the sentence: a name is at most six words of at
# most 40 characters, so a 5 MB "word" or a run of capitals costs a few steps per position
# instead of backtracking over the whole run from each one.
_WORD = rf"(?:[{_UPPER}][\w'’.-]{{0,40}}|al-\w{{1,40}}|bin|de|van|von|der|el-\w{{1,40}})"
_NAME = rf"{_WORD}(?:\s{{1,3}}{_WORD}){{0,5}}"
_GROUP_NOUNS = r"officials|sources|experts|authorities|police|analysts|spokesperson|spokesman"
_PRONOUN = (r"[Hh]e|[Ss]he|[Tt]hey|[Tt]he (?:minister|president|spokesperson|spokesman|"
            r"spokeswoman|official|ambassador|secretary|chancellor|prime minister|leader|"
            r"governor|mayor|senator|general|envoy|diplomat)")
_SPEAKER = (rf"(?P<who>{_NAME}(?:\s{{1,3}}(?:{_GROUP_NOUNS}))?|{_PRONOUN}"
            rf"|(?:[A-Z]\w{{1,40}}\s{{1,3}})?(?:{_GROUP_NOUNS}))")
_FORWARD = re.compile(rf"\b{_SPEAKER}\s{{0,3}},?\s{{1,3}}"
                      rf"(?:has\s+|had\s+|also\s+|later\s+|then\s+)?"
                      rf"(?P<verb>{VERBS})\b(?:\s{{1,3}}(?:that\s{{1,3}})?)?")
_INVERTED = re.compile(rf"[,\"”’]\s{{0,3}}(?P<verb>said|says|added|noted|told)\s{{1,3}}"
                       rf"(?P<who>{_NAME})")
_SUBJECT = re.compile(rf"^\s*(?P<who>{_WORD}(?:\s{{1,3}}{_WORD}){{1,5}})\s+[a-z]")
_ACCORDING = re.compile(rf"\b[Aa]ccording to (?:the\s+)?(?P<who>{_NAME})")
TITLES = {"minister", "president", "secretary", "spokesperson", "spokesman", "spokeswoman",
          "chancellor", "governor", "mayor", "senator", "ambassador", "general", "dr", "dr.",
          "prof", "prof.", "professor", "chairman", "chairwoman", "director", "ceo", "chief",
          "king", "queen", "prince", "pope", "judge", "rep.", "sen.", "mr", "mr.", "mrs",
          "mrs.", "ms", "ms.", "commander", "envoy", "premier", "leader", "head"}
_NOT_NAMES = {"The", "This", "That", "These", "Those", "It", "In", "On", "At", "But", "And",
              "A", "An", "As", "If", "When", "While", "After", "Before", "Noting", "Also"}
_REPORTING = {"reported", "reports", "wrote", "writes", "tweeted", "posted"}
_REPORTED_SPEECH = re.compile(r"^(?:that\b|and that\b)|,\s+and that\b|\bstressing that\b")
_PERSON_PRONOUN = re.compile(rf"^(?:{_PRONOUN})$")


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str  # as resolved; "" when unknown
    quote_offset: int  # where the reported words start within the sentence (0 if not found)
    explicit: bool  # an attribution verb or "according to" names the speaker


def _strip_title(name: str) -> str:
    tokens = name.split()
    while tokens and tokens[0] in _NOT_NAMES:
        tokens = tokens[1:]
    last_title = max((i for i, t in enumerate(tokens) if t.lower().strip(",") in TITLES),
                     default=-1)
    if 0 <= last_title < len(tokens) - 1:
        tokens = tokens[last_title + 1:]
    name = " ".join(tokens).strip(" ,")
    if name.endswith(".") and "." not in name.rsplit(" ", 1)[-1][:-1]:
        name = name[:-1]  # the sentence's full stop, not an abbreviation like "U.S."
    return name


class SpeakerTracker:
    """Reads sentences in order, remembering who spoke last, to resolve "he" and surnames."""

    def __init__(self, default: str = "") -> None:
        self.default = default
        self.last_person = ""
        self.people: list[str] = []

    def _resolve(self, who: str) -> str:
        if _PERSON_PRONOUN.match(who):
            return self.last_person or self.default
        name = _strip_title(who)
        if not name:
            return self.last_person or self.default
        for person in reversed(self.people):
            # "Fidan" after "Hakan Fidan" is the same person.
            if person != name and person.endswith(" " + name):
                return person
        return name

    def _remember(self, name: str, who: str) -> None:
        if name and " " in name and name not in self.people and not who.endswith(
                ("officials", "sources", "experts", "authorities", "police", "analysts")):
            self.people.append(name)
        if name and name != self.default:
            self.last_person = name

    def attribute(self, sentence: str) -> Attribution:
        found = [(m, m.group("verb").lower() in _REPORTING) for m in _FORWARD.finditer(sentence)]
        found = [(m, rep) for m, rep in found if m.group("who").split()[0] not in _NOT_NAMES
                 or len(m.group("who").split()) > 1]
        # "X reported that ... he said": the person speaking beats the outlet reporting it.
        found.sort(key=lambda pair: pair[1])
        if found:
            m = found[0][0]
            name = self._resolve(m.group("who"))
            self._remember(name, m.group("who"))
            offset = m.end() if m.start() <= 80 else 0
            return Attribution(name, offset, True)
        for pattern in (_ACCORDING, _INVERTED):
            m = pattern.search(sentence)
            if m:
                name = self._resolve(m.group("who"))
                self._remember(name, m.group("who"))
                return Attribution(name, 0, True)
        subject = _SUBJECT.match(sentence)
        if subject:  # "Hakan Fidan spoke on Monday." names who "he" will be
            self._remember(_strip_title(subject.group("who")), subject.group("who"))
        stripped = sentence.lstrip()
        if _REPORTED_SPEECH.search(stripped) or stripped.startswith(("“", '"', "‘")):
            return Attribution(self.last_person or self.default, 0, False)
        return Attribution(self.default or self.last_person, 0, False)
