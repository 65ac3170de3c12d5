"""The offline self-assessment form: the whole assessment as one HTML file.

Many students never open a terminal, but they open files their teacher shares. `build_form`
writes one self-contained page (inline CSS and JavaScript, the framework, the chosen levels
and the interface texts of all three languages embedded as JSON) that runs the same
assessment as `assess`, keeps every keystroke in the browser's localStorage, shows the
report and downloads a result file that `report`, `score` and `assess --resume` read.

The page loads nothing and sends nothing: a Content-Security-Policy with `default-src
'none'` forbids every network request, and the one script is allowed by its hash. The
scoring rules are JavaScript in the page; the constants below come from `scoring.py`, and a
browser test compares every number the page shows with `scoring.py` on the downloaded file.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict

from kompetens import __version__
from kompetens.assessment.scoring import (
    ASSESSABLE_SHARE,
    DEVELOPING_WITHIN,
    MEETS_WITHIN,
    NEAR_WITHIN,
    TOP_N,
)
from kompetens.assessment.textcaps import MAX_NAME, MAX_NOTE, MAX_REFLECTION
from kompetens.assessment.wording import third_person
from kompetens.framework.catalog import resource_dir
from kompetens.framework.fingerprint import fingerprint
from kompetens.model import ASSESSOR_ROLES, Framework, localize
from kompetens.text.i18n import catalogue
from kompetens.text.language import INTERFACE_LANGUAGES

FORM_DOMAIN = "form"
CLI_KEYS = "form.cli."
"""Catalogue keys for the command line only; they are not embedded in the page."""


class UnknownLevelError(LookupError):
    def __init__(self, level: str, known: Sequence[str]) -> None:
        self.level = level
        self.known = list(known)
        super().__init__(level)


FrameworkJson = dict[str, Any]
"""The framework as `Framework.model_dump(mode="json")` writes it: the page reads the same
document that the JSON Schema in schemas/ describes, so it is not restated as a type."""


class FormRules(TypedDict):
    """The scoring constants of `assessment.scoring` that the page's JavaScript applies."""

    meets_within: float
    near_within: float
    developing_within: float
    assessable_share: float
    top_n: int


class FormLimits(TypedDict):
    note: int
    reflection: int
    name: int


class EarlierLevel(TypedDict):
    """What an archived version asked at a level, and which of those carry over."""

    asked: list[str]
    carried: list[str]


class FormData(TypedDict):
    """Everything embedded in the page as JSON (read by `templates/form.html.j2`'s script)."""

    format: int
    generator: str
    roles: list[str]
    third_person: dict[str, dict[str, str]]
    earlier_versions: dict[str, dict[str, EarlierLevel]]
    framework: FrameworkJson
    fingerprint: str
    levels: list[str]
    rules: FormRules
    limits: FormLimits
    messages: dict[str, dict[str, str]]
    initial_language: NotRequired[str]
    """The interface language the page opens in (`build_form`)."""


def opening_language(framework: Framework, requested: str | None) -> str:
    """The interface language the page opens in: `--lang`, `KOMPETENS_LANG`, the locale,
    then the framework's default, among the languages both the framework and the page speak."""
    from kompetens.text.language import resolve_language

    languages = [x for x in framework.languages if x in INTERFACE_LANGUAGES] or ["en"]
    default = (
        framework.default_language if framework.default_language in languages else languages[0]
    )
    return resolve_language(requested, languages, default)


def _page_messages() -> dict[str, dict[str, str]]:
    """The `form` and `report` texts in every interface language, English filling gaps."""
    texts: dict[str, dict[str, str]] = {}
    for language in INTERFACE_LANGUAGES:
        merged: dict[str, str] = {}
        for domain in (FORM_DOMAIN, "report"):
            merged.update(catalogue(domain, "en"))
            merged.update(catalogue(domain, language))
        texts[language] = {k: v for k, v in merged.items() if not k.startswith(CLI_KEYS)}
    return texts


def form_data(framework: Framework, levels: Sequence[str]) -> FormData:
    """Everything the page needs, as plain JSON: framework, levels, rules, texts."""
    for level in levels:
        if level not in framework.level_ids:
            raise UnknownLevelError(level, framework.level_ids)
    chosen = list(dict.fromkeys(levels)) or list(framework.level_ids)
    document = framework.model_dump(mode="json", exclude_none=True)
    document["levels"] = [lvl for lvl in document["levels"] if lvl["id"] in chosen]
    for area in document["areas"]:
        for component in area["components"]:
            component["statements"] = [
                s for s in component["statements"] if set(s["levels"]) & set(chosen)
            ]
            for per_level in ("descriptors", "level_guidance"):
                component[per_level] = {
                    k: v for k, v in component.get(per_level, {}).items() if k in chosen
                }
    return {
        "format": 1,
        "generator": f"kompetens {__version__}",
        "roles": list(ASSESSOR_ROLES),
        "third_person": third_person_texts(document),
        "earlier_versions": _earlier_versions(framework, chosen),
        "framework": document,
        "fingerprint": fingerprint(framework),
        "levels": chosen,
        "rules": {
            "meets_within": MEETS_WITHIN,
            "near_within": NEAR_WITHIN,
            "developing_within": DEVELOPING_WITHIN,
            "assessable_share": ASSESSABLE_SHARE,
            "top_n": TOP_N,
        },
        "limits": {"note": MAX_NOTE, "reflection": MAX_REFLECTION, "name": MAX_NAME},
        "messages": _page_messages(),
    }


def third_person_texts(document: FrameworkJson) -> dict[str, dict[str, str]]:
    """Per statement id and language, the statement as a mentor, teacher or peer sees it.

    The page shows these when someone else rates the student; they are generated here by
    `kompetens.assessment.wording`, exactly as `assess --role` words them, so that the two never differ
    and the page carries no wording rules of its own."""
    texts: dict[str, dict[str, str]] = {}
    for area in document["areas"]:
        for component in area["components"]:
            for statement in component["statements"]:
                texts[statement["id"]] = {
                    language: third_person(text, language)
                    for language, text in statement["text"].items()
                }
    return texts


def _earlier_versions(
    framework: Framework, levels: Sequence[str]
) -> dict[str, dict[str, EarlierLevel]]:
    """For each archived built-in version of this framework: per level, the statements it
    asked and those that carry over, so the page compares a baseline made with it exactly as
    `kompetens report --baseline` does (`kompetens.assessment.baseline`)."""
    from kompetens.framework.catalog import archived_frameworks
    from kompetens.framework.diff import diff_frameworks
    from kompetens.framework.validation import load_framework

    found: dict[str, dict[str, EarlierLevel]] = {}
    for (framework_id, version), path in archived_frameworks().items():
        if framework_id != framework.id or version == framework.version:
            continue
        older, _ = load_framework(path)
        if older is None:
            continue
        verdicts = {v.level: v for v in diff_frameworks(older, framework).verdicts}
        found[version] = {
            level: {
                "asked": [s.id for s in older.statements_for(level)],
                "carried": list(verdicts[level].carried),
            }
            for level in levels
            if level in older.level_ids and level in verdicts
        }
    return found


def _script_json(data: Any) -> str:
    """JSON that cannot end its `<script>` element early, whatever the framework says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _read_template(name: str) -> str:
    return (resource_dir("templates") / name).read_text(encoding="utf-8")


def content_security_policy(script: str) -> str:
    """No network at all; the page's own script by its hash, inline styles allowed."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'"
    )


def build_form(framework: Framework, levels: Sequence[str], language: str) -> str:
    """The form as HTML text, opening in `language` (the student can switch at any time).

    `levels` empty means every level of the framework; the student then chooses one.
    Raises `UnknownLevelError` for a level the framework does not have.
    """
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup

    if language not in INTERFACE_LANGUAGES:
        language = "en"
    data = form_data(framework, levels)
    data["initial_language"] = language
    script = _read_template("partials/form.js")
    if "</script" in script.lower():  # pragma: no cover - a guard for whoever edits form.js
        raise ValueError("form.js must not contain '</script'")
    styles = _read_template("partials/report.css") + "\n" + _read_template("partials/form.css")
    env = Environment(
        autoescape=select_autoescape(default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    page = env.from_string(_read_template("form.html.j2"))
    texts = data["messages"]
    return page.render(
        language=language,
        title=localize(framework.title, language, framework.default_language),
        heading=texts[language]["form.title"],
        noscript=[(lang, texts[lang]["form.noscript"]) for lang in _languages_first(language)],
        csp=content_security_policy(script),
        styles=Markup(styles),
        script=Markup(script),
        data=Markup(_script_json(data)),
        version=__version__,
    )


def _languages_first(language: str) -> list[str]:
    return [language, *(lang for lang in INTERFACE_LANGUAGES if lang != language)]
