"""Built-in word lists: stop words, British/American spellings, number and month words.

Kept as plain data so they can be reviewed and extended without touching the analyser.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _words(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn d did didn do does doesn
    doing don down during each few for from further had hadn has hasn have haven having he her
    here hers herself him himself his how i if in into is isn it its itself just ll m me might
    more most mustn my myself no nor not now o of off on once only or other our ours ourselves
    out over own re s same shan she should shouldn so some such t than that the their theirs
    them themselves then there these they this those through to too under until up us ve very
    was wasn we were weren what when where which while who whom why will with won would wouldn
    y you your yours yourself yourselves via amp rt
    """
)

# British spellings whose suffix rules would misfire are listed whole.
SPELLING: dict[str, str] = {
    "centre": "center", "centres": "centers", "theatre": "theater", "theatres": "theaters",
    "metre": "meter", "metres": "meters", "litre": "liter", "litres": "liters",
    "kilometre": "kilometer", "kilometres": "kilometers", "fibre": "fiber", "calibre": "caliber",
    "spectre": "specter", "sombre": "somber", "manoeuvre": "maneuver", "lustre": "luster",
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "grey": "gray", "ageing": "aging",
    "aluminium": "aluminum", "tyre": "tire", "tyres": "tires", "cheque": "check",
    "jewellery": "jewelry", "plough": "plow", "mould": "mold", "moustache": "mustache",
    "pyjamas": "pajamas", "sceptic": "skeptic", "sceptical": "skeptical", "draught": "draft",
    "kerb": "curb", "gaol": "jail", "storey": "story", "paediatric": "pediatric",
    "oestrogen": "estrogen", "foetus": "fetus", "anaemia": "anemia", "diarrhoea": "diarrhea",
    "haemorrhage": "hemorrhage", "leukaemia": "leukemia", "orthopaedic": "orthopedic",
    "enrol": "enroll", "enrolment": "enrollment", "fulfil": "fulfill", "instil": "instill",
    "judgement": "judgment", "acknowledgement": "acknowledgment", "per_cent": "percent",
    "percentage": "percent", "pct": "percent",
}

# Words ending like a British spelling but that are not one.
NOT_OUR = _words(
    "four hour your our tour pour flour sour devour contour detour amour troubadour paramour"
    " dour scour velour"
)
NOT_ISE = _words(
    """wise rise arise promise exercise otherwise advise surprise compromise enterprise
    expertise franchise premise revise televise supervise merchandise concise precise paradise
    noise praise raise cruise poise likewise clockwise disguise despise demise chemise excise
    incise circumcise improvise treatise reprise guise anise bruise porpoise tortoise mortise
    vise sunrise uprise comprise devise turquoise"""
)
DOUBLE_L = _words(
    """travel cancel label model fuel counsel signal marvel level quarrel tunnel channel
    dial equal rival total shovel jewel duel"""
)

NUMBER_WORDS: dict[str, str] = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
    "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
    "dozen": "12", "first": "1", "second": "2", "third": "3",
}
SCALES: dict[str, int] = {
    "thousand": 1_000, "k": 1_000, "million": 1_000_000, "mln": 1_000_000, "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "trillion": 1_000_000_000_000,
}
# "may" and "march" are left alone: as verbs they are far more common.
MONTHS: dict[str, str] = {
    "january": "jan", "jan": "jan", "february": "feb", "feb": "feb", "april": "apr",
    "apr": "apr", "june": "jun", "jun": "jun", "july": "jul", "jul": "jul", "august": "aug",
    "aug": "aug", "september": "sep", "sept": "sep", "sep": "sep", "october": "oct",
    "oct": "oct", "november": "nov", "nov": "nov", "december": "dec", "dec": "dec",
}
MONTH_BY_NUMBER: tuple[str, ...] = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)
# Scale words that combine with a preceding number ("1.5 million"); single letters only glued.
SCALE_WORDS = frozenset({"thousand", "million", "mln", "billion", "bn", "trillion"})
SYMBOLS: dict[str, str] = {"%": "percent", "$": "dollar", "€": "euro", "£": "pound"}
