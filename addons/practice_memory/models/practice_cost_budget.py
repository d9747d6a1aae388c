# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import cost as cost_tools
from ..tools import usage as usage_tools

_logger = logging.getLogger(__name__)

LEVEL_SELECTION = [("ok", "Below 80 %"), ("warning", "80 % Reached"), ("exceeded", "Exceeded")]
# fields whose change makes the budget another one: its alerts of the period are raised anew
RESET_FIELDS = ("daily_amount", "monthly_amount", "repo_id", "model_family", "company_id", "active")


class PracticeCostBudget(models.Model):
    """What the practice means to spend on models per day and per month, in the company currency.

    A budget covers the sessions of one repository (or of every repository of its company) and
    one model family (a part of the model ids, e.g. ``claude-opus``; empty: every model). Its
    spending in a period is the cost of the usage lines (``practice.session.usage``) of the
    sessions started in that period (UTC days, like the *Cost by Model* report).

    Crossing 80 % and 100 % of an amount is raised once per period: the budget records the level
    reached (``daily_state``/``monthly_state`` with the period's first day), posts a message and
    schedules a to-do for its responsible (or every Practice Manager). It is checked whenever
    ``practice.session.log.record_usage()`` records usage and by a daily cron. Budgets change
    only through Practice Managers; the levels only through that check (guarded fields).
    """

    _name = "practice.cost.budget"
    _description = "Cost Budget"
    _inherit = ["mail.thread", "mail.activity.mixin", "practice.guarded.mixin"]
    _order = "name, id"
    _guarded_fields = ("daily_state", "daily_period", "monthly_state", "monthly_period")
    _guarded_actions = "the budget check (record_usage() and the daily cron)"

    name = fields.Char(required=True, tracking=True, help="What the budget is for, e.g. 'Shop: Opus'.")
    active = fields.Boolean(default=True, tracking=True, help="Archived budgets are not checked.")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="Company whose currency the amounts are in; without a repository, the budget covers "
        "the repositories of this company and the shared ones.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id", help="Currency of the amounts.")
    repo_id = fields.Many2one(
        "practice.repo",
        string="Repository",
        index=True,
        ondelete="cascade",
        tracking=True,
        help="Repository whose sessions the budget covers; empty: every repository of the company.",
    )
    model_family = fields.Char(
        string="Models",
        tracking=True,
        help="Part of the model ids the budget covers, e.g. claude-opus (covers "
        "claude-opus-4-6-20260205); empty: every model.",
    )
    daily_amount = fields.Monetary(
        string="Daily Budget",
        currency_field="currency_id",
        tracking=True,
        help="What the sessions of one day may cost; 0: no daily budget.",
    )
    monthly_amount = fields.Monetary(
        string="Monthly Budget",
        currency_field="currency_id",
        tracking=True,
        help="What the sessions of one calendar month may cost; 0: no monthly budget.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("practice_base.group_practice_reader").ids)],
        help="Who gets the to-do when 80 % or 100 % is reached; empty: every Practice Manager.",
    )
    note = fields.Text(help="Why this amount, who to ask before raising it.")
    daily_state = fields.Selection(
        LEVEL_SELECTION,
        string="Daily Alert",
        required=True,
        default="ok",
        readonly=True,
        help="Highest threshold raised for the day of Daily Alert Day.",
    )
    daily_period = fields.Date(
        string="Daily Alert Day", readonly=True, help="Day the daily alert level refers to."
    )
    monthly_state = fields.Selection(
        LEVEL_SELECTION,
        string="Monthly Alert",
        required=True,
        default="ok",
        readonly=True,
        help="Highest threshold raised for the month starting on Monthly Alert Month.",
    )
    monthly_period = fields.Date(
        string="Monthly Alert Month",
        readonly=True,
        help="First day of the month the monthly alert refers to.",
    )
    daily_spent = fields.Monetary(
        string="Spent Today",
        compute="_compute_spent",
        currency_field="currency_id",
        help="Spent today (UTC).",
    )
    daily_percent = fields.Integer(
        string="Today (%)", compute="_compute_spent", help="Spent today, in percent of the daily budget."
    )
    monthly_spent = fields.Monetary(
        string="Spent This Month",
        compute="_compute_spent",
        currency_field="currency_id",
        help="Spent since the 1st of this month (UTC).",
    )
    monthly_percent = fields.Integer(
        string="This Month (%)",
        compute="_compute_spent",
        help="Spent this month, in percent of the monthly budget.",
    )
    state = fields.Selection(
        LEVEL_SELECTION,
        compute="_compute_spent",
        help="The worst of today's and this month's spending against the budget.",
    )

    _sql_constraints = [
        (
            "amounts_positive",
            "CHECK(COALESCE(daily_amount, 0) >= 0 AND COALESCE(monthly_amount, 0) >= 0)",
            "A budget amount cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------ constraints
    @api.constrains("daily_amount", "monthly_amount")
    def _check_amounts(self):
        for budget in self:
            if budget.daily_amount <= 0 and budget.monthly_amount <= 0:
                raise ValidationError(
                    _("Budget %(name)s: set a daily or a monthly amount (or both).", name=budget.name)
                )

    @api.constrains("model_family")
    def _check_model_family(self):
        for budget in self:
            family = budget.model_family
            if family and (
                len(family) > usage_tools.MAX_MODEL_ID or not usage_tools.MODEL_ID_RE.match(family)
            ):
                raise ValidationError(
                    _(
                        "Budget %(name)s: the models are 1 to %(max)s letters, digits or -._:@/[]+ "
                        "(a part of model ids, e.g. claude-opus), got %(family)r.",
                        name=budget.name,
                        max=usage_tools.MAX_MODEL_ID,
                        family=family,
                    )
                )

    @api.constrains("repo_id", "company_id")
    def _check_repo_company(self):
        for budget in self:
            company = budget.repo_id.sudo().company_id
            if company and company != budget.company_id:
                raise ValidationError(
                    _(
                        "Budget %(name)s: repository %(repo)s belongs to %(company)s.",
                        name=budget.name,
                        repo=budget.repo_id.name,
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("model_family"):
                vals["model_family"] = vals["model_family"].strip().lower()
        budgets = super().create(vals_list)
        budgets._check_thresholds()
        return budgets

    def write(self, vals):
        if vals.get("model_family"):
            vals = dict(vals, model_family=vals["model_family"].strip().lower())
        result = super().write(vals)
        if set(RESET_FIELDS) & set(vals):
            # another budget now: this period's alerts are raised again if still due
            self._guarded().write(
                {"daily_state": "ok", "daily_period": False, "monthly_state": "ok", "monthly_period": False}
            )
            self._check_thresholds()
        return result

    # ------------------------------------------------------------------ spending
    @api.depends("daily_amount", "monthly_amount", "repo_id", "model_family", "company_id")
    def _compute_spent(self):
        today = fields.Date.today()
        for budget in self:
            daily = budget._spent(today, today) if budget.id else 0.0
            monthly = budget._spent(today.replace(day=1), today) if budget.id else 0.0
            budget.daily_spent = daily
            budget.monthly_spent = monthly
            budget.daily_percent = cost_tools.percent(cost_tools.ratio(daily, budget.daily_amount))
            budget.monthly_percent = cost_tools.percent(cost_tools.ratio(monthly, budget.monthly_amount))
            budget.state = max(
                cost_tools.level(daily, budget.daily_amount),
                cost_tools.level(monthly, budget.monthly_amount),
                key=cost_tools.rank,
            )

    def _usage_domain(self, date_from, date_to):
        """The usage lines this budget covers, of the sessions started from ``date_from`` to
        ``date_to`` (both included)."""
        self.ensure_one()
        domain = [("started_on", ">=", date_from), ("started_on", "<=", date_to)]
        if self.repo_id:
            domain.append(("repo_id", "=", self.repo_id.id))
        else:
            domain += [
                "|",
                ("repo_id.company_id", "=", False),
                ("repo_id.company_id", "=", self.company_id.id),
            ]
        if self.model_family:
            domain.append(("model_name", "ilike", self.model_family))
        return domain

    def _spent(self, date_from, date_to):
        """What the covered sessions started in the period cost, in the budget's currency
        (every usage line is counted: budgets are about the whole practice's spending)."""
        self.ensure_one()
        Usage = self.env["practice.session.usage"].sudo()
        total = 0.0
        for currency, amount in Usage._read_group(
            self._usage_domain(date_from, date_to), ["currency_id"], ["cost:sum"]
        ):
            if currency and currency != self.currency_id:
                amount = currency._convert(amount, self.currency_id, self.company_id, date_to, round=False)
            total += amount or 0.0
        return round(total, 4)

    # ------------------------------------------------------------------ thresholds
    @api.model
    def _for_sessions(self, logs):
        """Active budgets that may cover the usage of session logs ``logs``."""
        logs = logs.sudo()
        companies = logs.mapped(lambda log: log._usage_company())
        return self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                "|",
                ("repo_id", "=", False),
                ("repo_id", "in", logs.repo_id.ids),
            ]
        )

    def _check_thresholds(self, today=None):
        """Raise the thresholds newly reached by these budgets in today's periods, once each
        per period; returns ``[(budget, period kind, level)]`` raised.

        Concurrency: the budget rows are locked first (``FOR NO KEY UPDATE``), so two checks of
        one budget (two ``record_usage`` calls at once) run one after the other; the second,
        whose snapshot predates the first's commit, fails with a serialization error when the
        first changed the level, and Odoo retries its request, which then sees the level
        raised (no second activity). Usage committed by a concurrent transaction that neither
        check saw is counted by the next check (the next record_usage or the daily cron)."""
        budgets = self.sudo().filtered("active")
        if not budgets:
            return []
        today = today or fields.Date.today()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM practice_cost_budget WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                budgets.ids,
            )
        )
        fnames = ["daily_state", "daily_period", "monthly_state", "monthly_period"]
        budgets.invalidate_recordset(fnames)
        raised = []
        for budget in budgets:
            vals, crossings = {}, []
            for kind in cost_tools.BUDGET_PERIODS:
                start = cost_tools.budget_period_start(kind, today)
                current = budget[f"{kind}_state"] if budget[f"{kind}_period"] == start else "ok"
                if budget[f"{kind}_period"] != start:
                    vals.update({f"{kind}_state": "ok", f"{kind}_period": start})
                amount = budget[f"{kind}_amount"]
                if amount <= 0:
                    continue
                spent = budget._spent(start, today)
                reached = cost_tools.level(spent, amount)
                if cost_tools.rank(reached) > cost_tools.rank(current):
                    vals.update({f"{kind}_state": reached, f"{kind}_period": start})
                    crossings.append((kind, reached, spent, amount))
            if vals:
                budget._guarded().write(vals)
            for kind, reached, spent, amount in crossings:
                budget._notify_crossing(kind, reached, spent, amount)
                raised.append((budget, kind, reached))
        return raised

    def _alert_users(self):
        """The responsible, else the active internal Practice Managers of the budget's company."""
        self.ensure_one()
        if self.user_id and self.user_id.active:
            return self.user_id
        group = self.env.ref("practice_base.group_practice_manager")
        return group.sudo().users.filtered(
            lambda user: user.active and not user.share and self.company_id in user.company_ids
        )

    def _crossing_message(self, kind, level, spent, amount):
        self.ensure_one()
        values = {
            "budget": self.name,
            "percent": f"{cost_tools.percent(cost_tools.ratio(spent, amount))} %",
            "spent": f"{spent:.2f}",
            "amount": f"{amount:.2f}",
            "currency": self.currency_id.name or "",
        }
        if kind == "daily":
            if level == "exceeded":
                return _(
                    "Budget %(budget)s: today's spending exceeds the daily budget (%(percent)s: "
                    "%(spent)s of %(amount)s %(currency)s).",
                    **values,
                )
            return _(
                "Budget %(budget)s: today's spending reached 80 %% of the daily budget (%(percent)s: "
                "%(spent)s of %(amount)s %(currency)s).",
                **values,
            )
        if level == "exceeded":
            return _(
                "Budget %(budget)s: this month's spending exceeds the monthly budget (%(percent)s: "
                "%(spent)s of %(amount)s %(currency)s).",
                **values,
            )
        return _(
            "Budget %(budget)s: this month's spending reached 80 %% of the monthly budget "
            "(%(percent)s: %(spent)s of %(amount)s %(currency)s).",
            **values,
        )

    def _notify_crossing(self, kind, level, spent, amount):
        """One threshold reached: a message on the budget and a to-do for each alert user.
        Bridge addons extend it (``super()`` then their own alert, e.g. a watchdog alert)."""
        self.ensure_one()
        budget = self.sudo()
        message = budget._crossing_message(kind, level, spent, amount)
        summary = (
            _("Budget exceeded: %(budget)s", budget=budget.name)
            if level == "exceeded"
            else _("Budget at 80 %%: %(budget)s", budget=budget.name)
        )
        for user in budget._alert_users():
            budget.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=message,
                user_id=user.id,
            )
        budget.message_post(
            body=message,
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="practice_memory.mt_cost_budget_crossed",
        )
        _logger.info("Cost budget %s (%s): %s", budget.id, kind, message)

    @api.model
    def _cron_check_budgets(self, today=None):
        """Daily: check every active budget (usage recorded concurrently, new periods)."""
        budgets = self.sudo().search(["|", ("daily_amount", ">", 0), ("monthly_amount", ">", 0)], order="id")
        return len(budgets._check_thresholds(today=today))

    # ------------------------------------------------------------------ report
    def _report_dict(self, today=None):
        """A budget as ``practice.session.usage.report()`` and the context bundle give it:
        for each period with an amount, the amount, what was spent, the percentage, the live
        level and the level already raised."""
        self.ensure_one()
        today = today or fields.Date.today()
        budget = self.sudo()
        result = {
            "id": budget.id,
            "name": budget.name,
            "repo": budget.repo_id.name or False,
            "model": budget.model_family or False,
            "responsible": budget.user_id.login or False,
            "currency": budget.currency_id.name,
        }
        worst = "ok"
        for kind in cost_tools.BUDGET_PERIODS:
            amount = budget[f"{kind}_amount"]
            if amount <= 0:
                result[kind] = False
                continue
            start = cost_tools.budget_period_start(kind, today)
            spent = budget._spent(start, today)
            level = cost_tools.level(spent, amount)
            worst = max(worst, level, key=cost_tools.rank)
            result[kind] = {
                "amount": amount,
                "spent": spent,
                "percent": cost_tools.percent(cost_tools.ratio(spent, amount)),
                "state": level,
                "alerted": budget[f"{kind}_state"] if budget[f"{kind}_period"] == start else "ok",
                "from": fields.Date.to_string(start),
            }
        result["state"] = worst
        return result
