# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools import usage as usage_tools

PRICE_DIGITS = (16, 4)


class PracticeModelPrice(models.Model):
    """What a model family costs per million tokens, from a date on.

    A family is a prefix of the model ids it prices (``claude-opus-4-6`` prices
    ``claude-opus-4-6-20260205`` too); the longest matching family wins, and among its rows the
    one valid at a session's start (see ``tools/usage.py``). A price change is a new row with a
    later *Valid From*, so sessions keep the price of their day. Shipped with dated defaults for
    the Claude models (``data/practice_model_price_data.xml``); Practice Managers edit them.
    """

    _name = "practice.model.price"
    _description = "Model Price"
    _order = "name, date_from desc, id"

    name = fields.Char(
        string="Model Family",
        required=True,
        index=True,
        help="Prefix of the model ids this price covers, e.g. claude-opus-4-6 (also prices "
        "claude-opus-4-6-20260205). The longest matching family wins.",
    )
    label = fields.Char(help="Readable name of the model family, e.g. Claude Opus 4.6.")
    date_from = fields.Date(
        string="Valid From",
        required=True,
        default=fields.Date.context_today,
        help="First day this price applies to sessions started on it (a session older than every "
        "row of its family takes the earliest one).",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.ref("base.USD", raise_if_not_found=False),
        help="Currency of the prices; a session's cost is converted to the company currency.",
    )
    input_price = fields.Float(
        string="Input", digits=PRICE_DIGITS, required=True, help="Price of one million input tokens."
    )
    output_price = fields.Float(
        string="Output", digits=PRICE_DIGITS, required=True, help="Price of one million output tokens."
    )
    cache_write_price = fields.Float(
        string="Cache Write",
        digits=PRICE_DIGITS,
        required=True,
        help="Price of one million tokens written to the prompt cache with the 5-minute lifetime.",
    )
    cache_write_1h_price = fields.Float(
        string="Cache Write (1 h)",
        digits=PRICE_DIGITS,
        required=True,
        help="Price of one million tokens written to the prompt cache with the 1-hour lifetime.",
    )
    cache_read_price = fields.Float(
        string="Cache Read",
        digits=PRICE_DIGITS,
        required=True,
        help="Price of one million tokens read from the prompt cache (cache hits).",
    )
    note = fields.Char(help="Where the price comes from, or what it leaves out.")
    active = fields.Boolean(default=True, help="Archived prices price nothing.")

    _sql_constraints = [
        (
            "family_date_unique",
            "unique(name, date_from)",
            "A model family has one price per Valid From date.",
        ),
        (
            "prices_positive",
            "CHECK(input_price >= 0 AND output_price >= 0 AND cache_write_price >= 0 "
            "AND cache_write_1h_price >= 0 AND cache_read_price >= 0)",
            "A price cannot be negative.",
        ),
    ]

    @api.depends("name", "label", "date_from")
    def _compute_display_name(self):
        for price in self:
            family = price.label or price.name or ""
            price.display_name = (
                f"{family} ({fields.Date.to_string(price.date_from)})" if price.date_from else family
            )

    @api.constrains("name")
    def _check_name(self):
        for price in self:
            name = price.name or ""
            if (
                not name
                or len(name) > usage_tools.MAX_MODEL_ID
                or not usage_tools.MODEL_ID_RE.match(name)
                or usage_tools.normalize_model(name) != name.lower()  # a provider's prefix
            ):
                raise ValidationError(
                    _(
                        "A model family is 1 to %(max)s letters, digits or -._:@/[]+, a prefix of "
                        "Anthropic model ids without a cloud provider's prefix (e.g. claude-opus-4-6), "
                        "got %(name)r.",
                        max=usage_tools.MAX_MODEL_ID,
                        name=name,
                    )
                )

    # ------------------------------------------------------------------ pricing
    def _prices(self):
        """``{"input", "output", "cache_write", "cache_write_1h", "cache_read"}`` of this row."""
        self.ensure_one()
        return {
            "input": self.input_price,
            "output": self.output_price,
            "cache_write": self.cache_write_price,
            "cache_write_1h": self.cache_write_1h_price,
            "cache_read": self.cache_read_price,
        }

    @api.model
    def _price_for(self, model_id, day):
        """The active row pricing ``model_id`` for a session started on ``day`` (a date), or an
        empty recordset (see ``tools/usage.pick_price``)."""
        candidates = usage_tools.family_candidates(model_id)
        if not candidates:
            return self.browse()
        # case-insensitive equality (=ilike with LIKE's wildcards escaped), not a prefix search
        escaped = [c.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for c in candidates]
        rows = self.sudo().search(expression.OR([[("name", "=ilike", value)] for value in escaped]))
        picked = usage_tools.pick_price(model_id, day, [(row.name, row.date_from, row.id) for row in rows])
        return self.browse(picked) if picked else self.browse()
