# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Post-mortems of SOP runs (issue 28 item 5): built from a walked run (timeline, 5 Whys,
preventive measures, links), one per run, a vault kind that round-trips, who may write them;
and the preventive measures on the error-code form."""

import base64
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.practice_sop.tools import postmortem as pm

from .common import T0, TRIAGE, SopCase

WHYS = [
    {"why": "Why did the deploy fail?", "because": "The DB timed out."},
    {"why": "Why did it time out?", "because": "The pool was exhausted."},
]


class PostmortemCase(SopCase):
    def walked(self, user=None, finish=True):
        """A triage run of ``user`` walked with evidence, the 5 Whys, an error code, a
        resolution and two preventive measures, completed 9 minutes after T0."""
        user = user or self.ai_user
        answer = self.start(user=user, severity="critical")
        run_id = answer["id"]
        api = self.api(user)
        log = base64.b64encode(b"ERROR pool exhausted\n").decode()
        with self.clock(T0 + timedelta(minutes=1)):
            api.step(run_id, 1, "completed", result="DB timeout, CRITICAL")
            api.step(run_id, 2, "completed", result="logs", files=[{"name": "deployment.log", "data": log}])
            self.Code.with_user(user).register(
                "DB_CONNECTION_LEAK", "high", "Connections not released", "Close cursors", run_id
            )
            api.step(run_id, 3, "completed", result="leak", whys=WHYS, root_cause="Cursors never closed.")
            api.step(run_id, 4, "completed", result="finally blocks added")
            api.step(run_id, 5, "completed", result="documented")
            api.step(run_id, 6, "completed", result="measures planned")
            api.add_measure(run_id, "Pool gauge alert", owner=self.engineer.login, due="2030-01-15")
            api.add_measure(run_id, "CI check for finally blocks", due="2030-01-10")
        run = self.Run.browse(run_id)
        run.with_user(user).write({"resolution": "Release DB connections in finally blocks."})
        if finish:
            with self.clock(T0 + timedelta(minutes=9)):
                api.finish(run_id)
        return run


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestPostmortemBuild(PostmortemCase):
    def test_a_walked_run_gives_timeline_whys_measures_and_links(self):
        run = self.walked()
        answer = self.api(self.ai_user).postmortem(run.id)
        self.assertTrue(answer["created"])
        self.assertEqual(answer["path"], "postmortems/2025-11-01-db-connection-leak.md")
        record = self.env["practice.postmortem"].browse(answer["id"])
        self.assertEqual(
            (record.run_id, record.repo_id, record.vault_path), (run, run.repo_id, answer["path"])
        )
        timeline = record.timeline.splitlines()
        self.assertEqual(len(timeline), 8)  # start, six steps, end
        self.assertEqual(
            timeline[0], "- 2025-11-01 10:45 UTC: run started (critical, SLA due 2025-11-01 11:00 UTC)"
        )
        self.assertIn(
            f"step 2 Gather evidence completed by {self.ai_user.name}: logs [evidence: deployment.log]",
            timeline[2],
        )
        self.assertEqual(timeline[-1], "- 2025-11-01 10:54 UTC: run completed")
        self.assertEqual(
            record.whys.splitlines(),
            [
                "1. Why did the deploy fail? → The DB timed out.",
                "2. Why did it time out? → The pool was exhausted.",
            ],
        )
        self.assertEqual(record.root_cause, "Cursors never closed.")
        self.assertEqual(record.fix, "Release DB connections in finally blocks.")
        self.assertEqual(
            record.actions.splitlines(),
            [
                f"- [ ] CI check for finally blocks (owner: {self.ai_user.login}, due: 2030-01-10, state: planned)",
                f"- [ ] Pool gauge alert (owner: {self.engineer.login}, due: 2030-01-15, state: planned)",
            ],
        )
        self.assertEqual(record.links.splitlines()[0], f"- SOP run #{run.id} ({TRIAGE})")
        self.assertEqual((record.sla, record.duration, record.error_codes), ("met", 9, "DB_CONNECTION_LEAK"))
        # the text is the vault file: it parses back to the record
        (entry,) = pm.parse(answer["path"], answer["text"])
        self.assertEqual(entry.data, record._vault_data())
        self.assertIn("Post-mortem written", run.message_ids[0].body)

    def test_one_per_run_a_new_export_updates_it(self):
        run = self.walked()
        api = self.api(self.ai_user)
        first = api.postmortem(run.id)
        rule = api.draft_rule(run.id)
        again = api.postmortem(run.id)
        self.assertFalse(again["created"])
        self.assertEqual((again["id"], again["path"]), (first["id"], first["path"]))
        self.assertIn(f"- Hard rule #{rule['rule_id']} (proposed)", again["text"])
        self.assertEqual(self.env["practice.postmortem"].search_count([("run_id", "=", run.id)]), 1)

    def test_an_aborted_run_has_one_a_running_run_does_not(self):
        answer = self.start(user=self.engineer)
        with self.assertRaisesRegex(UserError, "completed or aborted"):
            self.api(self.engineer).postmortem(answer["id"])
        with self.clock(T0 + timedelta(minutes=3)):
            self.api(self.engineer).finish(answer["id"], "aborted", reason="duplicate of another run")
        done = self.api(self.engineer).postmortem(answer["id"])
        self.assertEqual(done["path"], "postmortems/2025-11-01-sop-triage-001.md")
        self.assertIn("run aborted: duplicate of another run", done["text"])


@tagged("post_install", "-at_install", "practice_integrity")
class TestPostmortemVault(PostmortemCase):
    def test_export_then_import_is_unchanged(self):
        run = self.walked()
        answer = self.api(self.ai_user).postmortem(run.id)
        Vault = self.env["practice.vault"].with_user(self.engineer)
        files = Vault.export_files(repo=run.repo_id.name)
        self.assertEqual(files[answer["path"]], answer["text"])
        result = Vault.import_files({answer["path"]: answer["text"]}, repo=run.repo_id.name)
        self.assertEqual((result["unchanged"], result["errors"]), ([answer["path"]], []))
        versions = Vault.file_versions(repo=run.repo_id.name, paths=[answer["path"]])
        self.assertEqual(versions[answer["path"]], answer["version"])

    def test_a_hand_edited_file_is_kept_byte_for_byte(self):
        run = self.walked()
        answer = self.api(self.ai_user).postmortem(run.id)
        path, repo = answer["path"], run.repo_id.name
        edited = (
            answer["text"]
            .replace("\n\n## Fix", "\n\n\n\n## Fix")
            .replace(
                "Release DB connections in finally blocks.",
                "Release DB connections in finally blocks, always.",
            )
            .rstrip("\n")
        )
        Vault = self.env["practice.vault"].with_user(self.engineer)
        result = Vault.import_files({path: edited}, repo=repo)
        self.assertEqual((result["updated"], result["errors"]), ([path], []))
        record = self.env["practice.postmortem"].browse(answer["id"])
        self.assertEqual(record.fix, "Release DB connections in finally blocks, always.")
        self.assertEqual(Vault.export_files(repo=repo)[path], edited)
        self.assertEqual(Vault.import_files({path: edited}, repo=repo)["unchanged"], [path])
        # a new export rebuilds it from the run: the edited fix is replaced
        rebuilt = self.api(self.engineer).postmortem(run.id)["text"]
        self.assertIn("## Fix\n\nRelease DB connections in finally blocks.\n", rebuilt)
        self.assertEqual(record.fix, "Release DB connections in finally blocks.")
        # an edit of the layout only (blank lines, no final newline) is kept by a new export too
        layout = rebuilt.replace("\n\n## Links", "\n\n\n## Links").rstrip("\n")
        self.assertEqual(Vault.import_files({path: layout}, repo=repo)["updated"], [path])
        self.assertEqual(self.api(self.engineer).postmortem(run.id)["text"], layout)
        self.assertEqual(Vault.export_files(repo=repo)[path], layout)

    def test_a_file_cannot_move_to_another_run(self):
        run = self.walked()
        other = self.walked()
        answer = self.api(self.ai_user).postmortem(run.id)
        moved = answer["text"].replace(f"run: {run.id}\n", f"run: {other.id}\n")
        result = (
            self.env["practice.vault"]
            .with_user(self.engineer)
            .import_files({answer["path"]: moved}, repo=run.repo_id.name)
        )
        self.assertEqual(len(result["errors"]), 1)
        self.assertIn(f"this post-mortem is of run {run.id}", result["errors"][0]["message"])

    def test_a_file_naming_an_unknown_run_is_refused(self):
        data = pm.build(
            {
                "run_id": 999999,
                "title": "x",
                "date": "2025-11-01",
                "sop": TRIAGE,
                "severity": "high",
                "state": "completed",
                "steps": [{"sequence": 1, "title": "a", "state": "pending"}],
            }
        )
        path = pm.path_for(data["date"], data["code"])
        result = (
            self.env["practice.vault"]
            .with_user(self.engineer)
            .import_files({path: pm.serialize(path, [data])})
        )
        self.assertEqual(len(result["errors"]), 1)
        self.assertIn("no SOP run 999999", result["errors"][0]["message"])


@tagged("post_install", "-at_install", "practice_security")
class TestPostmortemRights(PostmortemCase):
    def test_runners_write_post_mortems_readers_and_other_sessions_do_not(self):
        run = self.walked(user=self.engineer)
        with self.assertRaises(AccessError):
            self.api(self.reader).postmortem(run.id)
        with self.assertRaises(AccessError):  # an AI session: only its own runs
            self.api(self.ai_user).postmortem(run.id)
        answer = self.api(self.engineer2).postmortem(run.id)  # any engineer
        record = self.env["practice.postmortem"].browse(answer["id"])
        self.assertEqual(record.with_user(self.reader).name, run.name)  # readers read them
        with self.assertRaises(AccessError):
            record.with_user(self.reader).write({"fix": "x"})
        with self.assertRaises(AccessError):
            record.with_user(self.ai_user).write({"fix": "x"})
        with self.assertRaises(AccessError):
            record.with_user(self.engineer).unlink()
        own = self.walked(user=self.ai_user)
        self.api(self.ai_user).postmortem(own.id)  # its own run: allowed

    def test_the_run_of_a_post_mortem_is_fixed(self):
        run = self.walked(user=self.engineer)
        other = self.walked(user=self.engineer)
        answer = self.api(self.engineer).postmortem(run.id)
        record = self.env["practice.postmortem"].browse(answer["id"]).with_user(self.engineer)
        with self.assertRaisesRegex(AccessError, "SOP Run"):
            record.write({"run_id": other.id})


@tagged("post_install", "-at_install", "practice_integration")
class TestErrorCodeMeasures(PostmortemCase):
    def test_the_error_code_form_lists_the_measures_of_its_runs(self):
        self.walked()
        code = self.Code.search([("name", "=", "DB_CONNECTION_LEAK")]).with_user(self.reader)
        self.assertEqual(code.measure_count, 2)
        html = str(code.measure_html)
        self.assertIn("Pool gauge alert", html)
        self.assertIn(self.engineer.login, html)
        self.assertIn("2030-01-10", html)
