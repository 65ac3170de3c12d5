"""Related statements must point somewhere: a statement of this framework, or a source
outside it that a CASE consumer can look up."""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.framework.checks.finding import Finding, did_you_mean
from kompetens.model.framework import Framework


def check_related(framework: Framework) -> Iterator[Finding]:
    statements = framework.statement_index
    for ai, area in enumerate(framework.areas):
        for ci, component in enumerate(area.components):
            for si, statement in enumerate(component.statements):
                for ri, related in enumerate(statement.related):
                    loc = ("areas", ai, "components", ci, "statements", si, "related", ri)
                    target = related.statement
                    if target is None:
                        if not (related.identifier or related.uri):
                            yield Finding(
                                loc,
                                "related-target",
                                "a related statement needs `statement` (an id in this "
                                "framework) or the `identifier` or `uri` of one elsewhere",
                            )
                    elif target == statement.id:
                        yield Finding(
                            (*loc, "statement"),
                            "related-self",
                            f"statement '{statement.id}' is related to itself",
                        )
                    elif target not in statements:
                        yield Finding(
                            (*loc, "statement"),
                            "unknown-related",
                            f"related statement '{target}' is not a statement of this "
                            f"framework{did_you_mean(target, statements)}",
                        )
