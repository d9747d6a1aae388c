"""A test run's JUnit report as the client sends it (``practice eval push`` and the MCP
``eval_push`` tool): read locally within the server's limit, with the branch and commit git
knows. No CLI or MCP here: each caller words the error its way."""

import subprocess
from pathlib import Path

MAX_REPORT_BYTES = 5_000_000  # the server's limit (practice_eval/tools/junit.py)


class ReportError(ValueError):
    """The report cannot be sent: unreadable, too big, not UTF-8 (the message names the file)."""


def git_default(*args, cwd=None):
    """``git <args>`` output (stripped) in ``cwd``, or None outside a repository / without git."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value and value != "HEAD" else None


def branch_and_commit(branch=None, commit=None, cwd=None):
    """The given branch and commit, else the current ones of git."""
    return (
        branch or git_default("rev-parse", "--abbrev-ref", "HEAD", cwd=cwd),
        commit or git_default("rev-parse", "HEAD", cwd=cwd),
    )


def read_report(path):
    """The report's text; :class:`ReportError` when it cannot be read, is larger than the
    server accepts, or is not UTF-8."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as err:
        raise ReportError(f"{path}: cannot read it ({err.strerror or err})") from None
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES} bytes, the server's limit")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ReportError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
