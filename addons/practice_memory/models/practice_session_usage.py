# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.practice_base.tools import guard

from ..tools import cost as cost_tools
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
    repo_id = fields.Many2one(
        related="session_log_id.repo_id",
        store=True,
        index=True,
        string="Repository",
        help="Repository the session worked in.",
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

    # ------------------------------------------------------------------ report
    @api.model
    def report(self, period="today", by="model", repo=None, limit=cost_tools.DEFAULT_ROWS):
        """RPC: what the sessions started in ``period`` cost, grouped ``by`` model, session or
        repository, with the budgets and how far each is spent. The one builder of
        ``practice cost``, the MCP tool ``cost_report`` and the context bundle's budget lines.

        ``period``: ``today``, ``week`` (since Monday) or ``month`` (since the 1st), UTC days of
        the sessions' start. ``repo``: a repository's name or id (None: every repository the
        caller reads). ``limit``: at most this many rows (1 to 200), the most expensive first.

        Returns ``{"period", "date_from", "date_to", "by", "repo", "currency", "totals":
        {"cost", "tokens", "messages", "sessions"}, "rows": [{"key", "label", "cost", "tokens",
        "messages", "sessions", "share"}...], "more", "unpriced", "budgets": [...]}``; costs in
        the company currency (``currency``), ``share`` in percent of the total cost."""
        if not isinstance(period, str) or period not in cost_tools.PERIODS:
            raise UserError(
                _(
                    "Unknown period %(period)s: use %(periods)s.",
                    period=guard.excerpt(period),
                    periods=", ".join(cost_tools.PERIODS),
                )
            )
        if not isinstance(by, str) or by not in cost_tools.GROUPS:
            raise UserError(
                _(
                    "Unknown grouping %(by)s: use %(groups)s.",
                    by=guard.excerpt(by),
                    groups=", ".join(cost_tools.GROUPS),
                )
            )
        limit = self._guard_parse(guard.parse_int, limit, "limit", 1, cost_tools.MAX_ROWS)
        repo_rec = self.env["practice.repo"]._resolve(repo) if repo not in (None, False, "") else None
        today = fields.Date.today()
        date_from, date_to = cost_tools.period_bounds(period, today)
        domain = [("started_on", ">=", date_from), ("started_on", "<=", date_to)]
        if repo_rec:
            domain.append(("repo_id", "=", repo_rec.id))
        company = repo_rec.sudo().company_id if repo_rec and repo_rec.sudo().company_id else self.env.company
        currency = company.currency_id

        def convert(amount, line_currency):
            if line_currency and line_currency != currency:
                return line_currency._convert(amount or 0.0, currency, company, date_to, round=False)
            return amount or 0.0

        group_field = {"model": "model_name", "session": "session_log_id", "repo": "repo_id"}[by]
        aggregates = ["cost:sum", "total_tokens:sum", "messages:sum", "session_log_id:count_distinct"]
        rows = {}
        for key, line_currency, cost, tokens, messages, sessions in self._read_group(
            domain, [group_field, "currency_id"], aggregates
        ):
            row = rows.setdefault(key, {"key": key, "cost": 0.0, "tokens": 0, "messages": 0, "sessions": 0})
            row["cost"] += convert(cost, line_currency)
            row["tokens"] += tokens or 0
            row["messages"] += messages or 0
            row["sessions"] += sessions or 0  # a session's lines share one currency
        totals = {"cost": 0.0, "tokens": 0, "messages": 0, "sessions": 0}
        for line_currency, cost, tokens, messages, sessions in self._read_group(
            domain, ["currency_id"], aggregates
        ):
            totals["cost"] += convert(cost, line_currency)
            totals["tokens"] += tokens or 0
            totals["messages"] += messages or 0
            totals["sessions"] += sessions or 0
        totals["cost"] = round(totals["cost"], 4)
        shown, more = cost_tools.sort_rows(list(rows.values()), limit)
        result_rows = [self._report_row(by, row, totals["cost"]) for row in shown]
        unpriced = self.search_count(domain + [("price_id", "=", False), ("total_tokens", ">", 0)])
        budget_domain = [("company_id", "in", self.env.companies.ids)]
        if repo_rec:
            budget_domain += ["|", ("repo_id", "=", False), ("repo_id", "=", repo_rec.id)]
        budgets = self.env["practice.cost.budget"].search(budget_domain)
        return {
            "period": period,
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "by": by,
            "repo": repo_rec.name if repo_rec else False,
            "currency": currency.name,
            "totals": totals,
            "rows": result_rows,
            "more": more,
            "unpriced": unpriced,
            "budgets": [budget._report_dict(today) for budget in budgets],
        }

    @api.model
    def _report_row(self, by, row, total_cost):
        """One row of :meth:`report`: its key as a plain value, a label, rounded cost, share."""
        key = row["key"]
        result = {
            "cost": round(row["cost"], 4),
            "tokens": row["tokens"],
            "messages": row["messages"],
            "sessions": row["sessions"],
            "share": cost_tools.percent(row["cost"] / total_cost) if total_cost else 0,
        }
        if by == "model":
            result.update(key=key or "", label=key or "")
        elif by == "repo":
            result.update(key=key.name if key else "", label=key.name if key else "")
        else:
            log = key.sudo()
            result.update(
                key=log.name,
                label=log.title,
                repo=log.repo_id.name,
                user=log.user_id.login,
                model=log.model_name or False,
                started_on=fields.Date.to_string(log.started_on),
            )
        return result
