"""Every diagnostic code kompetens emits, in one place, with what it means.

A code is the stable name of a problem (`file:line:col: error [code] …`): scripts filter on it,
CI annotations carry it, `--strict` and lint silences name it. This registry is the list a
user can rely on; docs/diagnostics.md explains each code and how to fix it, and
tests/test_diagnostic_codes.py reads the source tree to check that every code emitted anywhere
is here, and that this registry and the page agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kompetens.framework.diagnostics import Severity

ERROR = (Severity.ERROR,)
WARNING = (Severity.WARNING,)
EITHER = (Severity.ERROR, Severity.WARNING)
"""A code whose severity depends on the input (a draft file is rejected, a draft row only
noted) or, for `more`, on the problems it counts."""

READ = "any command that reads a file"
FRAMEWORK = "validate; any command that loads a framework"
VALIDATE = "validate"
RESULTS = "assess, report, score"
SCORE = "score"
IMPORT = "import"


@dataclass(frozen=True, slots=True)
class DiagnosticCode:
    code: str
    severities: tuple[Severity, ...]
    emitted_by: str
    """The commands that can report it, as docs/diagnostics.md words them."""
    description: str
    """One line: what the problem is (docs/diagnostics.md says more, and how to fix it)."""

    @property
    def severity_text(self) -> str:
        return " or ".join(severity.value for severity in self.severities)


def _code(
    code: str, severities: tuple[Severity, ...], emitted_by: str, description: str
) -> DiagnosticCode:
    return DiagnosticCode(code, severities, emitted_by, description)


_ALL = (
    # Reading a file
    _code("unreadable", ERROR, READ, "the file cannot be opened"),
    _code("too-large", ERROR, READ, "the file is larger than the reader's limit"),
    _code("encoding", ERROR, READ, "the file is not valid UTF-8"),
    _code("yaml-syntax", ERROR, READ, "the file is not valid YAML"),
    _code("yaml-character", ERROR, READ, "a character YAML does not allow"),
    _code("yaml-value", ERROR, READ, "a value YAML reads as a date or a number but cannot build"),
    _code("yaml-key", ERROR, READ, "a mapping key is a list or a mapping, not a plain value"),
    _code("yaml-alias", ERROR, READ, "an alias"),
    _code("yaml-merge-key", ERROR, READ, "a merge key"),
    _code("yaml-tag", ERROR, READ, "a tag such as `!!python/object` is used"),
    _code("duplicate-key", ERROR, READ, "a key appears twice in one mapping"),
    _code("too-deep", ERROR, READ, "mappings and lists are nested more than 100 levels deep"),
    _code("json-syntax", ERROR, READ, "the file is not valid JSON"),
    _code("not-a-mapping", ERROR, READ, "the file is empty, or its top level is not a mapping"),
    # The shape of a framework or result file
    _code("missing", ERROR, READ, "a required key is missing"),
    _code("type", ERROR, READ, "a value has the wrong type"),
    _code("schema", ERROR, READ, "a value breaks a rule of the format"),
    _code("unknown-key", ERROR, READ, "a key the format does not have"),
    # Framework rules
    _code("duplicate-id", ERROR, FRAMEWORK, "an id is used twice"),
    _code(
        "id-prefix",
        ERROR,
        FRAMEWORK,
        "a component or statement id does not start with its parent's id",
    ),
    _code(
        "unknown-level",
        ERROR,
        "validate, assess, report, score; any command that loads a framework",
        "a level that is not declared (framework) or not the framework's (results)",
    ),
    _code("duplicate-level", ERROR, FRAMEWORK, "a statement lists the same level twice"),
    _code(
        "missing-descriptor", ERROR, FRAMEWORK, "a component has no descriptor for a declared level"
    ),
    _code("empty-level", ERROR, FRAMEWORK, "a component has no statements for a declared level"),
    _code(
        "unknown-related",
        ERROR,
        FRAMEWORK,
        "a related statement names an id that is not a statement here",
    ),
    _code("related-self", ERROR, FRAMEWORK, "a statement is related to itself"),
    _code(
        "related-target",
        ERROR,
        FRAMEWORK,
        "a related statement has no `statement`, `identifier` or `uri`",
    ),
    _code("target-out-of-scale", ERROR, FRAMEWORK, "a level's target is outside the scale"),
    _code("scale-order", ERROR, FRAMEWORK, "scale values do not increase"),
    _code(
        "scale-span",
        ERROR,
        FRAMEWORK,
        "the scale spans more than 100 from its lowest to its highest value",
    ),
    _code(
        "unknown-language",
        ERROR,
        FRAMEWORK,
        "the default language is not among the declared languages",
    ),
    _code("missing-translation", WARNING, FRAMEWORK, "a text lacks a declared language"),
    _code(
        "undeclared-language",
        WARNING,
        FRAMEWORK,
        "a text has a language that is not declared in `languages`",
    ),
    # Item writing and terms
    _code("not-first-person", WARNING, VALIDATE, "a statement is not in the first person"),
    _code("long-statement", WARNING, VALIDATE, "a statement has more words than `--max-words`"),
    _code(
        "double-barrel", WARNING, VALIDATE, "a statement joins two verbs with *and* / *och* / *ja*"
    ),
    _code(
        "unknown-silence",
        WARNING,
        VALIDATE,
        "a statement silences a code that is not an item-writing rule",
    ),
    _code(
        "unused-silence",
        WARNING,
        VALIDATE,
        "a statement silences a rule that finds nothing in it any more",
    ),
    _code("glossary-mismatch", WARNING, VALIDATE, "with a glossary"),
    _code("glossary-avoid", WARNING, VALIDATE, "with a glossary"),
    # Result files
    _code("wrong-framework", ERROR, RESULTS, "the result"),
    _code(
        "unknown-framework",
        ERROR,
        "report, score",
        "the result names a framework that is not built in",
    ),
    _code(
        "wrong-version",
        ERROR,
        SCORE,
        "the result was made with another major version of the framework",
    ),
    _code("other-version", EITHER, SCORE, "results of another minor version"),
    _code("wrong-level", ERROR, SCORE, "the result is for another level than the one being scored"),
    _code(
        "unknown-statement",
        ERROR,
        RESULTS,
        "an answer or note names a statement the level does not have",
    ),
    _code(
        "off-scale",
        ERROR,
        RESULTS,
        'a rating not on the scale, or "not applicable" where there is none',
    ),
    _code("draft", EITHER, SCORE, "an unfinished result"),
    _code("bad-time", EITHER, SCORE, "the completion time cannot be read or is out of range"),
    _code("invalid", ERROR, SCORE, "the input is not a result file"),
    # Cohort inputs
    _code("failed", ERROR, SCORE, "an input broke its reader in a way nobody foresaw"),
    _code("duplicate", ERROR, SCORE, "the same respondent appears twice"),
    _code("double-submission", WARNING, SCORE, "one respondent submitted several rows of a table"),
    _code("total-row", WARNING, SCORE, "a total or average row of a spreadsheet is not scored"),
    _code("not-a-table", ERROR, SCORE, "the input is binary or a zip archive but not a workbook"),
    _code("empty", ERROR, SCORE, "the table or sheet has no rows"),
    _code("csv-syntax", ERROR, SCORE, "the CSV cannot be parsed"),
    _code("mixed-encoding", WARNING, SCORE, "a UTF-8 table has a few rows in Windows-1252"),
    _code("table-format", WARNING, SCORE, "how a table was read"),
    _code("header-row", WARNING, SCORE, "the header row was found below the first row"),
    _code(
        "no-sheet",
        ERROR,
        SCORE,
        "the workbook has no such sheet, or none that looks like a survey export",
    ),
    _code(
        "no-statements", ERROR, SCORE, "no column of the table matches a statement of the framework"
    ),
    _code("no-id-column", ERROR, SCORE, "the `--id-column` named is not a column of the table"),
    _code("no-respondent-column", WARNING, SCORE, "the table has no respondent column"),
    _code("no-level", ERROR, SCORE, "no level for the table, or a row's level cell is empty"),
    _code(
        "near-match", WARNING, SCORE, "a header matched a statement's text closely but not exactly"
    ),
    _code("ambiguous-column", ERROR, SCORE, "one header matches two statements"),
    _code("duplicate-column", ERROR, SCORE, "two columns for one statement"),
    _code(
        "unrecognised-column",
        WARNING,
        SCORE,
        "columns that match no statement and no known column are not used",
    ),
    _code(
        "map-unused", WARNING, SCORE, "headers of the `--columns` map that the table does not have"
    ),
    _code("column-map", ERROR, SCORE, "the `--columns` map cannot be used"),
    _code("extra-cells", ERROR, SCORE, "a row has more cells than the header"),
    _code("no-answers", ERROR, SCORE, "a row has no answers at all"),
    # Importing a framework
    _code("case-package", ERROR, IMPORT, "the file is not a CASE package"),
    _code("case-document", ERROR, IMPORT, "the package has no CFDocument object"),
    _code("case-identifier", ERROR, IMPORT, "the CFDocument or an item has no identifier"),
    _code("case-title", ERROR, IMPORT, "the CFDocument has no title"),
    _code("case-items", ERROR, IMPORT, "CFItems is not a list of items"),
    _code("case-item", ERROR, IMPORT, "an item is not a JSON object"),
    _code("case-statement", ERROR, IMPORT, "an item has no fullStatement"),
    _code("case-duplicate", ERROR, IMPORT, "two items share one identifier"),
    _code("case-associations", ERROR, IMPORT, "CFAssociations is not a list"),
    _code(
        "case-association",
        ERROR,
        IMPORT,
        "an association is not an object, or lacks an origin or destination",
    ),
    _code(
        "case-unknown-item",
        ERROR,
        IMPORT,
        "an isChildOf association names a child that is not in the package",
    ),
    _code(
        "case-missing-parent",
        ERROR,
        IMPORT,
        "an item's parent is neither the CFDocument nor an item of the package",
    ),
    _code("case-parents", ERROR, IMPORT, "an item has more than one parent"),
    _code("case-cycle", ERROR, IMPORT, "isChildOf associations form a cycle"),
    _code("case-empty", ERROR, IMPORT, "the package has no items under its CFDocument"),
    _code("case-depth", ERROR, IMPORT, "the items do not form three tiers"),
    _code("import-too-deep", ERROR, IMPORT, "an item stands deeper than any competence framework"),
    _code("import-tiers", ERROR, IMPORT, "`--tiers` asks for a tier the source does not have"),
    _code(
        "import-level-map",
        ERROR,
        IMPORT,
        "an item has an educationLevel that `--level-map` does not map",
    ),
    _code(
        "case-unattached", WARNING, IMPORT, "an item has no isChildOf association and is left out"
    ),
    _code("case-version", WARNING, IMPORT, "the document's version is not a semantic version"),
    _code("case-language", WARNING, IMPORT, "the document's language is not a language code"),
    _code("case-defaults", WARNING, IMPORT, "the package has no kompetens data"),
    _code(
        "case-stripped", WARNING, IMPORT, "a package written by kompetens has lost its extensions"
    ),
    _code("case-target", WARNING, IMPORT, "a rubric names no target"),
    _code("case-associations-lost", WARNING, IMPORT, "associations of other types are not kept"),
    _code(
        "case-related-lost",
        WARNING,
        IMPORT,
        "related associations of items that are not statements are not kept",
    ),
    _code(
        "case-fields-lost", WARNING, IMPORT, "item fields kompetens has no place for are not kept"
    ),
    _code(
        "case-document-fields-lost",
        WARNING,
        IMPORT,
        "document fields kompetens has no place for are not kept",
    ),
    _code("case-rubrics-lost", WARNING, IMPORT, "rubrics of another tool are not kept"),
    _code(
        "import-headings",
        WARNING,
        IMPORT,
        "headings above the chosen tiers are not in the framework",
    ),
    _code(
        "import-education-levels",
        WARNING,
        IMPORT,
        "educationLevel values were not made into levels",
    ),
    _code("import-context", WARNING, IMPORT, "statements stand deeper than the sub-area tier"),
    _code(
        "import-stand-in",
        WARNING,
        IMPORT,
        "an area or sub-area with nothing under it became its own child",
    ),
    _code("import-levels", WARNING, IMPORT, "levels were made from educationLevel"),
    _code(
        "moodle-header", ERROR, IMPORT, "the file is empty or not a Moodle competency framework CSV"
    ),
    _code("moodle-csv", ERROR, IMPORT, "the CSV cannot be parsed"),
    _code("moodle-columns", ERROR, IMPORT, "a row has another number of columns than the header"),
    _code(
        "moodle-framework", ERROR, IMPORT, 'no row, or more than one row, has "Is framework" set'
    ),
    _code("moodle-duplicate", ERROR, IMPORT, "an ID number is used twice"),
    _code("moodle-parent", ERROR, IMPORT, "a competency's parent ID number is on no row"),
    _code("moodle-cycle", ERROR, IMPORT, "a competency is its own ancestor"),
    _code("moodle-skipped", WARNING, IMPORT, "a row without an ID number or short name"),
    _code(
        "moodle-scale",
        WARNING,
        IMPORT,
        "no scale, or a scale configuration Moodle did not write; defaults filled in",
    ),
    _code("moodle-taxonomy", WARNING, IMPORT, "the taxonomy terms are not kept"),
    _code(
        "moodle-description-lost",
        WARNING,
        IMPORT,
        "statements whose description holds more than the statement text",
    ),
    _code("moodle-competency-scale", WARNING, IMPORT, "competencies with a scale of their own"),
    _code("moodle-levels", WARNING, IMPORT, "Moodle frameworks have no levels"),
    _code("moodle-rules", WARNING, IMPORT, "competency rules"),
    _code("moodle-related", WARNING, IMPORT, "a cross-referenced ID number is not in the file"),
    _code(
        "moodle-related-lost",
        WARNING,
        IMPORT,
        "cross-references of competencies that are not statements are not kept",
    ),
    # Many problems in one file
    _code("more", EITHER, READ, "more problems in the file than are shown"),
)

CODES: Mapping[str, DiagnosticCode] = MappingProxyType({entry.code: entry for entry in _ALL})

UNREADABLE_CODES = frozenset({"unreadable", "too-large"})
"""An input that could not be read at all: every command exits 2 (a usage problem), not 1
(findings). A file that is read but broken (`encoding`, `yaml-syntax`) is a finding of
`validate`."""

IMPORT_UNREADABLE_CODES = UNREADABLE_CODES | {
    "encoding",
    "json-syntax",
    "too-deep",
    "moodle-header",
}
"""For `import` the file is a source, not the subject of a check: one that is not UTF-8, not
JSON, absurdly nested or not a Moodle CSV at all is the wrong file (exit 2), while a package
that is read but cannot become a framework is a finding (exit 1)."""
