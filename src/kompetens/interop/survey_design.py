"""One entry point for the survey designs (`export --to moodle-feedback|limesurvey|
questions`): the survey that collects one level's self-assessment in one language, so that
its export is scored without a map."""

from __future__ import annotations

from kompetens.interop.notices import Notice
from kompetens.interop.texts import pick
from kompetens.model.framework import Framework
from kompetens.text.i18n import Messages


def survey_design(framework: Framework, kind: str, level: str, language: str) -> tuple[str, Notice]:
    """The file's text and what it is (for the "wrote …" line, in the user's language)."""
    messages = Messages(language)
    default = framework.default_language
    title = messages(
        "tables.design_title",
        framework=pick(framework.title, language, default),
        level=pick(framework.level(level).title, language, default),
    )
    if kind == "moodle-feedback":
        from kompetens.interop.moodle_feedback import to_moodle_feedback_xml

        return to_moodle_feedback_xml(framework, level, language), Notice(
            "tables.design_what_feedback"
        )
    if kind == "limesurvey":
        from kompetens.interop.limesurvey import to_limesurvey_tsv

        return to_limesurvey_tsv(framework, level, language, title), Notice(
            "tables.design_what_limesurvey"
        )
    from kompetens.interop.question_list import to_question_list

    headings = {"title": title, "options": messages("tables.design_options")}
    return to_question_list(framework, level, language, headings), Notice(
        "tables.design_what_questions"
    )
