"""The CASE terms that export and import share, so that what one writes the other reads.

The identifiers kompetens derives, the key of its extension, the mark that names the
framework in `CFDocument.notes` and the association types kept as related statements are
defined once here: `case_export` writes them and the `case_*` import modules recognise them.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("8ab8f10e-4e6d-54ae-94e4-baf904423c1e")
"""uuid5(NAMESPACE_URL, "urn:kompetens:case"): the namespace of every identifier we derive."""

EXTENSION = "kompetens"
"""The key under each object's `extensions` that holds the kompetens data."""

NOTES_MARK = "kompetens:"
"""Starts the last paragraph of `CFDocument.notes`: `kompetens: ID VERSION`."""

CASE_VERSION = "1.1"

RELATED_ASSOCIATIONS = {"related": "isRelatedTo", "exact-match": "exactMatchOf"}
"""The `kind` of a related statement in the model → its CASE association type."""

RELATED_TYPES = {case: kind for kind, case in RELATED_ASSOCIATIONS.items()}
"""CASE association types kept as related statements, and their `kind` in the model."""

TYPE_CODES = ("area", "component", "statement")


def case_uuid(framework_id: str, kind: str, key: str = "") -> str:
    """The identifier of one CASE object: stable for the same framework id, kind and key."""
    return str(uuid.uuid5(NAMESPACE, f"{framework_id}/{kind}/{key}"))


__all__ = [
    "CASE_VERSION",
    "EXTENSION",
    "NAMESPACE",
    "NOTES_MARK",
    "RELATED_ASSOCIATIONS",
    "RELATED_TYPES",
    "TYPE_CODES",
    "case_uuid",
]
