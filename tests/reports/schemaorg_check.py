"""Checking JSON-LD against the vendored schema.org vocabulary and Google's ClaimReview rules."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, str | None], dict[str, tuple[set[str], set[str]]], set[str]]:
    """(class -> parent, property -> (domains, ranges), data types) from the vendored subset."""
    graph = json.loads((DATA / "schemaorg-claimreview-subset.jsonld").read_text())["@graph"]
    parents: dict[str, str | None] = {}
    props: dict[str, tuple[set[str], set[str]]] = {}
    datatypes: set[str] = set()

    def names(value: Any) -> set[str]:
        items = value if isinstance(value, list) else [value]
        return {i["@id"].removeprefix("schema:") for i in items}

    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdf:Property" in kinds:
            props[name] = (names(node["schema:domainIncludes"]),
                           names(node["schema:rangeIncludes"]))
        else:
            parent = node.get("rdfs:subClassOf")
            parents[name] = next(iter(names(parent))) if parent else None
            if "schema:DataType" in kinds:
                datatypes.add(name)
    return parents, props, datatypes


def _ancestors(cls: str) -> set[str]:
    parents = vocabulary()[0]
    out = set()
    while cls:
        out.add(cls)
        cls = parents.get(cls)
    return out


def _fits_datatype(value: Any, datatype: str) -> bool:
    if datatype == "Text":
        return isinstance(value, str)
    if datatype == "URL":
        return isinstance(value, str) and re.match(r"^https?://[^\s/]+", value) is not None
    if datatype == "Date":
        try:
            date.fromisoformat(value)
            return True
        except (TypeError, ValueError):
            return False
    if datatype == "DateTime":
        try:
            datetime.fromisoformat(value)
            return True
        except (TypeError, ValueError):
            return False
    if datatype in ("Number", "Integer"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def vocabulary_errors(node: Any, path: str = "$") -> list[str]:
    """Every way `node` departs from the vocabulary: unknown types or properties, properties on
    a type outside their domain, values outside their range."""
    parents, props, datatypes = vocabulary()
    errors: list[str] = []
    if not isinstance(node, dict):
        return [f"{path}: expected an object"]
    kind = node.get("@type")
    if kind not in parents or kind in datatypes:
        return [f"{path}: unknown type {kind!r}"]
    lineage = _ancestors(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in props:
            errors.append(f"{path}.{key}: not a schema.org property")
            continue
        domains, ranges = props[key]
        if not domains & lineage:
            errors.append(f"{path}.{key}: not a property of {kind}")
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{i}]"
            if isinstance(item, dict):
                if not _ancestors(item.get("@type", "")) & ranges:
                    errors.append(f"{where}: {item.get('@type')} is not one of {sorted(ranges)}")
                errors += vocabulary_errors(item, where)
            elif not any(_fits_datatype(item, d) for d in ranges if d in datatypes):
                errors.append(f"{where}: {item!r} fits none of {sorted(ranges)}")
    return errors


def google_errors(item: dict[str, Any]) -> list[str]:
    """Google's required ClaimReview properties (Search Central, "Fact Check (ClaimReview)")."""
    errors = []
    for key in ("claimReviewed", "reviewRating", "url"):
        if not item.get(key):
            errors.append(f"missing required {key}")
    rating = item.get("reviewRating", {})
    if not rating.get("alternateName"):
        errors.append("reviewRating needs alternateName (the textual rating)")
    if "ratingValue" in rating:
        for key in ("bestRating", "worstRating"):
            if key not in rating:
                errors.append(f"reviewRating with ratingValue needs {key}")
        if not rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]:
            errors.append("ratingValue outside worstRating..bestRating")
    author = item.get("author", {})
    if not author.get("name"):
        errors.append("author needs a name")
    return errors
