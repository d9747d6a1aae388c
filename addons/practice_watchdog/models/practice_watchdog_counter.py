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

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.counting import SLOTS

TALLY_KEY = "practice_watchdog.tally"


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
            self._bump_many([(model, minute, c, d) for (model, minute), (c, d) in sorted(tally.items())])

    @api.model
    def _bump(self, model_name, creates=0, deletes=0, minute=None):
        """Add to the counters of ``model_name`` now, in one statement."""
        if creates or deletes:
            minute = (minute or fields.Datetime.now()).replace(second=0, microsecond=0)
            self._bump_many([(model_name, minute, creates, deletes)])

    @api.model
    def _bump_many(self, rows):
        """``rows``: ``[(model, minute, creates, deletes)]`` → one INSERT ... ON CONFLICT."""
        values = SQL(", ").join(
            SQL("(%s, %s, mod(pg_backend_pid(), %s), %s, %s)", model, minute, SLOTS, c, d)
            for model, minute, c, d in rows
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO practice_watchdog_counter AS c (model, minute, slot, creates, deletes) "
                "VALUES %s ON CONFLICT (model, minute, slot) DO UPDATE "
                "SET creates = c.creates + EXCLUDED.creates, deletes = c.deletes + EXCLUDED.deletes",
                values,
            )
        )

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
