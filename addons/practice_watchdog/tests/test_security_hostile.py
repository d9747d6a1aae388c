# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 10: the watchdog measures only what the caller may read, never hashes secrets,
shows measurements only to who may read the model, keeps its lifecycle and result fields
out of reach of create/write, and answers hostile inputs with a short UserError."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..tools import inputs
from ..tools.scope import default_hash_columns, model_spec
from .common import WatchdogCase


class HostileCase(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["practice.watchdog.snapshot"]
        cls.Line = cls.env["practice.watchdog.snapshot.line"]
        cls.env["ir.mail_server"].create(
            {"name": "secret smtp", "smtp_host": "localhost", "smtp_user": "bob", "smtp_pass": "hunter2"}
        )

    def _secret_profile(self, **vals):
        """A profile of ir.config_parameter, configured by the superuser."""
        return self._profile(name="Secrets", models=["ir.config_parameter"], **vals)


@tagged("post_install", "-at_install", "practice_security")
class TestScopeReadAccess(HostileCase):
    def test_profile_take_checks_every_model_as_the_caller(self):
        profile = self._secret_profile()
        for user in (self.engineer, self.ai_user, self.manager):
            with self.assertRaisesRegex(AccessError, "ir.config_parameter"):
                self.Snapshot.with_user(user).take("peek", profile=profile.id)
            with self.assertRaisesRegex(AccessError, "ir.config_parameter"):
                self.Snapshot.with_user(user).take("peek", profile="Secrets")
        self.assertFalse(self.Snapshot.search([("profile_id", "=", profile.id)]))

    def test_default_profile_take_checks_every_model(self):
        self.env["practice.watchdog.profile"].search([]).write({"is_default": False})
        self._secret_profile(is_default=True)
        with self.assertRaisesRegex(AccessError, "ir.config_parameter"):
            self.Snapshot.with_user(self.engineer).take("peek")

    def test_cron_still_snapshots_what_users_cannot_read(self):
        self.env["practice.watchdog.profile"].search([]).write({"auto_snapshot": False})
        profile = self._secret_profile(auto_snapshot=True)
        self.env["practice.watchdog.profile"]._cron_snapshot_profiles()
        snapshot = self.Snapshot.search([("profile_id", "=", profile.id)])
        self.assertEqual(len(snapshot), 1)
        self.assertIn("ir.config_parameter", snapshot.line_ids.mapped("model"))

    def test_compare_needs_read_access_to_every_measured_model(self):
        first = self.Snapshot.take("admin", models=["ir.config_parameter"])
        second = self.Snapshot.take("admin again", models=["ir.config_parameter"])
        for user in (self.engineer, self.ai_user):
            with self.assertRaisesRegex(AccessError, "ir.config_parameter"):
                self.Snapshot.with_user(user).compare(first["id"])
            with self.assertRaisesRegex(AccessError, "ir.config_parameter"):
                self.Snapshot.with_user(user).compare(first["id"], second["id"])
        self.assertFalse(
            self.env["practice.watchdog.diff"].search([("before_snapshot_id", "=", first["id"])])
        )

    def test_manager_cannot_watch_a_model_they_cannot_read(self):
        with self.assertRaisesRegex(AccessError, "ir.mail_server"):
            self.env["practice.watchdog.profile"].with_user(self.manager).create(
                {
                    "name": "mail",
                    "model_ids": [(0, 0, {"model_id": self.env["ir.model"]._get_id("ir.mail_server")})],
                }
            )


@tagged("post_install", "-at_install", "practice_security")
class TestSecretColumns(HostileCase):
    def _field(self, model, name):
        return self.env["ir.model.fields"]._get(model, name)

    def test_secret_and_restricted_columns_refused_at_configuration(self):
        mail_server = self.env["ir.model"]._get_id("ir.mail_server")
        for name in ("smtp_pass", "smtp_user"):
            with self.assertRaisesRegex(ValidationError, name):
                self.env["practice.watchdog.profile"].create(
                    {
                        "name": f"hash {name}",
                        "model_ids": [
                            (
                                0,
                                0,
                                {
                                    "model_id": mail_server,
                                    "sample_edge": 1,
                                    "hash_field_ids": [(6, 0, self._field("ir.mail_server", name).ids)],
                                },
                            )
                        ],
                    }
                )
        profile = self._profile(name="tokens", models=["ir.attachment"])
        with self.assertRaisesRegex(ValidationError, "access_token"):
            profile.model_ids.write(
                {"hash_field_ids": [(6, 0, self._field("ir.attachment", "access_token").ids)]}
            )

    def test_secret_columns_skipped_at_measurement(self):
        profile = self._profile(name="legacy", models=[("ir.mail_server", {"sample_edge": 1})])
        line = profile.model_ids
        # Configured before secrets were refused: written behind the constraint's back.
        self.env.cr.execute(
            SQL(
                "INSERT INTO practice_watchdog_profile_model_hash_field_rel (profile_model_id, field_id) "
                "VALUES (%s, %s), (%s, %s)",
                line.id,
                self._field("ir.mail_server", "smtp_pass").id,
                line.id,
                self._field("ir.mail_server", "name").id,
            )
        )
        line.invalidate_recordset()
        self.env.registry.clear_cache()
        spec = profile._scope()["models"][0]
        self.assertEqual(spec["hash_columns"], ["name"])
        self.assertEqual(
            model_spec(self.env, "ir.mail_server", hash_columns=["smtp_pass"])["hash_columns"], ["id"]
        )
        self.assertGreater(self.Snapshot.take("legacy", profile=profile.id)["lines"], 0)

    def test_default_columns_never_secret_or_restricted(self):
        columns = default_hash_columns(self.env["ir.mail_server"])
        self.assertIn("smtp_host", columns)
        for name in ("smtp_pass", "smtp_user"):
            self.assertNotIn(name, columns)
        self.assertNotIn("access_token", default_hash_columns(self.env["ir.attachment"]))


@tagged("post_install", "-at_install", "practice_security")
class TestLinesFollowModelAccess(HostileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.info = cls.Snapshot.take("admin", models=["ir.config_parameter", "ir.mail_server", "res.partner"])

    def test_reader_reads_only_lines_of_readable_models(self):
        hidden = {"ir.config_parameter", "ir.mail_server"}
        all_lines = self.Line.search([("snapshot_id", "=", self.info["id"])])
        self.assertTrue(hidden <= set(all_lines.mapped("model")))
        secret_ids = all_lines.filtered(lambda line: line.model in hidden).ids
        for user in (self.reader, self.engineer, self.manager, self.ai_user):
            Line = self.Line.with_user(user)
            lines = Line.search([("snapshot_id", "=", self.info["id"])])
            self.assertTrue(lines)
            self.assertFalse(hidden & set(lines.mapped("model")), user.login)
            self.assertIn("res.partner", lines.mapped("model"))
            rows = Line.search_read([("id", "in", secret_ids)], ["value_text"])
            self.assertEqual(rows, [])
            with self.assertRaises(AccessError):
                Line.browse(secret_ids).read(["value_text"])
            with self.assertRaises(AccessError):
                Line.browse(secret_ids[:1]).check_access("read")
            self.assertFalse(Line.browse(secret_ids).has_access("read"))
            self.env.invalidate_all()
            snapshot = self.Snapshot.with_user(user).browse(self.info["id"])
            self.assertFalse(hidden & set(snapshot.line_ids.mapped("model")))
            groups = Line.read_group([("snapshot_id", "=", self.info["id"])], ["value:sum"], ["model"])
            self.assertFalse(hidden & {group["model"] for group in groups})
            self.assertEqual(
                Line.search_count([("model", "=", "ir.config_parameter")]), 0, "counted hidden lines"
            )

    def test_diff_lines_follow_model_access(self):
        result = self.Snapshot.compare(self.info["id"])
        Diff = self.env["practice.watchdog.diff"]
        diff = Diff.browse(result["diff_id"])
        self.assertIn("ir.mail_server", diff.line_ids.mapped("model"))
        hidden = diff.line_ids.filtered(lambda line: line.model == "ir.mail_server")
        for user in (self.reader, self.engineer):
            self.env.invalidate_all()  # as over RPC: nothing read as superuser is cached
            lines = Diff.with_user(user).browse(diff.id).line_ids
            self.assertTrue(lines)
            self.assertNotIn("ir.mail_server", lines.mapped("model"))
            self.assertNotIn("ir.config_parameter", lines.mapped("model"))
            with self.assertRaises(AccessError):
                hidden.with_user(user).read(["before", "after"])


@tagged("post_install", "-at_install", "practice_security")
class TestLifecycleFieldsGuarded(HostileCase):
    def _alert(self):
        return self.env["practice.watchdog.alert"]._raise(
            {"name": "guarded", "kind": "burst", "severity": "high"}, self.engineer
        )

    def test_engineer_cannot_resolve_or_downgrade_by_write(self):
        alert = self._alert()
        forged = {"state": "resolved", "resolved_by_id": self.manager.id, "severity": "low"}
        for user in (self.engineer, self.manager):
            with self.assertRaisesRegex(AccessError, "Acknowledge, Resolve"):
                alert.with_user(user).write(forged)
            for key, value in forged.items():
                with self.assertRaises(AccessError):
                    alert.with_user(user).write({key: value})
        with self.assertRaises(AccessError):
            alert.with_user(self.engineer).write({"summary": "nothing happened", "name": "x"})
        self.assertEqual((alert.state, alert.severity, alert.resolved_by_id.id), ("new", "high", False))
        alert.with_user(self.engineer).write({"resolution": "looking into it"})
        alert.with_user(self.engineer).action_acknowledge()
        self.assertEqual(alert.acknowledged_by_id, self.engineer)
        alert.with_user(self.manager).action_resolve()
        self.assertEqual((alert.state, alert.resolved_by_id), ("resolved", self.manager))

    def test_nobody_creates_alerts_by_hand(self):
        for user in (self.engineer, self.manager):
            with self.assertRaises(AccessError):
                self.env["practice.watchdog.alert"].with_user(user).create(
                    {"name": "fake", "kind": "diff", "state": "resolved"}
                )

    def test_resolution_is_bounded(self):
        alert = self._alert()
        with self.assertRaisesRegex(ValidationError, "too long"):
            alert.with_user(self.engineer).write({"resolution": "x" * (inputs.MAX_RESOLUTION + 1)})

    def test_snapshots_diffs_and_lines_not_created_by_hand(self):
        info = self.Snapshot.with_user(self.engineer).take("real", models=["res.partner"])
        forged_snapshot = {
            "name": "forged",
            "user_id": self.manager.id,
            "taken_at": "2020-01-01 00:00:00",
            "line_count": 43,
            "scope_key": "models:res.partner",
            "scope_models": "res.partner",
        }
        cases = [
            ("practice.watchdog.snapshot", forged_snapshot),
            (
                "practice.watchdog.diff",
                {
                    "before_snapshot_id": info["id"],
                    "after_snapshot_id": info["id"],
                    "ok": True,
                    "summary": "All clear",
                },
            ),
            ("practice.watchdog.snapshot.line", {"snapshot_id": info["id"], "model": "x", "metric": "count"}),
            ("practice.watchdog.counter", {"model": "res.partner", "minute": "2020-01-01 00:00:00"}),
        ]
        for user in (self.engineer, self.ai_user, self.manager):
            for model, vals in cases:
                for context in ({}, {"practice_watchdog_take": True, "practice_watchdog_build": True}):
                    with self.assertRaises(AccessError, msg=f"{user.login} created {model}"):
                        self.env[model].with_user(user).with_context(**context).create(vals)
        self.assertFalse(self.Snapshot.search([("name", "=", "forged")]))
        self.assertFalse(
            self.env["practice.watchdog.diff"].search(
                [("before_snapshot_id", "=", info["id"]), ("after_snapshot_id", "=", info["id"])]
            )
        )

    def test_take_and_compare_still_record_the_caller(self):
        for user in (self.engineer, self.ai_user):
            Snapshot = self.Snapshot.with_user(user)
            info = Snapshot.take("mine", models=["res.partner"], session_id="s-9")
            snapshot = self.Snapshot.browse(info["id"])
            self.assertEqual(snapshot.user_id, user)
            self.assertEqual(snapshot.line_count, len(snapshot.line_ids))
            diff = self.env["practice.watchdog.diff"].browse(Snapshot.compare(info["id"])["diff_id"])
            self.assertEqual(diff.create_uid, user)
            self.assertTrue(diff.line_ids)


@tagged("post_install", "-at_install", "practice_security")
class TestHostileInputs(HostileCase):
    def _refused(self, call, regex=None, user=None):
        before = self.Snapshot.search_count([])
        with self.assertRaises(UserError) as caught:
            call(self.Snapshot.with_user(user or self.engineer))
        message = str(caught.exception)
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertLess(len(message), 400, message[:400])
        if regex:
            self.assertRegex(message, regex)
        self.assertEqual(self.Snapshot.search_count([]), before)
        return message

    def test_labels_and_session_ids_are_bounded(self):
        self._refused(lambda S: S.take("x" * 100_000, models=["res.partner"]), "too long")
        self._refused(lambda S: S.take("x" * (inputs.MAX_LABEL + 1), models=["res.partner"]), "256")
        self._refused(lambda S: S.take("nul\x00byte", models=["res.partner"]), "NUL")
        self._refused(lambda S: S.take("ok", models=["res.partner"], session_id="s" * 10_000), "too long")
        self._refused(lambda S: S.take("ok", models=["res.partner"], session_id={"a": 1}), "session_id")
        self._refused(lambda S: S.take(["label"], models=["res.partner"]), "label")
        self.assertEqual(
            self.Snapshot.with_user(self.engineer).take("x" * inputs.MAX_LABEL, models=["res.partner"])[
                "label"
            ],
            "x" * inputs.MAX_LABEL,
        )

    def test_hostile_models(self):
        self._refused(lambda S: S.take("m", models="x"), "Unknown model 'x'")
        self._refused(lambda S: S.take("m", models=[1]), "Unknown model 1")
        self._refused(lambda S: S.take("m", models=[None]), "Unknown model")
        self._refused(lambda S: S.take("m", models={"res.partner": 1}), "list of model names")
        self._refused(lambda S: S.take("m", models=5), "list of model names")
        self._refused(lambda S: S.take("m", models=["x" * 100_000]), "Unknown model")
        self._refused(lambda S: S.take("m", models=["res.partner"] * 5_000), "Too many models")
        self._refused(lambda S: S.take("m", models=["res.partner\x00"]), "Unknown model")

    def test_hostile_profiles(self):
        self._refused(lambda S: S.take("p", profile=99999), "Unknown watchdog profile 99999")
        self._refused(lambda S: S.take("p", profile=2**40), "Unknown watchdog profile")
        self._refused(lambda S: S.take("p", profile=-1), "Unknown watchdog profile")
        self._refused(lambda S: S.take("p", profile="x" * 100_000), "Unknown watchdog profile")
        self._refused(lambda S: S.take("p", profile="nul\x00"), "Unknown watchdog profile")
        self._refused(lambda S: S.take("p", profile="%"), "Unknown watchdog profile")
        self._refused(lambda S: S.take("p", profile=[1]), "name or an id")
        self._refused(lambda S: S.take("p", profile=1.5), "name or an id")
        self._refused(lambda S: S.take("p", profile={"id": 1}), "name or an id")

    def test_hostile_compare(self):
        info = self.Snapshot.take("base", models=["res.partner"])
        for before in (99999, 2**40, 0, -5):
            self._refused(lambda S, b=before: S.compare(b), "does not exist")
        for before in ("x", 1.5, [1], None, True, {"id": 1}):
            self._refused(lambda S, b=before: S.compare(b), "integers")
        self._refused(lambda S: S.compare(info["id"], "x"), "integers")
        self._refused(lambda S: S.compare(info["id"], 2**40), "does not exist")
        other = self.Snapshot.take("other", models=["res.partner.category"])
        self._refused(lambda S: S.compare(info["id"], other["id"]), "different scopes")

    def test_after_label_of_a_long_before_label_is_bounded(self):
        info = self.Snapshot.take("y" * inputs.MAX_LABEL, models=["res.partner"])
        result = self.Snapshot.with_user(self.engineer).compare(info["id"])
        after = self.Snapshot.browse(result["after_id"])
        self.assertLessEqual(len(after.name), inputs.MAX_LABEL)

    def test_unforeseen_python_errors_become_user_errors(self):
        Snapshot = type(self.Snapshot)
        for error in (TypeError("bad type"), ValueError("bad value"), KeyError("missing")):
            with patch.object(Snapshot, "_normalize_models", side_effect=error):
                message = self._refused(
                    lambda S: S.take("t", models=["res.partner"]), "Invalid input for take"
                )
            self.assertNotIn("Traceback", message)
            with patch.object(Snapshot, "_browse_snapshot", side_effect=error):
                self._refused(lambda S: S.compare(1), "Invalid input for compare")
