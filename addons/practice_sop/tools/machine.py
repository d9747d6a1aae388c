# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The state machine of SOP runs and their steps, as tables and checks.

Steps: pending -> in_progress -> completed | skipped (pending may go straight to completed or
skipped). Completed and skipped are final. A step moves only when every earlier step is
completed or skipped (steps are done in order); skipping needs a reason.
Runs: draft -> running -> completed | aborted (draft may be aborted too). Completing needs
every step completed or skipped; aborting needs a reason.
"""

from odoo.addons.practice_base.tools import guard

STEP_STATES = ("pending", "in_progress", "completed", "skipped")
STEP_DONE = ("completed", "skipped")
STEP_TRANSITIONS = {
    "pending": ("in_progress", "completed", "skipped"),
    "in_progress": ("completed", "skipped"),
    "completed": (),
    "skipped": (),
}
RUN_STATES = ("draft", "running", "completed", "aborted")
RUN_TRANSITIONS = {
    "draft": ("running", "aborted"),
    "running": ("completed", "aborted"),
    "completed": (),
    "aborted": (),
}
MAX_REASON = 2000
MAX_RESULT = 20000


class TransitionError(ValueError):
    """A refused transition; the message says which and why."""


def text(value, name, limit, required=False):
    """``value`` stripped, at most ``limit`` characters (``""`` for None/False/empty unless
    ``required``): :func:`guard.parse_optional_text`, the one text check, for the SOP arguments
    (steps and runs alike)."""
    if required and (value in (None, False) or (isinstance(value, str) and not value.strip())):
        raise TransitionError(f"{name} is required.")
    try:
        return guard.parse_optional_text(value, name, limit)
    except guard.InputError as err:
        raise TransitionError(str(err)) from None


def check_step(run_state, sequence, current, target, earlier_states, reason="", result=""):
    """Check moving step ``sequence`` from ``current`` to ``target``; ``earlier_states`` are the
    states of the steps before it. Returns ``(result, reason)`` cleaned, or raises."""
    if target not in STEP_STATES:
        raise TransitionError(f"state must be one of {', '.join(STEP_STATES[1:])}, got {str(target)[:40]!r}")
    result = text(result, "result", MAX_RESULT)
    reason = text(reason, "reason", MAX_REASON)
    if run_state != "running":
        raise TransitionError(
            f"step {sequence}: the run is {run_state}, steps change only while it is running"
        )
    if target not in STEP_TRANSITIONS[current]:
        raise TransitionError(f"step {sequence} cannot go from {current} to {target}")
    waiting = [state for state in earlier_states if state not in STEP_DONE]
    if waiting:
        raise TransitionError(
            f"step {sequence}: {len(waiting)} earlier step(s) are not completed or skipped (steps are done in order)"
        )
    if target == "skipped" and not reason:
        raise TransitionError(f"step {sequence}: skipping needs a reason")
    return result, reason


def check_run(current, target, step_states, reason=""):
    """Check moving a run from ``current`` to ``target``. Returns the cleaned reason, or raises."""
    if target not in RUN_STATES:
        raise TransitionError(f"state must be one of completed, aborted, got {str(target)[:40]!r}")
    reason = text(reason, "reason", MAX_REASON)
    if target not in RUN_TRANSITIONS[current]:
        article = "an" if current[0] in "aeiou" else "a"
        raise TransitionError(f"{article} {current} run cannot become {target}")
    if target == "completed":
        open_steps = [str(seq) for seq, state in step_states if state not in STEP_DONE]
        if open_steps:
            raise TransitionError(
                f"every step must be completed or skipped first (open: {', '.join(open_steps)})"
            )
    if target == "aborted" and not reason:
        raise TransitionError("aborting a run needs a reason")
    return reason
