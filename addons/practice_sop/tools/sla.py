# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA arithmetic of SOP runs: targets per severity, due time, met / missed / running.

Every function takes the moment it judges (``now``) explicitly: no clock is read here.
Datetimes are naive UTC (Odoo's convention).
"""

from datetime import datetime, timedelta

SEVERITIES = ("critical", "high", "medium", "low")
# defaults of the settings: critical 15 min, high 60 min, medium 1 day, low 1 week
DEFAULT_MINUTES = {"critical": 15, "high": 60, "medium": 24 * 60, "low": 7 * 24 * 60}
MAX_MINUTES = 366 * 24 * 60  # a year: targets beyond it are typos


class SlaInputError(ValueError):
    """A bad severity or SLA target (the message names the value)."""


def check_severity(severity):
    """``severity`` when it is one of :data:`SEVERITIES`, else :class:`SlaInputError`."""
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise SlaInputError(f"severity must be one of {', '.join(SEVERITIES)}, got {str(severity)[:40]!r}")
    return severity


def target_minutes(severity, configured=None):
    """SLA target of ``severity`` in minutes: ``configured[severity]`` when it is a positive whole
    number up to a year, else the default (a bad setting never blocks a run)."""
    check_severity(severity)
    value = (configured or {}).get(severity)
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_MINUTES[severity]
    if isinstance(value, bool) or minutes <= 0 or minutes > MAX_MINUTES:
        return DEFAULT_MINUTES[severity]
    return minutes


def due_at(started_at, minutes):
    """When a run started at ``started_at`` with a target of ``minutes`` is due."""
    if not isinstance(started_at, datetime):
        raise SlaInputError("started_at must be a datetime")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise SlaInputError(f"minutes must be a positive whole number, got {minutes!r}")
    return started_at + timedelta(minutes=minutes)


def status(due, ended_at=None, now=None):
    """``"met"`` (ended by the due time), ``"missed"`` (ended late, or still open past it) or
    ``"running"`` (open, due time not reached at ``now``). An open run needs ``now``."""
    if not due:
        return "running"
    if ended_at:
        return "met" if ended_at <= due else "missed"
    if not now:
        raise SlaInputError("now is required to judge an open run")
    return "running" if now <= due else "missed"


def duration_minutes(started_at, ended_at):
    """Whole minutes (rounded half up) between start and end; 0 when either is missing."""
    if not started_at or not ended_at:
        return 0
    seconds = (ended_at - started_at).total_seconds()
    return max(0, int(seconds // 60 + (1 if seconds % 60 >= 30 else 0)))


def remaining_minutes(due, now):
    """Minutes left until ``due`` at ``now`` (negative when overdue), whole minutes toward zero."""
    return int((due - now).total_seconds() / 60)


def badge(sla_status, due=None, now=None, warn_ratio=0.25, minutes=None):
    """Colour of a run's SLA badge: green (met), red (missed), orange (running with less than
    ``warn_ratio`` of the target left), else grey (running)."""
    if sla_status == "met":
        return "success"
    if sla_status == "missed":
        return "danger"
    if due and now and minutes and remaining_minutes(due, now) < minutes * warn_ratio:
        return "warning"
    return "info"


def met_rate(statuses):
    """Share of closed runs that met their SLA, in percent (None without closed runs)."""
    closed = [s for s in statuses if s in ("met", "missed")]
    if not closed:
        return None
    return round(100.0 * sum(1 for s in closed if s == "met") / len(closed), 1)
