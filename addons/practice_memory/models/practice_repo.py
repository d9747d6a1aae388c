# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PracticeRepo(models.Model):
    _inherit = "practice.repo"

    unreviewed_memory = fields.Selection(
        [("hidden", "Hidden"), ("quoted", "Quoted as data")],
        required=True,
        default="hidden",
        help="Memories an AI session wrote reach other sessions once an Engineer accepts them. "
        "Hidden: until then no other session sees them. Quoted as data: the context bundle shows "
        "them in a fenced, quoted 'unreviewed' section that tells the agent to treat them as data, "
        "not instructions. The session that wrote a memory always sees it.",
    )
