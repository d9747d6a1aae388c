"""What every ``practice`` command group shares: the context object, the output helpers, the exit
codes and the one wording of "in which repository". Each ``cli_<area>`` module imports this one
and registers its commands on the main group (:mod:`.cli`); none imports another.

Exit codes: 0 ok, 1 error, 2 usage or vault errors, 3 refused (lock not granted / not ours, a
step out of order, not allowed), 4 watchdog diff flagged.
"""

import contextlib
import json
import os
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .rpc import PracticeError, PracticeRPC

EXIT_REFUSED = 3
EXIT_FLAGGED = 4

err_console = Console(stderr=True, soft_wrap=True, highlight=False)


def print_table(columns, rows, title=None):
    """A rich table on a terminal; plain tab-separated lines otherwise (pipes, files, agents:
    nothing cut at 80 columns)."""
    rows = [[("" if v is None or v is False else str(v)) for v in row] for row in rows]
    if sys.stdout.isatty():
        table = Table(*columns, title=title)
        for row in rows:
            table.add_row(*row)
        Console(highlight=False).print(table)
        return
    if title:
        click.echo(f"{title}:")
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join(row))


def print_fields(data, keys=None):
    """``key: value`` lines of a result dict (None/False shown as '-')."""
    for key in keys or sorted(data):
        if key in data:
            value = data[key]
            if value is None or value is False:
                value = "-"
            elif isinstance(value, (dict, list)):
                value = json.dumps(value, sort_keys=True, default=str)
            click.echo(f"{key}: {value}")


def print_markdown(result):
    """A ``{"markdown": ...}`` answer as it is (one newline at the end)."""
    markdown = result["markdown"] if isinstance(result, dict) else result
    click.echo(markdown, nl=not markdown.endswith("\n"))


def refused(message):
    """A refusal (lock not granted, not ours, not allowed): one line on stderr, exit 3."""
    err_console.print(f"[red]refused:[/red] {escape(str(message))}")
    sys.exit(EXIT_REFUSED)


def in_repo(answer):
    """`` in REPO`` when the server's answer names its repository (every lock, vault, SOP and
    memory answer does): an agent reading "free" or "granted" knows where."""
    repo = answer.get("repo") if isinstance(answer, dict) else None
    return f" in {repo}" if repo else ""


UNKNOWN_SESSION = "Unknown session "  # the server's refusal of a session id it has no log of


class Ctx:
    def __init__(self, settings, as_json):
        self.settings = settings
        self.as_json = as_json
        self.timeout = 60  # seconds per server call (hooks: PRACTICE_HOOK_TIMEOUT)
        self.deadline = None  # a hook's whole time budget (PRACTICE_HOOK_BUDGET), time.monotonic()
        self._rpc = None

    @property
    def rpc(self):
        if self._rpc is None:
            self._rpc = PracticeRPC(self.settings)
            self._rpc.timeout = self.timeout
            self._rpc.deadline = self.deadline
        return self._rpc

    def call(self, model, method, *args, **kwargs):
        try:
            return self.rpc.call(model, method, *args, **kwargs)
        except PracticeError as err:
            session_id = kwargs.get("session_id")
            if not (session_id and UNKNOWN_SESSION in str(err) and self.open_pending_log(session_id)):
                raise
            return self.rpc.call(model, method, *args, **kwargs)

    @contextlib.contextmanager
    def past_deadline(self):
        """Calls that finish what already happened (a dropped sandbox's record) made even when
        the hook's time budget is spent: the per-call timeout still bounds each."""
        saved, self.deadline = self.deadline, None
        if self._rpc is not None:
            self._rpc.deadline = None
        try:
            yield
        finally:
            self.deadline = saved
            if self._rpc is not None:
                self._rpc.deadline = saved

    def open_pending_log(self, session_id):
        """The session log of ``session_id`` that its session-start left pending (the server did
        not answer then), opened now from this work tree's hook state; whether it was."""
        from . import hook_prompt, hooks  # the hooks' state: only on this rare path

        context = hooks.HookContext({"session_id": session_id, "cwd": os.getcwd()}, self.rpc.call)
        state = context.load_state()
        if not state.get(hook_prompt.PENDING_LOG):
            return False
        problem = hook_prompt.open_log(context, session_id, state)
        context.save_state(state)
        return problem is None

    def call_refusing(self, model, method, *args, codes=None, **kwargs):
        """One call where the server's refusal (an error it raised on purpose: a UserError,
        an AccessError...; only ``codes`` when given) is exit 3 with its message; a connection
        failure stays an error (exit 1)."""
        try:
            return self.call(model, method, *args, **kwargs)
        except PracticeError as err:
            if err.code is not None and (codes is None or err.code in codes):
                refused(str(err))
            raise

    def call_lock(self, method, *args, **kwargs):
        """A practice.lock call where an AccessError (another user's lock, not a Manager) is a
        refusal like any other: exit 3, the server's message on stderr."""
        return self.call_refusing(
            "practice.lock", method, *args, codes=(PracticeError.ACCESS_ERROR,), **kwargs
        )

    def emit(self, data, human=None):
        """JSON on stdout with --json; otherwise the human rendering (or JSON when there is none)."""
        if self.as_json or human is None:
            click.echo(json.dumps(data, indent=2, sort_keys=True, default=str))
        else:
            human(data)


pass_ctx = click.make_pass_decorator(Ctx)
