# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test-only models for the watchdog tests, loaded by ``odoo_test_helper.FakeModelLoader``
(see ``CatalogCase`` in common.py) and gone after the test class: their tables, ir.model
rows, counting triggers and ORM hooks live in the class transaction and registry only.

``practice.test.catalog`` is the shape of the reference incident: a product catalog whose
thumbnails are image fields stored as attachments, a stored computed field, and lines that
the database deletes with their catalog (``ondelete="cascade"``), so that one unlink of a
few catalogs deletes many rows the ORM never sees.

Never import this module at the top of a test module: importing it registers the classes
for the addon, and the loader must register them itself after ``backup_registry()``.
"""

from odoo import api, fields, models


class PracticeTestCatalog(models.Model):
    _name = "practice.test.catalog"
    _description = "Watchdog test catalog"

    name = fields.Char(required=True)
    thumbnail = fields.Image(attachment=True)
    cover = fields.Image(attachment=True)
    line_ids = fields.One2many("practice.test.catalog.line", "catalog_id")
    line_count = fields.Integer(compute="_compute_line_count", store=True)

    @api.depends("line_ids")
    def _compute_line_count(self):
        for catalog in self:
            catalog.line_count = len(catalog.line_ids)


class PracticeTestCatalogLine(models.Model):
    _name = "practice.test.catalog.line"
    _description = "Watchdog test catalog line"

    catalog_id = fields.Many2one("practice.test.catalog", required=True, index=True, ondelete="cascade")
    name = fields.Char(required=True)
