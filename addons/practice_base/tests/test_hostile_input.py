# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every public RPC method of practice_base answers hostile input with an Odoo exception."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PracticeCase

ODOO_ERRORS = (UserError, ValidationError, AccessError)
BIG = "x" * 20_000_000


class HostileMixin:
    """``assertOdooError(call)``: the call raises an odoo.exceptions error (never TypeError,
    ValueError, KeyError...) with a short message, and writes nothing."""

    def assertOdooError(self, call, label=""):
        try:
            with mute_logger("odoo.sql_db", "odoo.models"), self.env.cr.savepoint():
                call()
        except ODOO_ERRORS as err:
            self.assertLess(len(str(err)), 2000, f"{label}: message too long")
            return err
        except Exception as err:  # the point of the test
            self.fail(f"{label}: {type(err).__name__} reached the caller: {str(err)[:200]}")
        self.fail(f"{label}: no error")


@tagged("post_install", "-at_install", "practice_rules")
class TestBaseHostileInput(HostileMixin, PracticeCase):
    def test_bundle_hostile_arguments(self):
        Context = self.env["practice.context"].with_user(self.ai_user)
        table = [
            {"max_bytes": float("inf")},
            {"max_bytes": float("nan")},
            {"max_bytes": [1]},
            {"max_bytes": {"a": 1}},
            {"max_bytes": 10**12},
            {"max_bytes": -5},
            {"fmt": ["markdown"]},
            {"fmt": {"x": 1}},
            {"fmt": None},
            {"modules": 5},
            {"modules": 1.5},
            {"modules": {"sale": 1}},
            {"modules": [None]},
            {"modules": [["sale"]]},
            {"modules": [f"m{i}" for i in range(5000)]},
            {"modules": ["x" * 10_000]},
            {"modules": ["bad name!"]},
            {"repo": [1]},
            {"repo": {"name": "x"}},
            {"repo": 1.5},
            {"repo": "r" * 100_000},
            {"repo": -1},
            {"repo": "no-such-repo"},
            {"session_id": ["s"]},
            {"session_id": {"s": 1}},
            {"session_id": 12},
            {"session_id": "s" * 10_000},
        ]
        modules_before = self.env["practice.code.module"].search_count([])
        for kwargs in table:
            kwargs.setdefault("repo", "test-repo")
            self.assertOdooError(lambda kwargs=kwargs: Context.bundle(**kwargs), f"bundle({kwargs!r:.80})")
        self.assertEqual(self.env["practice.code.module"].search_count([]), modules_before)
        # still answers good input
        self.assertIn("markdown", Context.bundle(modules=["sale"], repo="test-repo", session_id="s-1"))

    def test_repo_resolve_and_module_names(self):
        Repo = self.env["practice.repo"].with_user(self.reader)
        for value in ([1], {"a": 1}, 1.5, True, "r" * 1000, "missing", 999_999_999):
            self.assertOdooError(lambda value=value: Repo._resolve(value), f"_resolve({value!r:.40})")
        Module = self.env["practice.code.module"].with_user(self.engineer)
        for value in (5, {"a": 1}, [None], [5], ["a b"], ["x" * 129], [f"m{i}" for i in range(51)], [BIG]):
            self.assertOdooError(
                lambda value=value: Module._ensure(self.repo, value), f"_ensure({value!r:.40})"
            )

    def test_text_fields_are_bounded(self):
        Module = self.env["practice.code.module"].with_user(self.engineer)
        err = self.assertOdooError(
            lambda: Module.create({"name": "big_doc", "repo_id": self.repo.id, "description": BIG}),
            "module description",
        )
        self.assertIn("100000", str(err))
        module = Module.create({"name": "ok_doc", "repo_id": self.repo.id, "description": "y" * 100_000})
        self.assertOdooError(lambda: module.write({"description": "y" * 100_001}), "module write")
        Repo = self.env["practice.repo"].with_user(self.manager)
        self.assertOdooError(lambda: Repo.create({"name": "n" * 257}), "repo name")
        self.assertOdooError(lambda: Repo.create({"name": "long-url", "url": "u" * 3000}), "repo url")
        self.assertTrue(Repo.create({"name": "url-ok", "url": "https://x/" + "u" * 1000}))
