# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.practice_base.tools import guard

from ..tools import usage as usage_tools

TOKEN_HELP = "Tokens of the model's API calls in this session (as its transcript counts them)."


class PracticeSessionUsage(models.Model):
    """What one model consumed in one session: its tokens, messages and cost.

    Written only by ``practice.session.log.record_usage()``, which replaces a session's lines
    with the totals its transcript holds; the cost is computed there, from the price valid at
    the session's start (``practice.model.price``), in the company currency.
    """

    _name = "practice.session.usage"
    _description = "Session Usage by Model"
    _inherit = ["practice.guarded.mixin"]
    _order = "session_log_id, cost desc, model_name"
    _rec_name = "model_name"
    _guarded_fields = (
        *usage_tools.ACCEPTED,
        "cost",
        "price_id",
        "currency_id",
    )
    _guarded_immutable = ("session_log_id", "model_name")
    _guarded_actions = "practice.session.log.record_usage()"

    session_log_id = fields.Many2one(
        "practice.session.log",
        string="Session",
        required=True,
        index=True,
        ondelete="cascade",
        help="Session whose API calls these are.",
    )
    model_name = fields.Char(
        string="Model",
        required=True,
        index=True,
        help="Model id as the API answered it, e.g. claude-opus-4-6.",
    )
    input_tokens = fields.Integer(aggregator="sum", help=TOKEN_HELP + " Input not read from the cache.")
    output_tokens = fields.Integer(aggregator="sum", help=TOKEN_HELP + " Output.")
    cache_creation_input_tokens = fields.Integer(
        string="Cache Write Tokens", aggregator="sum", help=TOKEN_HELP + " Written to the prompt cache."
    )
    cache_creation_1h_input_tokens = fields.Integer(
        string="Cache Write Tokens (1 h)",
        aggregator="sum",
        help=TOKEN_HELP + " The part of the cache writes with the 1-hour lifetime.",
    )
    cache_read_input_tokens = fields.Integer(
        string="Cache Read Tokens", aggregator="sum", help=TOKEN_HELP + " Read from the prompt cache."
    )
    messages = fields.Integer(aggregator="sum", help="API responses of the model, each counted once.")
    total_tokens = fields.Integer(
        string="Tokens",
        compute="_compute_total_tokens",
        store=True,
        aggregator="sum",
        help="Input, output, cache write and cache read tokens together.",
    )
    price_id = fields.Many2one(
        "practice.model.price",
        ondelete="set null",
        help="Price the cost was computed with; empty for a model without a price (cost 0).",
    )
    currency_id = fields.Many2one("res.currency", help="Company currency the cost is in (at recording time).")
    cost = fields.Float(
        digits=(16, 4),
        aggregator="sum",
        help="Cost of these tokens in the company currency, from the price valid at the session's start.",
    )
    user_id = fields.Many2one(
        related="session_log_id.user_id", store=True, string="Owner", help="Owner of the session."
    )
    started_on = fields.Date(
        related="session_log_id.started_on", store=True, string="Day", help="Day the session started."
    )

    _sql_constraints = [
        ("model_unique", "unique(session_log_id, model_name)", "A session has one usage line per model."),
        (
            "counts_positive",
            "CHECK(input_tokens >= 0 AND output_tokens >= 0 AND cache_creation_input_tokens >= 0 "
            "AND cache_creation_1h_input_tokens >= 0 AND cache_read_input_tokens >= 0 "
            "AND messages >= 0 AND cost >= 0)",
            "Token counts, messages and cost cannot be negative.",
        ),
    ]

    @api.depends(*usage_tools.COUNTERS)
    def _compute_total_tokens(self):
        for line in self:
            line.total_tokens = min(usage_tools.total_tokens(line._counters()), guard.MAX_INT)

    def _counters(self):
        self.ensure_one()
        return {name: self[name] for name in usage_tools.ACCEPTED}
