"""Reading single CASE fields the way real packages write them.

Packages from OpenSALT, the CASE Network and state registries spell the same facts in
several ways (`fi`, `fi-FI` and `fin`; `v2.1` and `2.1.0`; `educationLevel` as a list or
one comma-separated string). These readers turn each field into the one form the
framework needs, or None when the field says nothing usable; the import modules decide
what a missing field means.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kompetens.interop.case_package import Findings

_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ISO639_2 = {"fin": "fi", "swe": "sv", "eng": "en", "ger": "de", "deu": "de", "fre": "fr"}


def language_code(value: Any) -> str | None:
    """`fi`, `fi-FI`, `FI` and `fin` all become `fi`; anything else is None."""
    if not isinstance(value, str) or not value.strip():
        return None
    primary = value.strip().split("-")[0].split("_")[0].lower()
    primary = _ISO639_2.get(primary, primary)
    return primary if _LANGUAGE.match(primary) else None


def semantic_version(value: Any) -> str | None:
    """`2.1.0`, `v2.1.0`, `2.1` (as 2.1.0) and `2` (as 2.0.0); anything else is None."""
    if not isinstance(value, str):
        return None
    text = value.strip().removeprefix("v")
    if _SEMVER.match(text):
        return text
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return ".".join([*text.split("."), "0", "0"][:3])
    return None


def link_id(link: Any) -> str | None:
    """The identifier of a link object (`originNodeURI`, `CFItemURI`, …)."""
    if isinstance(link, dict):
        identifier = link.get("identifier")
        if isinstance(identifier, str) and identifier.strip():
            return identifier
    return None


def link_title(link: Any) -> str | None:
    if isinstance(link, dict):
        title = link.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
    return None


def education_levels(item: dict[str, Any]) -> list[str]:
    """`educationLevel` as a list (OpenSALT's early exports wrote `educationalLevel`, and
    some tools one comma-separated string)."""
    value = item.get("educationLevel", item.get("educationalLevel"))
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def with_text(texts: Any, language: str, text: str) -> dict[str, str]:
    """A multilingual text whose `language` entry is `text` (the standard CASE field wins)."""
    result = {str(k): v for k, v in texts.items()} if isinstance(texts, dict) else {}
    if text:
        result[language] = text
    return result


def stripped_text(value: Any) -> str | None:
    """A string field without surrounding space, or None when it is not text or blank."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def distinct(values: list[Any]) -> list[Any]:
    """`values` without repeats, in order (unhashable junk is kept for validation to report)."""
    result: list[Any] = []
    for value in values:
        if value not in result:
            result.append(value)
    return result


def document_version(findings: Findings, cf_document: dict[str, Any]) -> str:
    """The document's version when it is a semantic version, else 1.0.0 with a warning."""
    version = semantic_version(cf_document.get("version"))
    if version is not None:
        return version
    if cf_document.get("version") is not None:
        findings.warn(
            ("CFDocument", "version"),
            "case-version",
            f"version {cf_document.get('version')!r} is not a semantic version; "
            "the framework starts at 1.0.0",
        )
    return "1.0.0"


def document_language(findings: Findings, cf_document: dict[str, Any], items: list[Any]) -> str:
    """The document's language, else the first item's, else 'en' with a warning."""
    language = language_code(cf_document.get("language"))
    if language is not None:
        return language
    for item in items:
        language = language_code(item.get("language"))
        if language is not None:
            return language
    findings.warn(
        ("CFDocument",),
        "case-language",
        f"CFDocument.language {cf_document.get('language')!r} is not a language code; "
        "the texts are taken to be in 'en'",
    )
    return "en"


def source_and_licence(cf_document: dict[str, Any], language: str, title: str) -> dict[str, Any]:
    """The framework's `source` (title, creator, official URL) and `licence` from a
    document that has no kompetens data."""
    result: dict[str, Any] = {}
    source: dict[str, Any] = {"title": {language: title or "CASE"}}
    creator = stripped_text(cf_document.get("creator"))
    if creator:
        source["authors"] = creator
    url = stripped_text(cf_document.get("officialSourceURL"))
    if url:
        source["url"] = url
    result["source"] = source
    licence = link_title(cf_document.get("licenseURI"))
    if licence:
        result["licence"] = licence
    return result


__all__ = [
    "distinct",
    "document_language",
    "document_version",
    "education_levels",
    "language_code",
    "link_id",
    "link_title",
    "semantic_version",
    "source_and_licence",
    "stripped_text",
    "with_text",
]
