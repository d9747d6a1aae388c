# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The deploy state machine as a table: which step leads from which state to which."""

STATES = [
    ("draft", "Draft"),
    ("ready", "Ready for Review"),
    ("approved", "Approved"),
    ("dispatched", "Dispatched"),
    ("deployed", "Deployed"),
    ("rolled_back", "Rolled Back"),
    ("verified", "Verified"),
    ("failed", "Failed"),
    ("no_answer", "No Answer"),
]
LABELS = dict(STATES)

# step -> (states it may start from, state it leads to)
TRANSITIONS = {
    "ready": (("draft",), "ready"),
    "back_to_draft": (("ready", "failed", "no_answer"), "draft"),
    "approve": (("ready",), "approved"),
    "dispatch": (("approved",), "dispatched"),
    "fail": (("approved",), "failed"),
    "deployed": (("dispatched", "no_answer"), "deployed"),
    "rolled_back": (("dispatched", "no_answer"), "rolled_back"),
    # no callback within the settings' minutes; an approver re-dispatches with a new key
    "no_answer": (("dispatched",), "no_answer"),
    "redispatch": (("no_answer",), "approved"),
    "verify": (("deployed",), "verified"),
}


class TransitionError(ValueError):
    """A step that the current state does not allow (a skip, or a step taken twice)."""


def target(step, current):
    """The state ``step`` leads to from ``current``; raises :class:`TransitionError`."""
    if step not in TRANSITIONS:
        raise TransitionError(f"unknown deploy step {step!r}")
    sources, goal = TRANSITIONS[step]
    if current not in sources:
        allowed = ", ".join(LABELS[s] for s in sources)
        raise TransitionError(
            f"cannot {step.replace('_', ' ')} a deploy in state {LABELS.get(current, current)} "
            f"(only from: {allowed})"
        )
    return goal


def steps_from(current):
    """Steps allowed from ``current`` (sorted)."""
    return sorted(step for step, (sources, _goal) in TRANSITIONS.items() if current in sources)
