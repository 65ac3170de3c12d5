"""Parsing a result file fast: JSON, and YAML as plainly as it is written.

YAML that `assess` writes is read a line at a time (`plain_yaml`); other YAML is built
straight from libyaml's node tree with the safe constructor's own scalar functions. JSON is
parsed by `json`. Anything the fast readers do not take as certainly what `yaml.safe_load`
or the exact reader would make of it — anchors, aliases, merge keys, other tags, duplicate
keys — raises `Unusual`, and the caller leaves the file to the exact reader.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any, cast

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kompetens.cohort.fast_json import Unusual, unique_pairs
from kompetens.cohort.plain_yaml import SCALARS, TAG, plain_yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable) or key in mapping:
                raise Unusual
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def fast_yaml(text: str) -> Any:
    """The data of a YAML text as `FastLoader` constructs it, built straight from the
    node tree: the same constructor functions for scalars, plain dicts (duplicate keys
    refused) and lists, without the general machinery's bookkeeping per node (aliases,
    recursion, tags of every kind), which costs about as much as parsing. Anything else
    (other tags, anchors, aliases, merge keys) is unusual."""
    if "&" in text or "*" in text or "<<" in text:
        raise Unusual
    data = plain_yaml(text)  # what `assess` writes, a line at a time
    if data is not None:
        return data
    loader = FastLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(loader, node)
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: Node) -> Any:
    kind = node.__class__
    if kind is ScalarNode:
        construct = SCALARS.get(node.tag)
        if construct is None:
            raise Unusual
        return construct(loader, cast(ScalarNode, node))
    if kind is MappingNode and node.tag == TAG + "map":
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(loader, key_node)
            if not isinstance(key, Hashable) or key in mapping:
                raise Unusual
            mapping[key] = _build(loader, value_node)
        return mapping
    if kind is SequenceNode and node.tag == TAG + "seq":
        return [_build(loader, item) for item in node.value]
    raise Unusual


def fast_parse(text: str, file: str) -> Any:
    if file.lower().endswith(".json"):
        return json.loads(text, object_pairs_hook=unique_pairs)
    if "&" in text or "*" in text or "<<" in text:
        raise Unusual
    loader = FastLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


__all__ = ["FastLoader", "Unusual", "fast_parse", "fast_yaml", "unique_pairs"]
