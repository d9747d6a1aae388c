# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared helpers of the watchdog tests: attachments that look like catalog thumbnails, profiles."""

from odoo.tools import SQL

from odoo.addons.practice_base.tests.common import PracticeCase


class WatchdogCase(PracticeCase):
    def setUp(self):
        # Registered before the test savepoint's rollback, so it runs after it: the ORM
        # hooks of this worker then match the database again (profiles created by a test
        # are gone).
        self.addCleanup(self._refresh_hooks_after_rollback)
        super().setUp()

    def _refresh_hooks_after_rollback(self):
        Line = self.env["practice.watchdog.profile.model"]
        Line._unpatch_models()
        Line._patch_models()

    @classmethod
    def _thumbnails(cls, count, res_model="practice.catalog", res_field="thumbnail", size=100):
        """``count`` stored attachments (files in the filestore), like catalog thumbnails."""
        return cls.env["ir.attachment"].create(
            [
                {
                    "name": f"thumb-{i}.png",
                    "raw": (b"%06d" % i) + b"x" * (size - 6),
                    "res_model": res_model,
                    "res_field": res_field,
                    "res_id": i + 1,
                }
                for i in range(count)
            ]
        )

    def _profile(self, name="Test profile", models=(), watchers=None, **vals):
        """A profile watching ``models``: a list of model names or ``(name, {line vals})``."""
        lines = []
        for entry in models:
            model_name, line_vals = entry if isinstance(entry, tuple) else (entry, {})
            lines.append((0, 0, dict({"model_id": self.env["ir.model"]._get_id(model_name)}, **line_vals)))
        return self.env["practice.watchdog.profile"].create(
            dict(
                {
                    "name": name,
                    "model_ids": lines,
                    "watcher_ids": [(6, 0, (watchers or self.engineer).ids)],
                    "watch_attachments": False,
                },
                **vals,
            )
        )

    def _counter(self, model_name):
        """``(creates, deletes)`` counted for ``model_name`` so far."""
        return self.env["practice.watchdog.counter"]._totals([model_name]).get(model_name, (0, 0))

    def _raw_delete(self, records):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM %s WHERE id IN %s", SQL.identifier(records._table), tuple(records.ids))
        )
        records.invalidate_recordset()

    @staticmethod
    def _line(result, model, metric):
        found = [line for line in result["lines"] if line["model"] == model and line["metric"] == metric]
        assert found, f"no line {model} {metric}"
        return found[0]
