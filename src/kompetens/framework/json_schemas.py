"""JSON Schemas of the documents, generated from the models.

The copies in `schemas/` are what editors use (the built-in framework names one in its
`yaml-language-server` line); a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_document(name: str) -> dict[str, Any]:
    from kompetens.framework.checks.glossary import Glossary
    from kompetens.model import Framework, Result

    models: dict[str, type[BaseModel]] = {
        "framework": Framework,
        "result": Result,
        "glossary": Glossary,
    }
    model = models[name]
    schema = model.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json", **schema}


def schema_text(name: str) -> str:
    return json.dumps(schema_document(name), ensure_ascii=False, indent=2) + "\n"
