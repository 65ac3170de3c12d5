"""Limits for a user's own template: what it may read, how long it may run, how much it
may write.

A template given with `report --template` may come from anyone (a course page, a
classmate), so it is treated like a program from the internet:

- it may include or extend only files in its own folder (no hidden files, no symbolic
  links that lead out of the folder) and the built-in templates under `kompetens/`;
- `**` and `*` are checked before they run, so `10**(10**9)` or `'a' * 4000000000` is a
  clear error at once instead of minutes of work or gigabytes of memory;
- where the platform can fork (Linux, macOS), it is rendered in a child process with a
  time limit (`TIME_LIMIT` seconds of wall-clock time) and a memory limit (`MEMORY_LIMIT`
  bytes more than the parent uses); a nested loop is stopped and reported;
- its output may not exceed `OUTPUT_LIMIT` characters.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kompetens.report.errors import ReportTemplateError

TIME_LIMIT = 10.0
"""Seconds a user's template may take to render."""
MEMORY_LIMIT = 512 * 1024 * 1024
"""Bytes of memory a rendering may use beyond what the program already uses."""
OUTPUT_LIMIT = 50_000_000
"""Characters a rendered report may have (a real report is well under 1 MB)."""
MAX_POWER_BITS = 100_000
"""Largest result of `**` in bits (about 30,000 digits)."""


class ConfinedLoader(FileSystemLoader):
    """Templates from one folder only: no hidden files, nothing reached through a link that
    leads out of the folder, nothing that is not a regular file."""

    def __init__(self, folder: Path, named: str | None = None) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()
        self.named = named
        """The template the user named with --template: allowed even if it is hidden."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template == self.named:
            return super().get_source(environment, template)
        parts = template.replace("\\", "/").split("/")
        if any(part.startswith(".") and part != ".." for part in parts):
            raise SecurityError(f"'{template}' is a hidden file; it cannot be included")
        path = (self.folder / template).resolve()
        if ".." in parts or not path.is_relative_to(self.folder):
            raise SecurityError(
                f"'{template}' leads out of the template's folder; only files beside the "
                "template and the built-in templates (kompetens/…) can be included"
            )
        if not path.is_file():
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with `**` and `*` checked before they run."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_repeat(left, right)
        return super().call_binop(context, operator, left, right)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_power(base: Any, exponent: Any) -> None:
    """Refuse an integer power whose result would have more than MAX_POWER_BITS bits (a
    float power overflows to an error by itself)."""
    if (
        _is_int(base)
        and _is_int(exponent)
        and abs(base) > 1
        and abs(base).bit_length() * exponent > MAX_POWER_BITS
    ):
        raise SecurityError(f"{base} ** {exponent} is too large a number")


def _check_repeat(left: Any, right: Any) -> None:
    for sequence, count in ((left, right), (right, left)):
        if (
            isinstance(sequence, (str, list, tuple, bytes))
            and _is_int(count)
            and len(sequence) * count > OUTPUT_LIMIT
        ):
            raise SecurityError(
                f"repeating {len(sequence):,} items {count:,} times would exceed the "
                f"output limit of {OUTPUT_LIMIT:,} characters"
            )


def deadline() -> float:
    """When a rendering that starts now must be done (`time.monotonic()`)."""
    return time.monotonic() + TIME_LIMIT


def too_slow() -> ReportTemplateError:
    return ReportTemplateError(
        f"the template was stopped: rendering took longer than {TIME_LIMIT:g} seconds "
        "(a loop inside a loop?)"
    )


def memory_error() -> ReportTemplateError:
    return ReportTemplateError(
        f"the template was stopped: it needed more than {MEMORY_LIMIT // 2**20} MB of memory"
    )


def collect_output(chunks: Any, deadline: float | None) -> str:
    """The rendered text, stopped at the output limit (and the deadline, where there is
    no child process to be stopped from outside)."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > OUTPUT_LIMIT:
            raise SecurityError(f"the report would be longer than {OUTPUT_LIMIT:,} characters")
        if deadline is not None and time.monotonic() > deadline:
            raise too_slow()
        parts.append(chunk)
    return "".join(parts)


def _can_fork() -> bool:
    import multiprocessing

    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:  # noqa: PTH123
            used = int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        used = 1024 * 1024 * 1024
    limit = used + MEMORY_LIMIT
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    seconds = int(TIME_LIMIT) + 2
    if cpu_hard == resource.RLIM_INFINITY or cpu_hard > seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, cpu_hard))


def run_limited(render: Callable[[], str]) -> str:
    """`render()` in a forked child with time and memory limits; its text, or its
    `ReportTemplateError`. Without fork, in this process (output and time are counted)."""
    if not _can_fork():
        return render()
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        receiver.close()
        try:
            _limit_memory()
            outcome: tuple[str, Any, Any, Any] = ("ok", render(), None, None)
        except ReportTemplateError as exc:
            refused = isinstance(exc.__cause__, SecurityError)
            outcome = ("refused" if refused else "error", exc.message, exc.file, exc.line)
        except MemoryError:
            outcome = ("memory", None, None, None)
        except BaseException as exc:
            outcome = ("error", f"{type(exc).__name__}: {exc}", None, None)
        try:
            sender.send(outcome)
        except MemoryError:
            sender.send(("memory", None, None, None))
        finally:
            sender.close()
            sys.stdout.flush()
            os._exit(0)

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(TIME_LIMIT + 0.5):
            raise too_slow()
        file = line = None
        try:
            kind, value, file, line = receiver.recv()
        except (EOFError, OSError):  # the child was stopped by one of its limits
            process.join()
            kind, value = ("time" if process.exitcode == -signal.SIGXCPU else "memory"), None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if kind == "ok":
        return str(value)
    if kind == "time":
        raise too_slow()
    if kind == "memory":
        raise memory_error()
    error = ReportTemplateError(str(value), file=file, line=line)
    if kind == "refused":
        raise error from SecurityError(str(value))
    raise error
