"""Pseudonyms for respondents: keyed hashes that only the key holder can reproduce.

A pseudonym is `p-` followed by the first 16 hex digits (64 bits) of
HMAC-SHA256(key, respondent id), with the id stripped and case-folded so that `S1001` and
` s1001` are the same student. The same key gives the same pseudonym in every run, so
cohorts scored in different terms can be linked by whoever holds the key, and by nobody
else: without the key, trying every student number does not help, because each guess needs
the key. Lose the key and the pseudonyms can no longer be linked to anyone; share it and
they can. Nothing is sent anywhere: the hash is computed on this machine.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

KEY_VARIABLE = "KOMPETENS_PSEUDONYM_KEY"
MIN_KEY_BYTES = 16
MAX_KEY_FILE_BYTES = 64 * 1024
PREFIX = "p-"
DIGITS = 16


class PseudonymKeyError(Exception):
    """No usable key: the message says how to provide one."""


KEY_HELP = (
    f"set the environment variable {KEY_VARIABLE} or pass --key-file FILE; make a key once "
    'with: python -c "import secrets; print(secrets.token_urlsafe(32))" > pseudonym.key '
    "(keep it safe and out of shared folders: it links pseudonyms to students)"
)


def load_key(key_file: Path | None, environ: Mapping[str, str] | None = None) -> bytes:
    """The pseudonymisation key from `key_file`, else from the environment."""
    env = os.environ if environ is None else environ
    if key_file is not None:
        try:
            raw = key_file.read_bytes()[: MAX_KEY_FILE_BYTES + 1]
        except OSError as exc:
            raise PseudonymKeyError(
                f"cannot read the key file {key_file}: {exc.strerror or exc}"
            ) from exc
        if len(raw) > MAX_KEY_FILE_BYTES:
            raise PseudonymKeyError(f"the key file {key_file} is too large to be a key")
        key = raw.strip()
        source = str(key_file)
    else:
        text = env.get(KEY_VARIABLE)
        if not text:
            raise PseudonymKeyError("--pseudonymize needs a key: " + KEY_HELP)
        key = text.strip().encode("utf-8")
        source = KEY_VARIABLE
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(
            f"the key in {source} is too short ({len(key)} bytes); use at least "
            f"{MIN_KEY_BYTES} random characters: " + KEY_HELP
        )
    return key


def normalise(respondent: str) -> str:
    return " ".join(respondent.casefold().split())


class Pseudonymizer:
    """`pseudonymizer("s1001")` → `p-3f0c…`; stable for a key, unlinkable without it."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, respondent: str) -> str:
        digest = hmac.new(self._key, normalise(respondent).encode("utf-8"), hashlib.sha256)
        return PREFIX + digest.hexdigest()[:DIGITS]
