"""The one error that rendering raises, kept free of Jinja so that callers can import it
(to catch it) without paying for Jinja's import when no report is rendered."""

from __future__ import annotations


class ReportTemplateError(Exception):
    """A template could not be read, compiled or rendered; the message names file and line.

    Raised instead of Jinja's own exceptions so that the command line can report it without
    importing Jinja, and so that a sandbox refusal reads as a template problem.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        self.message = message
        self.file = file
        self.line = line
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(f"{where}{message}")
