# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Per-minute create/delete counters of watched models.

The hooks of :mod:`.practice_watchdog_profile_model` add each ORM call's count to an
in-memory tally of the transaction (``cr.precommit.data``), and one multi-row
``INSERT ... ON CONFLICT DO UPDATE`` writes the tally when the transaction commits: at most
one write per call, usually one per transaction (repeated updates of one row inside a
transaction would otherwise pile up dead tuples). In real-time mode statement-level
PostgreSQL triggers (``tools/counting.py``) write the counters instead. Rows are sharded by ``slot`` (the backend pid modulo
``SLOTS``) so concurrent workers do not queue on one hot row.
"""

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import burst as burst_tools
from ..tools.counting import SLOTS

TALLY_KEY = "practice_watchdog.tally"
BURST_CRON = "practice_watchdog.ir_cron_watchdog_bursts"


class PracticeWatchdogCounter(models.Model):
    _name = "practice.watchdog.counter"
    # a Reader sees the counters of the models they may read only
    _inherit = ["practice.watchdog.access.mixin"]
    _description = "Watchdog Change Counter"
    _order = "minute desc, model"
    _log_access = False
    _rec_name = "model"

    model = fields.Char(required=True, index=True, readonly=True, help="Technical name of the counted model.")
    minute = fields.Datetime(
        required=True, index=True, readonly=True, help="Minute (UTC) the changes fell in."
    )
    slot = fields.Integer(
        default=0, readonly=True, help="Shard of the counter (backend pid modulo 16) to avoid a hot row."
    )
    creates = fields.Integer(readonly=True, aggregator="sum", help="Records created in that minute.")
    deletes = fields.Integer(readonly=True, aggregator="sum", help="Records deleted in that minute.")

    _sql_constraints = [
        (
            "model_minute_slot_unique",
            "unique(model, minute, slot)",
            "One counter row per model, minute and slot.",
        ),
    ]

    # Counters are written by the ORM hooks and triggers (SQL) only.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Watchdog counters are written by the server only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(_("Watchdog counters are written by the server only."))
        return super().write(vals)

    @api.model
    def _tally(self, model_name, creates=0, deletes=0):
        """Count an ORM call's creates/deletes; written once, when the transaction commits."""
        if not (creates or deletes):
            return
        cr = self.env.cr
        tally = cr.precommit.data.get(TALLY_KEY)
        if tally is None:
            tally = cr.precommit.data[TALLY_KEY] = {}
            cr.precommit.add(self._flush_tally)
        minute = fields.Datetime.now().replace(second=0, microsecond=0)
        c, d = tally.get((model_name, minute), (0, 0))
        tally[(model_name, minute)] = (c + creates, d + deletes)

    @api.model
    def _flush_tally(self):
        tally = self.env.cr.precommit.data.pop(TALLY_KEY, None)
        if tally:
            self._bump_many(
                [(model, minute, c, d) for (model, minute), (c, d) in sorted(tally.items())], wake=True
            )

    @api.model
    def _bump(self, model_name, creates=0, deletes=0, minute=None):
        """Add to the counters of ``model_name`` now, in one statement."""
        if creates or deletes:
            minute = (minute or fields.Datetime.now()).replace(second=0, microsecond=0)
            self._bump_many([(model_name, minute, creates, deletes)])

    @api.model
    def _bump_many(self, rows, wake=False):
        """``rows``: ``[(model, minute, creates, deletes)]`` → one INSERT ... ON CONFLICT.

        ``wake`` (the tally of ORM calls): when the deletes of ``rows`` take a window of a
        watched model across its burst threshold, wake the burst cron at once
        (:meth:`_wake_burst_cron`). The window's deletes before these rows are read by the same
        statement (a ``SELECT`` beside the ``INSERT`` in one ``WITH``, which sees the table as
        it was before the insert): still one statement per transaction."""
        values = SQL(", ").join(
            SQL("(%s, %s, mod(pg_backend_pid(), %s), %s, %s)", model, minute, SLOTS, c, d)
            for model, minute, c, d in rows
        )
        insert = SQL(
            "INSERT INTO practice_watchdog_counter AS c (model, minute, slot, creates, deletes) "
            "VALUES %s ON CONFLICT (model, minute, slot) DO UPDATE "
            "SET creates = c.creates + EXCLUDED.creates, deletes = c.deletes + EXCLUDED.deletes",
            values,
        )
        checks = burst_tools.wake_checks(rows, self._burst_rules(), fields.Datetime.now()) if wake else []
        if not checks:
            self.env.cr.execute(insert)
            return False
        windows = SQL(", ").join(
            SQL("(%s, %s, %s::timestamp)", index, model, since)
            for index, (model, since, _threshold, _added) in enumerate(checks)
        )
        self.env.cr.execute(
            SQL(
                "WITH bumped AS (%s) "
                "SELECT w.idx, coalesce(sum(c.deletes), 0) FROM (VALUES %s) AS w(idx, model, since) "
                "LEFT JOIN practice_watchdog_counter c ON c.model = w.model AND c.minute >= w.since "
                "GROUP BY w.idx ORDER BY w.idx",
                insert,
                windows,
            )
        )
        before = [int(deletes) for _idx, deletes in self.env.cr.fetchall()]
        if burst_tools.first_crossing(checks, before) is None:
            return False
        return self._wake_burst_cron()

    @api.model
    def _wake_burst_cron(self):
        """Ask Odoo's cron runner for a run of the burst cron now: ``_trigger`` adds a trigger
        and, after the commit, a NOTIFY that wakes the runner. Raw SQL deletes run no Python
        and never get here: they wait for the cron's own interval."""
        cron = self.env.ref(BURST_CRON, raise_if_not_found=False)
        if not cron:
            return False
        cron.sudo()._trigger()
        return True

    @api.model
    def _burst_rules(self):
        """``{model: ((threshold, window minutes), ...)}`` of the burst rules the cron checks."""
        return self._cached_burst_rules()

    @api.model
    @tools.ormcache()
    def _cached_burst_rules(self):
        # cleared with the registry's cache by every change of a profile or a watched model
        lines = (
            self.env["practice.watchdog.profile.model"]
            .sudo()
            .with_context(active_test=True)
            .search([("profile_id.active", "=", True), ("counting", "!=", "off"), ("burst_deletes", ">", 0)])
        )
        rules = {}
        for line in lines:
            rules.setdefault(line.model_name, set()).add((line.burst_deletes, max(line.burst_window, 1)))
        return {model: tuple(sorted(found)) for model, found in rules.items()}

    @api.model
    def _window_deletes(self, model_name, since):
        """Deletes of ``model_name`` written to the counters from the minute ``since`` on."""
        self.env.cr.execute(
            SQL(
                "SELECT coalesce(sum(deletes), 0) FROM practice_watchdog_counter "
                "WHERE model = %s AND minute >= %s",
                model_name,
                since,
            )
        )
        return int(self.env.cr.fetchone()[0])

    @api.model
    def _totals(self, model_names=None, since=None):
        """``{model: (creates, deletes)}`` summed over slots and minutes (since ``since``),
        including this transaction's tally."""
        self._flush_tally()
        conditions = [SQL("TRUE")]
        if model_names is not None:
            conditions.append(SQL("model IN %s", tuple(model_names) or ("",)))
        if since is not None:
            conditions.append(SQL("minute >= %s", since))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT model, sum(creates), sum(deletes) FROM practice_watchdog_counter "
                "WHERE %s GROUP BY model",
                SQL(" AND ").join(conditions),
            )
        )
        return {model: (int(c), int(d)) for model, c, d in self.env.cr.fetchall()}

    @api.model
    def _rows_since(self, since):
        """``[(model, minute, creates, deletes)]`` summed over slots, from ``since`` on."""
        self._flush_tally()
        self.env.cr.execute(
            SQL(
                "SELECT model, minute, sum(creates), sum(deletes) FROM practice_watchdog_counter "
                "WHERE minute >= %s GROUP BY model, minute ORDER BY model, minute",
                since,
            )
        )
        return [(m, minute, int(c), int(d)) for m, minute, c, d in self.env.cr.fetchall()]

    @api.model
    def _gc(self, before):
        self.env.cr.execute(SQL("DELETE FROM practice_watchdog_counter WHERE minute < %s", before))
        return self.env.cr.rowcount
