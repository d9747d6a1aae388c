"""The suite is the bar: the Stop hook's question "is there a green test run for the work tree
as it is now?" (issue 25, item 6). Standard library only; the hook calls :func:`suite_gate`.

A run pushed with ``practice eval push`` records the work tree it ran on: the commit plus a hash
of the uncommitted changes (:func:`.eval_report.tree_state`). When this session changed files in
modules, Stop asks the server (``practice.eval.run.suite_state``) for the latest run on exactly
that state, pushed since the session started, and blocks unless it is green: the reason says
which command runs the suite and how to push it, or names the failing tests of a red run.

Never a trap: ``stop_hook_active`` (the agent already continues because of a Stop hook), at most
``PRACTICE_SUITE_GATE_MAX`` blocks a session (default 2, counted in the hook's session state),
``PRACTICE_SUITE_GATE=0`` turns it off on this machine, the repository's switch ("Stop asks for
a green suite", ``practice.repo.suite_gate``) for everyone; a server without practice_eval, or
any failure to compute the state, reach the server or read its answer lets the stop go on.
"""

import datetime

from . import eval_report

OFF_VALUES = ("0", "false", "no", "off")
DEFAULT_MAX_BLOCKS = 2
COUNTER = "suite_blocks"
MAX_NAMED = 10
MAX_MODULES_NAMED = 10
DEFAULT_TEST_HINT = "your test suite with --junitxml=report.xml"


def gate_on(env):
    return (env.get("PRACTICE_SUITE_GATE") or "1").strip().lower() not in OFF_VALUES


def max_blocks(env):
    """``PRACTICE_SUITE_GATE_MAX`` (default 2; unreadable or negative: the default)."""
    try:
        value = int((env.get("PRACTICE_SUITE_GATE_MAX") or "").strip())
    except ValueError:
        return DEFAULT_MAX_BLOCKS
    return value if value >= 0 else DEFAULT_MAX_BLOCKS


def _since(value):
    """The session's start from the hook state as the server takes it (ISO text), or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:64]
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        moment = datetime.datetime.fromtimestamp(value, datetime.UTC)
        return moment.replace(tzinfo=None).isoformat(timespec="seconds")
    return None


def _missing_eval(error):
    """A server without practice_eval (or too old for suite_state): not our user's problem."""
    text = str(error)
    return "practice.eval.run" in text and (
        "does not exist" in text or "not found" in text.lower() or "has no attribute" in text
    )


def suite_command(env, answer):
    """What runs the suite: ``PRACTICE_TEST_CMD``, else the repository's test command, else a hint."""
    return (
        (env.get("PRACTICE_TEST_CMD") or "").strip()
        or (answer.get("test_command") or "").strip()
        or (DEFAULT_TEST_HINT)
    )


def _modules_text(changed_modules):
    names = sorted({str(m) for m in changed_modules})
    more = len(names) - MAX_MODULES_NAMED
    return ", ".join(names[:MAX_MODULES_NAMED]) + (f" and {more} more" if more > 0 else "")


def block_text(ctx, changed_modules, tree, answer, count, limit):
    """The reason Stop is blocked: what is missing (no run for this work tree, or a red one),
    the command that runs the suite and how to push its report."""
    session = ctx.session_id or "<session id>"
    command = suite_command(ctx.env, answer)
    where = f"commit {(tree.get('commit') or 'none')[:12]}"
    where += " plus its uncommitted changes" if tree.get("tree_hash") else " (no uncommitted changes)"
    steps = (
        f"Run {command}, then push its JUnit report: `practice eval push report.xml --session {session}` "
        "(the report your run wrote; MCP: eval_push)."
    )
    if answer.get("found"):
        failing = [str(name) for name in answer.get("failing") or []][:MAX_NAMED]
        count_failing = answer.get("failing_count") or len(answer.get("failing") or [])
        more = count_failing - len(failing) if isinstance(count_failing, int) else 0
        names = "".join(f"\n  - {name}" for name in failing) + (f"\n  … and {more} more" if more > 0 else "")
        head = (
            f"practice: the suite is red for the work tree as it is now ({where}): test run "
            f"{answer.get('run_id')} has {count_failing} failing test(s):{names or ' (not named)'}\n"
            "Fix them (or say in your answer why they fail and that the work is not done), then run the "
            "suite again and push it. "
        )
    else:
        head = (
            f"practice: this session changed {_modules_text(changed_modules)}, and no test run was pushed "
            f"for the work tree as it is now ({where})"
            f"{' since the session started' if answer.get('since') else ''}. The suite is the bar: "
            "run it before saying you are done. "
        )
    tail = (
        "\nA run counts only for the work tree it ran on (commit plus uncommitted changes): after any "
        "later edit, run and push again."
        f" (Stop check {count} of {limit} this session; PRACTICE_SUITE_GATE=0 or the repository's "
        "'Stop asks for a green suite' turns it off.)\n"
    )
    return head + steps + tail


def suite_gate(ctx, changed_modules, problems=None):
    """None to let the stop go on, or the text of the reason to block it (see the module's doc).

    ``ctx`` is a :class:`.hooks.HookContext`; ``changed_modules`` the modules this session changed
    (empty: nothing to check). Errors never block: an unexpected one is appended to
    ``problems`` (a list, when given) for the caller to log, and the answer is None."""
    if not gate_on(ctx.env) or not changed_modules or ctx.payload.get("stop_hook_active"):
        return None
    if not ctx.session_id or not ctx.in_git:
        return None  # no session state to count blocks in: never block without a bound
    try:
        state = ctx.load_state()
        count = state.get(COUNTER) if isinstance(state.get(COUNTER), int) else 0
        limit = max_blocks(ctx.env)
        if count >= limit:
            return None
        tree = eval_report.tree_state(ctx.root)
        if tree.get("tree_hash") is None:
            return None  # git could not tell the work tree's state
        since = _since(state.get("started_at"))
        answer = ctx.call(
            "practice.eval.run",
            "suite_state",
            repo=ctx.repo,
            commit=tree.get("commit"),
            tree_hash=tree["tree_hash"],
            since=since,
        )
        if not isinstance(answer, dict) or answer.get("suite_gate") is False:
            return None
        if answer.get("found") and answer.get("green"):
            return None
        count += 1
        state[COUNTER] = count
        ctx.save_state(state)
        if ctx.load_state().get(COUNTER) != count:
            return None  # the counter did not stick: blocking could not be bounded
        return block_text(ctx, changed_modules, tree, dict(answer, since=since), count, limit)
    except Exception as err:  # never trap the agent on our failure
        if problems is not None and not _missing_eval(err):
            problems.append(f"suite check: {type(err).__name__}: {' '.join(str(err).split())[:300]}")
        return None
