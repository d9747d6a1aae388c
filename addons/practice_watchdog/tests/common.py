# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared helpers of the watchdog tests: profiles, counters, and (``CatalogCase``) the
test-only catalog models of fake_models.py with real image attachments."""

import base64
import itertools
import struct
import zlib

from odoo_test_helper import FakeModelLoader

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


CATALOG = "practice.test.catalog"
CATALOG_LINE = "practice.test.catalog.line"
# Every generated file differs (attachments with equal content would share one file).
_SEED = itertools.count(1)


def png(seed, size):
    """A valid 1x1 PNG of exactly ``size`` bytes (at least 80), made distinct by ``seed``
    in a text chunk: what an image field accepts, with a file size the tests can add up."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    tail = chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    text = b"seed\x00%08d" % seed
    pad = size - len(head) - len(tail) - 12 - len(text)
    if pad < 0:
        raise ValueError(f"a PNG of {size} bytes is too small")
    return head + chunk(b"tEXt", text + b"." * pad) + tail


class CatalogCase(WatchdogCase):
    """A watchdog case with the test-only models ``practice.test.catalog`` (image fields
    stored as attachments, a stored computed field) and ``practice.test.catalog.line``
    (deleted by the database with their catalog), loaded for the class only.

    The loader registers them under a package of their own, so that only these two models
    are built and initialised (the addon's own models are left as installed); their tables
    and ir.model rows are rolled back with the class transaction, and the registry is
    restored in tearDownClass (before the class cleanups re-run the registry setup, which
    re-patches the watched models without them)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, "odoo.addons.practice_watchdog_test_models")
        cls.loader.backup_registry()
        from .fake_models import PracticeTestCatalog, PracticeTestCatalogLine

        cls.loader.update_registry((PracticeTestCatalog, PracticeTestCatalogLine))

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    @classmethod
    def _catalogs(cls, count, lines=0, **vals):
        """``count`` catalogs with ``lines`` lines each (created by the one2many)."""
        return cls.env[CATALOG].create(
            [
                dict(
                    {
                        "name": f"Catalog {i}",
                        "line_ids": [(0, 0, {"name": f"Line {i}.{j}"}) for j in range(lines)],
                    },
                    **vals,
                )
                for i in range(count)
            ]
        )

    @classmethod
    def _thumbnails(cls, count, field="thumbnail", size=100):
        """The image attachments of ``count`` new catalogs (``field`` set on each: one
        ``size``-byte PNG file in the filestore per catalog), in catalog order."""
        catalogs = cls.env[CATALOG].create(
            [{"name": f"Catalog {i}", field: base64.b64encode(png(next(_SEED), size))} for i in range(count)]
        )
        attachments = cls.env["ir.attachment"].search(
            [("res_model", "=", CATALOG), ("res_field", "=", field), ("res_id", "in", catalogs.ids)],
            order="res_id",
        )
        assert len(attachments) == count and set(attachments.mapped("file_size")) == {size}
        return attachments

    @classmethod
    def _documents(cls, count, size=100):
        """``count`` files attached to one new catalog outside its fields (``res_field``
        empty), ``size`` bytes each."""
        catalog = cls.env[CATALOG].create({"name": "Documents"})
        return cls.env["ir.attachment"].create(
            [
                {
                    "name": f"doc-{i}.txt",
                    "raw": (b"%08d" % next(_SEED)) + b"x" * (size - 8),
                    "res_model": CATALOG,
                    "res_id": catalog.id,
                }
                for i in range(count)
            ]
        )
