"""Framework data written as YAML that a person will go on editing.

Imported frameworks become the designer's source file, so the YAML must read like one
written by hand: keys in the model's order, no empty defaults, whole-number targets without
`.0`, multi-line text as `|` blocks, and every string that YAML 1.1 would read as something
else (`no`, `1.10`, `012`) quoted, which PyYAML's safe dumper does by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml


class _FrameworkDumper(yaml.SafeDumper):
    """Block style everywhere; literal blocks for text with line breaks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the built-in frameworks are written.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """`[fi, sv, en]` on one line for short lists of words (languages, a statement's levels)."""
    flow = bool(value) and all(isinstance(v, str) and len(v) <= 40 and "\n" not in v for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_FrameworkDumper.add_representer(str, _represent_str)
_FrameworkDumper.add_representer(list, _represent_list)


def tidy(value: Any, key: str | None = None) -> Any:
    """Drop `None`, empty lists and empty mappings; `4.0` as `4` (targets are read as floats)."""
    if isinstance(value, dict):
        result = {}
        for k, v in value.items():
            cleaned = tidy(v, str(k))
            if cleaned is None or cleaned == [] or cleaned == {}:
                continue
            result[k] = cleaned
        return result
    if isinstance(value, list):
        return [tidy(item) for item in value]
    if isinstance(value, float) and value.is_integer() and key == "target":
        return int(value)
    return value


def framework_yaml(data: dict[str, Any], header: Sequence[str] = ()) -> str:
    """`data` as YAML text, after `header` comment lines (each written as `# line`)."""
    body = yaml.dump(
        tidy(data),
        Dumper=_FrameworkDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=90,
    )
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return comments + body


__all__ = ["framework_yaml", "tidy"]
