"""Seeded generator of a realistic in-memory workspace for the matching speed benchmark.

Claims and passages are sentence-like: named people, places and organisations, numbers, dates
and a Zipf-distributed shared vocabulary. About one passage in fifty restates a claim (reworded,
sometimes with another number), so the engine has real matches to find among the noise.
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()

_FIRST = ("Ahmet Maria John Fatima Li Olga Carlos Aisha Peter Yusuf Elena Kwame Sofia Raj Anna "
    "Mehmet Grace Ivan Leila Tom Nadia Omar Julia Hassan Mia Diego Zeynep Samuel Hana Igor")
_LAST = ("Yilmaz Garcia Smith Khan Wei Petrova Silva Bello Novak Demir Rossi Mensah Costa Patel "
    "Berg Kaya Okafor Ivanova Haddad Brown Moreau Aziz Schmidt Tanaka Lopez Sato Kowalski")
_PLACES = ("Türkiye Turkey Ankara Istanbul Berlin Paris Lagos Nairobi Kyiv Warsaw Madrid Lima "
    "Jakarta Manila Cairo Athens Baghdad Tehran Dhaka Karachi Hanoi Bogota Quito Accra "
    "Texas Ohio Bavaria Lombardy Gaza Aleppo Mosul Idlib Kherson Donetsk Tigray Darfur")
_ORGS = ("CENTCOM|US Central Command|NATO|the United Nations|the World Health Organization|the EU|"
    "the Red Cross|UNICEF|the IMF|the World Bank|the Pentagon|the Kremlin|Reuters|the BBC|"
    "the health ministry|the central bank|the electoral commission|the police|the army")
_VERBS = _words(
    "said announced denied confirmed reported claimed warned estimated revealed promised "
    "banned approved rejected launched closed opened funded cut raised arrested killed "
    "evacuated vaccinated built destroyed signed")
_NOUNS = _words(
    "people civilians soldiers refugees students doctors patients workers voters children "
    "schools hospitals bridges homes vaccines doses tanks drones jobs taxes loans tonnes "
    "barrels votes ballots cases deaths flights trucks villages factories farms")
_COMMON = _words(
    "the a of to in and for on with by from at as that this was were is are has have had "
    "new last year week month government official local national public state report "
    "after before during more than about over under since while also would could "
    "according statement press spokesperson minister president city region country "
    "border crisis policy plan law court election economy price fuel food water power "
    "health security military aid budget market energy climate war peace talks deal "
    "program centre center stabilisation stabilization organisation organization")
_MONTHS = _words(
    "January February March April May June July August September October November "
    "December")


class Generator:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.people = [f"{f} {last}" for f in _FIRST.split() for last in _LAST.split()]
        self.places = _PLACES.split()
        self.orgs = _ORGS.split("|")
        weights = [1.0 / (i + 1) for i in range(len(_COMMON))]
        self._common_w = weights

    def _filler(self, n: int) -> list[str]:
        return self.rng.choices(_COMMON, weights=self._common_w, k=n)

    def fact(self) -> dict[str, str]:
        r = self.rng
        return {
            "who": r.choice(self.people + self.orgs),
            "verb": r.choice(_VERBS),
            "num": r.choice([str(r.randint(2, 999)), f"{r.randint(1, 99)},{r.randint(0, 999):03d}",
                             f"{r.randint(1, 9)}.{r.randint(1, 9)} million"]),
            "noun": r.choice(_NOUNS),
            "place": r.choice(self.places),
            "date": f"{r.randint(1, 28)} {r.choice(_MONTHS)} {r.randint(2015, 2025)}",
        }

    def claim_text(self, f: dict[str, str]) -> str:
        return (f"{f['who']} {f['verb']} {f['num']} {f['noun']} in {f['place']} "
                f"on {f['date']}.")

    def passage_text(self, f: dict[str, str] | None = None) -> str:
        """A sentence; restates ``f`` in other words when given, else an unrelated fact."""
        r = self.rng
        if f is None:
            f = self.fact()
        parts = [f["who"], f["verb"], f["num"], f["noun"], "in", f["place"]]
        if r.random() < 0.5:
            parts += ["on", f["date"]]
        if r.random() < 0.3:
            parts[1] = r.choice(_VERBS)  # same subject, different fact
        head = self._filler(r.randint(3, 9))
        tail = self._filler(r.randint(3, 9))
        text = " ".join([*head, *parts, "and", *tail])
        return text[0].upper() + text[1:] + "."

    def workspace(self, n_claims: int, n_passages: int) -> tuple[list[tuple[str, str]],
                                                                 list[tuple[str, str]]]:
        facts = [self.fact() for _ in range(n_claims)]
        claims = [(f"c{i}", self.claim_text(f)) for i, f in enumerate(facts)]
        passages = []
        for i in range(n_passages):
            related = facts[self.rng.randrange(n_claims)] if self.rng.random() < 0.02 else None
            passages.append((f"p{i}", self.passage_text(related)))
        return claims, passages
