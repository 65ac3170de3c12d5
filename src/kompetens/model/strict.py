"""The one base of every document model: strict types and no unknown keys.

Strict, because YAML's guesses must not pass silently (`1.10` is not `1.1`, `no` is not
`False`); no unknown keys, because a misspelt key would otherwise drop content without a
word. A framework is also frozen: it is read once and shared by every view of it, while a
result is built up answer by answer.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class FrozenModel(StrictModel):
    model_config = ConfigDict(frozen=True)
    """Merged with the base's configuration by pydantic: strict, no unknown keys, frozen."""
