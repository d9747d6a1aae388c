# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The per-group access matrix of every public RPC method of the practice addons.

Every method a practice addon defines (on its own models and on models it inherits) whose name
Odoo lets a client call (not ``_…``, not ``init``) is called as one user of each group:
portal, internal without practice groups, Reader, Engineer, Manager, AI session and (with
practice_deploy) Deploy Approver. Its outcome is ``D`` (AccessError: denied) or ``a``
(anything else: a result, UserError, ValidationError… — the call got past access control),
and the outcome of every group must match :data:`.access_matrix.MATRIX`. A method without a
row fails the suite ("method X.y has no access decision in the matrix", with its observed
row), and so does a row whose method is gone.

What a call gets, so that it reaches the method's access checks instead of stopping at its
argument checks:

* records: every model of the practice addons gets a sample built by this test as another
  user (the samples' owner, a Manager) through the addons' own API where there is one, so that
  each group is tried on practice data that is not its own; a method on records is called on
  its model's sample (:data:`RECORD_SAMPLES` names another sample where the method needs a
  record in another state);
* wizards (transient models): created as the calling user with the values of
  :meth:`TestAccessMatrix._wizard_values` (a refused create is a refused call), then called;
* arguments: :meth:`TestAccessMatrix._arguments` (by method, then by parameter name) names the
  samples; every other required parameter gets ``None``.

Each call runs in a savepoint that is rolled back, whatever it did or raised (a broken
transaction included). A call that reaches what a savepoint does not roll back (the network, a
new database cursor, a commit) is refused by the test and fails the suite unless its row is a
``skip: <reason>`` row, which is not called.

The test lives in practice_base (every practice addon depends on it) and runs post-install, so
it sees every practice addon installed beside; rows of models that are not installed are
skipped. To write the rows of new methods: run this test, copy the printed rows into
access_matrix.py, and check that each ``a`` of a low group is meant.
``PRACTICE_MATRIX_DUMP=<file>`` writes the whole observed table to that file instead of
comparing; with ``PRACTICE_MATRIX_DETAILS=1`` each row is followed by what each group's call
answered or raised.
"""

import base64
import inspect
import io
import os
import socket
import zipfile
from contextlib import ExitStack
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.models import regex_private
from odoo.modules.registry import Registry
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .access_matrix import GROUPS, MATRIX, SKIP

# group key -> groups of its test user (xml ids; the user is skipped if one is missing)
USERS = {
    "portal": "base.group_portal",
    "internal": "base.group_user",
    "reader": "base.group_user,practice_base.group_practice_reader",
    "engineer": "base.group_user,practice_base.group_practice_engineer",
    "manager": "base.group_user,practice_base.group_practice_manager",
    "ai_session": "base.group_user,practice_base.group_practice_ai_session",
    "deploy_approver": "base.group_user,practice_deploy.group_deploy_approver",
}
# The owner of the samples: none of the users above, with every right building them needs.
OWNER_GROUPS = (
    "base.group_user",
    "practice_base.group_practice_manager",
    "project.group_project_manager",
)
DENIED, ALLOWED = "D", "a"
GROUPS_SHORT = "".join("S" if key == "ai_session" else key[0].upper() for key in GROUPS)
SESSION = "matrix-owner-session"
MODULE = "matrix_module"
ERROR_CODE = "MATRIX_SAMPLE_CODE"
JUNIT = (
    '<testsuite name="matrix" timestamp="2026-03-02T10:00:00" time="1.0">'
    '<testcase classname="matrix.TestMatrix" name="test_ok" time="0.01"/>'
    "</testsuite>"
)
TERM_FILE = ("glossary/matrix-term.md", "---\nterm: Matrix term\n---\n\nA term of the access matrix test.\n")
# Values of required parameters by name (anything else: None); samples by key (see _arguments)
ARGUMENTS = {
    "vals": {},
    "values": {},
    "vals_list": [{}],
    "fields_list": [],
    "domain": [],
    "fields": [],
    "title": "Matrix call",
    "topic": "matrix call topic",
    "summary": "Matrix call summary.",
    "text": "Matrix call note.",
    "label": "matrix call",
    "query": "matrix",
    "description": "Matrix call description.",
    "reason": "matrix call reason",
    "outcome": "success",
    "severity": "high",
    "xml_text": JUNIT,
    "files": dict([TERM_FILE]),
    "sop_code": "SOP-TRIAGE-001",
}
# "model.method": key of the sample it is called on, when not the model's (see _build_samples)
RECORD_SAMPLES = {
    "project.task.action_deploy_ready": "task_draft",
    "project.task.action_deploy_back_to_draft": "task_ready",
    "project.task.action_deploy_approve": "task_ready",
    "project.task.action_deploy_verify": "task_deployed",
    "practice.sop.run.action_start": "sop_run_draft",
    "practice.sop.run.action_complete": "sop_run_steps_done",
    "practice.sop.run.action_draft_rule": "sop_run_completed",
    "practice.sop.run.action_postmortem": "sop_run_completed",
    "practice.adr.action_deprecate": "adr_accepted",
    "practice.adr.action_supersede": "adr_accepted",
    "practice.rule.action_reactivate": "rule_retired",
    "practice.rule.action_retire": "rule_active",
    "practice.memory.action_accept_promotion": "memory_candidate",
    "practice.memory.action_dismiss_promotion": "memory_candidate",
    "practice.memory.action_restore": "memory_archived",
    "practice.memory.action_unpin": "memory_pinned",
    "practice.watchdog.alert.action_reopen": "alert_resolved",
}


class _RolledBack(Exception):
    """Raised inside the savepoint after a call that succeeded, to roll it back."""


class _Escape(Exception):
    """A call reached something a savepoint does not roll back (refused by the test)."""


def practice_methods(registry):
    """``{model: {method: defining class}}`` of the public methods that the practice addons'
    modules define (test models excluded)."""
    found = {}
    for model_name in sorted(registry):
        for klass in type.mro(registry[model_name]):
            module = getattr(klass, "__module__", "") or ""
            if not module.startswith("odoo.addons.practice_") or ".tests" in module:
                continue
            for name, value in vars(klass).items():
                if regex_private.match(name):
                    continue
                if inspect.isfunction(value) or isinstance(value, staticmethod | classmethod):
                    found.setdefault(model_name, {}).setdefault(name, klass)
    return found


def call_arguments(function, values):
    """``(args, kwargs)`` filling every required parameter of ``function`` from ``values``
    (by name; ``None`` when absent)."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return [], {}
    args, kwargs = [], {}
    for param in list(signature.parameters.values())[1:]:  # self / cls
        if param.default is not inspect.Parameter.empty:
            continue
        value = values.get(param.name)
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            args.append(value)
        elif param.kind == param.KEYWORD_ONLY:
            kwargs[param.name] = value
    return args, kwargs


def row_text(key, outcome):
    return f'    "{key}": "{outcome}",'


def short(value, limit=110):
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def zipped(path, text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(path, text)
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install", "practice_security")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notrack=True, mail_create_nolog=True))
        cls.users = {}
        for key, groups in USERS.items():
            if all(cls.env.ref(xmlid, raise_if_not_found=False) for xmlid in groups.split(",")):
                cls.users[key] = new_test_user(cls.env, login=f"t_matrix_{key}", groups=groups)
        owner_groups = [xmlid for xmlid in OWNER_GROUPS if cls.env.ref(xmlid, raise_if_not_found=False)]
        cls.owner = new_test_user(cls.env, login="t_matrix_owner", groups=",".join(owner_groups))
        cls.samples = {}
        cls._build_samples()
        cls.env.flush_all()

    # ------------------------------------------------------------------ samples
    @classmethod
    def _has(cls, *model_names):
        return all(name in cls.env for name in model_names)

    @classmethod
    def _build_samples(cls):
        """One record of each practice model (more where a method needs another state), keyed
        by model name or by the keys of :data:`RECORD_SAMPLES`. Built through the addons' API
        as :attr:`owner` where there is one, else created as superuser."""
        env, s = cls.env, cls.samples
        as_owner = cls.env(user=cls.owner)
        params = env["ir.config_parameter"].sudo()
        repo = env["practice.repo"]._resolve(None)
        s["practice.repo"] = repo
        s["practice.code.module"] = env["practice.code.module"]._ensure(repo, [MODULE])
        if cls._has("practice.lock"):
            token = as_owner["practice.lock"].acquire(MODULE, SESSION, reason="matrix sample")["token"]
            s["practice.lock"] = env["practice.lock"].search([("token", "=", token)])
            s["practice.lock.event"] = s["practice.lock"].event_ids[:1]
        if cls._has("practice.session.log"):
            as_owner["practice.session.log"].start(SESSION, "Matrix sample session", modules=[MODULE])
            as_owner["practice.session.log"].note(SESSION, "note", "Matrix sample note.")
            s["practice.session.log"] = env["practice.session.log"].search([("name", "=", SESSION)])
            s["practice.session.log.entry"] = s["practice.session.log"].entry_ids[:1]
            as_owner["practice.session.log"].record_usage(SESSION, {"claude-matrix-1": {"output_tokens": 1}})
            s["practice.session.usage"] = s["practice.session.log"].usage_ids[:1]
        if cls._has("practice.sandbox"):
            as_owner["practice.sandbox"].register("sbx_matrix_sample", "matrix_tpl", session_id=SESSION)
            s["practice.sandbox"] = env["practice.sandbox"].search([("name", "=", "sbx_matrix_sample")])
        if cls._has("practice.memory"):
            Memory = as_owner["practice.memory"]
            make = [
                ("practice.memory", "Wheel cache of the builder", "Pip wheels are cached in /var/cache/pip."),
                ("memory_replacement", "Cron timezone", "Crons run in UTC: convert before comparing dates."),
                ("memory_candidate", "Flaky tour selectors", "Tours wait for .o_form_saved, not a sleep."),
                ("memory_archived", "Obsolete staging host", "Staging moved off host stg-01 in March."),
                ("memory_pinned", "Fencing tokens in storage", "Storage checks check_token before writes."),
            ]
            for key, topic, summary in make:
                answer = Memory.remember(topic, summary, session_id=SESSION, modules=[MODULE])
                assert answer["created"], f"access matrix: memory sample {key} merged into another"
                s[key] = env["practice.memory"].browse(answer["id"])
            s["memory_archived"].action_archive_memory()
            cls._force(s["memory_candidate"], {"promotion_state": "proposed"})
            cls._force(s["memory_pinned"], {"promotion_state": "accepted"})
        if cls._has("practice.adr"):
            Adr = env["practice.adr"]
            s["practice.adr"] = Adr.create(
                {"number": 9901, "name": "Matrix proposed ADR", "repo_id": repo.id}
            )
            s["adr_accepted"] = Adr.create(
                {"number": 9902, "name": "Matrix accepted ADR", "status": "accepted", "repo_id": repo.id}
            )
            s["adr_accepted"].superseded_by_id = s["practice.adr"]
            rule = {"rule": "Matrix rule.", "repo_id": repo.id}
            Rule = env["practice.rule"]
            s["practice.rule"] = Rule.create(dict(rule, name="Matrix proposed rule", status="proposed"))
            s["rule_active"] = Rule.create(dict(rule, name="Matrix active rule", status="active"))
            s["rule_retired"] = Rule.create(dict(rule, name="Matrix retired rule", status="retired"))
            s["practice.runbook"] = env["practice.runbook"].create(
                {"number": 9901, "name": "Matrix runbook", "steps": "1. Matrix.", "repo_id": repo.id}
            )
            s["practice.glossary.term"] = env["practice.glossary.term"].create(
                {"name": "Matrix sample term", "definition": "A sample.", "repo_id": repo.id}
            )
            s["practice.pattern"] = env["practice.pattern"].create(
                {"name": "Matrix pattern", "summary": "A sample.", "repo_id": repo.id}
            )
            s["practice.citation"] = env["practice.citation"].create(
                {
                    "name": "Matrix citation",
                    "entry_type": "citation",
                    "link": "https://example.com/matrix",
                    "takeaway": "A sample.",
                    "score": 90,
                    "repo_id": repo.id,
                }
            )
        if cls._has("practice.citation.digest"):
            s["practice.citation.digest"] = env["practice.citation.digest"].create(
                {
                    "name": "Matrix week",
                    "date_from": "2026-01-05",
                    "date_to": "2026-01-09",
                    "repo_id": repo.id,
                    "citation_ids": [(6, 0, s["practice.citation"].ids)],
                }
            )
        if cls._has("practice.cost.budget"):
            s["practice.cost.budget"] = env["practice.cost.budget"].create(
                {"name": "Matrix budget", "daily_amount": 10.0}
            )
        if cls._has("practice.sop.run"):
            Run = as_owner["practice.sop.run"]
            # the SOP the repository runs: its own, else the global one
            s["practice.sop"] = env["practice.sop"]._for_repo(repo, ARGUMENTS["sop_code"])
            s["practice.sop.step"] = s["practice.sop"].step_ids[:1]
            s["practice.sop.run"] = env["practice.sop.run"].browse(
                Run.start(ARGUMENTS["sop_code"], "Matrix running run", session_id=SESSION)["id"]
            )
            s["practice.sop.run.step"] = s["practice.sop.run"].step_result_ids.sorted("sequence")[:1]
            s["sop_run_draft"] = env["practice.sop.run"].browse(
                as_owner["practice.sop.run"]._create_run(s["practice.sop"], "Matrix draft run", "low").id
            )
            for key in ("sop_run_steps_done", "sop_run_completed"):
                answer = Run.start(ARGUMENTS["sop_code"], f"Matrix {key}")
                for step in answer["steps"]:
                    Run.step(answer["id"], step["sequence"], "completed", result=f"result {step['sequence']}")
                s[key] = env["practice.sop.run"].browse(answer["id"])
            Run.finish(s["sop_run_completed"].id)
            cls._force(s["sop_run_completed"], {"resolution": "Matrix lesson."})
            if cls._has("practice.postmortem"):
                answer = Run.postmortem(s["sop_run_completed"].id)
                s["practice.postmortem"] = env["practice.postmortem"].browse(answer["id"])
            Run.env["practice.error.code"].register(ERROR_CODE, "high", "Matrix sample error code.")
            s["practice.error.code"] = env["practice.error.code"].search([("name", "=", ERROR_CODE)])
        if cls._has("practice.eval.check"):
            answer = as_owner["practice.eval.check"].push_check(
                "coverage", '<coverage line-rate="0.9"/>', commit="0123456789abcdef"
            )
            s["practice.eval.check"] = env["practice.eval.check"].browse(answer["id"])
        if cls._has("practice.eval.run"):
            answer = as_owner["practice.eval.run"].import_junit(JUNIT, session_id=SESSION)
            run = env["practice.eval.run"].browse(answer["id"])
            s["practice.eval.run"] = run
            s["practice.eval.case"] = env["practice.eval.case"].search([("run_id", "=", run.id)], limit=1)
            s["practice.eval.scenario"] = s["practice.eval.case"].scenario_id
            s["practice.eval.run.category"] = env["practice.eval.run.category"].search(
                [("run_id", "=", run.id)], limit=1
            )
        if cls._has("practice.watchdog.snapshot"):
            Snapshot = as_owner["practice.watchdog.snapshot"]
            profile = env.ref("practice_watchdog.profile_default")
            s["practice.watchdog.profile"] = profile
            s["practice.watchdog.profile.model"] = profile.model_ids[:1]
            before = Snapshot.take("matrix before", models=["res.partner"], session_id=SESSION)
            after = Snapshot.take("matrix after", models=["res.partner"], session_id=SESSION)
            snapshot = env["practice.watchdog.snapshot"].browse(before["id"])
            s["practice.watchdog.snapshot"] = snapshot
            s["practice.watchdog.snapshot.line"] = snapshot.line_ids[:1]
            diff = env["practice.watchdog.diff"].browse(
                Snapshot.compare(before["id"], after["id"])["diff_id"]
            )
            s["practice.watchdog.diff"] = diff
            s["practice.watchdog.diff.line"] = diff.line_ids[:1]
            Alert = env["practice.watchdog.alert"]
            alert = {"kind": "diff", "severity": "high", "diff_id": diff.id, "profile_id": profile.id}
            s["practice.watchdog.alert"] = Alert.create(dict(alert, name="Matrix new alert"))
            s["alert_resolved"] = Alert.create(dict(alert, name="Matrix resolved alert", state="resolved"))
            # a minute of yesterday: this minute's res.partner row may exist already (the
            # watchdog's triggers counted the test users' partners into a random slot)
            minute = fields.Datetime.now().replace(second=0, microsecond=0) - timedelta(days=1)
            s["practice.watchdog.counter"] = env["practice.watchdog.counter"].create(
                {"model": "res.partner", "minute": minute, "creates": 1}
            )
        if cls._has("practice.watchdog.target"):
            # archived: Pull now answers a UserError instead of reaching the network
            target = env["practice.watchdog.target"].create(
                {
                    "name": "Matrix target",
                    "url": "http://127.0.0.1:9",
                    "db": "matrix",
                    "login": "w",
                    "active": False,
                }
            )
            s["practice.watchdog.target"] = target
            s["practice.watchdog.target.alert"] = env["practice.watchdog.target.alert"].create(
                {
                    "target_id": target.id,
                    "remote_id": 1,
                    "name": "Matrix mirrored",
                    "severity": "high",
                    "state": "new",
                }
            )
        if cls._has("project.task") and "is_deploy" in env["project.task"]._fields:
            # the gates of the bridge addons stay as configured: their details are per user
            params.set_param("practice_deploy.endpoint", "http://127.0.0.1:9/matrix")
            params.set_param("practice_deploy.secret", "matrix-secret-0123456789")
            project = env["project.project"].create({"name": "Matrix project"})
            Task = as_owner["project.task"]
            values = {
                "project_id": project.id,
                "is_deploy": True,
                "deploy_branch": "main",
                "deploy_commit_message": "matrix",
                "deploy_environment": "staging",
                "deploy_image_tag": "1.0.0",
            }
            s["project.task"] = s["task_draft"] = Task.create(dict(values, name="Matrix draft deploy"))
            s["task_ready"] = Task.create(dict(values, name="Matrix ready deploy"))
            s["task_ready"].action_deploy_ready()
            s["task_deployed"] = Task.create(dict(values, name="Matrix deployed deploy"))
            cls._force(s["task_deployed"], {"deploy_state": "deployed", "deploy_deployment_id": "matrix-1"})
        for key, record in s.items():
            s[key] = record.with_env(env)
            assert len(record) == 1, f"access matrix: sample {key} is {record!r}, not one record"

    @staticmethod
    def _force(record, vals):
        """Set sample fields that only the model's own flow sets (as superuser)."""
        record.sudo().write(vals)

    def _wizard_values(self, model_name, name):
        """Values a client sends when it opens wizard ``model_name`` for method ``name``."""
        s = self.samples
        values = {
            "practice.ai.user.wizard": {"name": "Matrix AI", "login": "t_matrix_new_ai"},
            "practice.deploy.secret.wizard": {"target": "bearer_token", "value": "matrix-bearer-0123456789"},
            "practice.eval.upload.wizard": {
                "report_file": base64.b64encode(JUNIT.encode()),
                "report_filename": "matrix.xml",
            },
            "practice.vault.wizard": {"zip_file": zipped(*TERM_FILE), "zip_name": "matrix.zip"},
        }
        if "practice.lock" in s:
            values["practice.lock.force.wizard"] = {"lock_id": s["practice.lock"].id, "reason": "matrix"}
        if "practice.memory" in s:
            values["practice.memory.supersede"] = {
                "memory_id": s["practice.memory"].id,
                "replacement_id": s["memory_replacement"].id,
            }
        if "practice.sop.run" in s:
            values["practice.sop.step.wizard"] = {
                "run_id": s["practice.sop.run"].id,
                "step_id": s["practice.sop.run.step"].id,
                "target": "completed",
                "result": "matrix result",
            }
        result = dict(values.get(model_name, {}))
        if (model_name, name) == ("practice.vault.wizard", "action_apply"):
            result["state"] = "checked"
        return result

    def _arguments(self, model_name, name):
        """Required parameters of ``model_name.name`` by name: the samples it acts on."""
        s = self.samples
        values = dict(ARGUMENTS)
        values.update(session_id=SESSION, modules=[MODULE], module=MODULE, code=ERROR_CODE)
        if "practice.lock" in s:
            values["token"] = s["practice.lock"].token
        if "practice.sop.run" in s:
            values.update(run_id=s["practice.sop.run"].id, sequence=1, state="completed", result="matrix")
        if "practice.watchdog.snapshot" in s:
            values["before_id"] = s["practice.watchdog.snapshot"].id
            values["alert_id"] = s["practice.watchdog.alert"].id
        if "practice.memory" in s:
            values["replacement"] = s["memory_replacement"].id
        if "project.task" in s:
            values["task_id"] = s["task_ready"].id
        by_method = {
            ("practice.context", "get"): {"kind": "rule", "ref": s["practice.rule"].id}
            if "practice.rule" in s
            else {"kind": "none", "ref": 1},
            ("practice.session.log", "start"): {"session_id": "matrix-new-session"},
            ("practice.lock", "acquire"): {
                "module": "matrix_free_module",
                "session_id": "matrix-new-session",
            },
            ("practice.error.code", "register"): {"code": "MATRIX_NEW_CODE"},
            ("practice.eval.check", "push_check"): {
                "kind": "coverage",
                "content": '<coverage line-rate="0.9"/>',
                "commit": "0123456789abcdef",
            },
            ("practice.sop.run", "draft_rule"): {"run_id": s["sop_run_completed"].id}
            if "sop_run_completed" in s
            else {},
            ("practice.sop.run", "finish"): {"run_id": s["sop_run_steps_done"].id}
            if "sop_run_steps_done" in s
            else {},
            ("practice.sop.run", "postmortem"): {"run_id": s["sop_run_completed"].id}
            if "sop_run_completed" in s
            else {},
            # a wrong master password: refused before any database is touched
            ("practice.watchdog.sandbox", "duplicate"): {
                "master_password": "not the matrix's",
                "template": "matrix_template",
                "name": "sbx_matrix",
            },
        }
        values.update(by_method.get((model_name, name), {}))
        if name == "create":
            values["vals_list"] = [self._create_values(model_name)]
        if name == "default_get":
            values["fields_list"] = list(self.env[model_name]._fields)
        return values

    def _create_values(self, model_name):
        """Values of a direct ``create`` of ``model_name``: the required fields that a caller may
        set (so that a group allowed to create creates; ``{}`` where the model's own checks
        refuse every direct create, or none of the low groups may create)."""
        if self.env[model_name]._transient:
            return self._wizard_values(model_name, "create")
        s = self.samples
        values = {
            "practice.memory": {"topic": "Direct create topic", "summary": "A memory created directly."},
            "practice.session.log": {"name": "matrix-direct-session", "title": "Direct create"},
            "practice.error.code": {"name": "MATRIX_DIRECT_CODE", "description": "Created directly."},
            "practice.eval.run": {"name": "Matrix direct run"},
        }
        if "practice.session.log" in s:
            values["practice.session.log.entry"] = {
                "session_log_id": s["practice.session.log"].id,
                "kind": "note",
                "text": "A note created directly.",
            }
        return dict(values.get(model_name, {}))

    def _target(self, model_name, name, function):
        """What ``name`` is called on: ``None`` for the model (``@api.model``), ``"wizard"`` for a
        wizard each user creates, else the ids of the sample (empty when there is none)."""
        Model = self.env[model_name]
        if getattr(function, "_api", None):
            return None
        if Model._transient:
            return "wizard"
        sample = self.samples.get(RECORD_SAMPLES.get(f"{model_name}.{name}", model_name))
        return sample.ids if sample else []

    # ------------------------------------------------------------------ one call
    def _call_outcome(self, user, model_name, name, function, target, escapes):
        """``(outcome, detail)`` of one call as ``user``, rolled back whatever it did."""
        Model = self.env[model_name].with_user(user)
        args, kwargs = call_arguments(function, self._arguments(model_name, name))
        cr = self.env.cr
        invalidated = set(self.registry.cache_invalidated)

        def escape(what):
            def refuse(*_args, **_kwargs):
                escapes.add(what)
                raise _Escape(f"{what} refused by the access matrix test")

            return refuse

        try:
            with ExitStack() as stack:
                stack.enter_context(patch.object(socket.socket, "connect", escape("network")))
                stack.enter_context(patch.object(socket.socket, "connect_ex", escape("network")))
                stack.enter_context(patch.object(Registry, "cursor", escape("a new cursor")))
                stack.enter_context(patch.object(cr, "commit", escape("a commit")))
                # a constraint the minimal values break is an answer here, not a bad query to log
                stack.enter_context(mute_logger("odoo.sql_db"))
                with cr.savepoint():
                    if target is None:
                        records = Model
                    elif target == "wizard":
                        records = Model.browse()
                        if name != "create":
                            records = Model.create(self._wizard_values(model_name, name))
                    else:
                        records = Model.browse(target)
                    result = getattr(records, name)(*args, **kwargs)
                    self.env.flush_all()
                    raise _RolledBack(result)
        except _RolledBack as done:
            return ALLOWED, f"ok {short(repr(done.args[0]), 90)}"
        except AccessError as err:
            return DENIED, f"AccessError: {short(err)}"
        except Exception as err:  # any other outcome got past access control
            return ALLOWED, f"{type(err).__name__}: {short(err)}"
        finally:
            self.env.transaction.clear()
            if self.registry.cache_invalidated - invalidated:
                self.registry.clear_all_caches()

    # ------------------------------------------------------------------ the test
    def test_every_public_method_has_its_access_decision(self):
        columns = [index for index, key in enumerate(GROUPS) if key in self.users]
        observed, details, escaped, unsampled = {}, {}, {}, set()
        for model_name, methods in practice_methods(self.env.registry).items():
            for name in sorted(methods):
                key = f"{model_name}.{name}"
                expected = MATRIX.get(key, "")
                if expected.startswith(SKIP):
                    observed[key] = expected
                    continue
                function = getattr(type(self.env[model_name]), name)
                target = self._target(model_name, name, function)
                Model = self.env[model_name]
                if target == [] and Model._auto and not Model._abstract:
                    unsampled.add(f"{model_name} (for {name})")
                outcome, lines, escapes = [], [], set()
                for group in GROUPS:
                    user = self.users.get(group)
                    if not user:
                        outcome.append("?")
                        continue
                    result, detail = self._call_outcome(user, model_name, name, function, target, escapes)
                    try:
                        self.env.cr.execute("SELECT 1")
                    except Exception as err:  # said in the failure
                        self.fail(f"the transaction is broken after {key} as {group}: {err}")
                    outcome.append(result)
                    lines.append(f"    #   {group}: {detail}")
                observed[key] = "".join(outcome)
                details[key] = lines
                if escapes:
                    escaped[key] = escapes
        dump = os.environ.get("PRACTICE_MATRIX_DUMP")
        if dump:
            with_details = os.environ.get("PRACTICE_MATRIX_DETAILS")
            with open(dump, "w", encoding="utf-8") as out:
                for key, value in sorted(observed.items()):
                    out.write(row_text(key, value) + "\n")
                    if with_details:
                        out.write("".join(f"{line}\n" for line in details.get(key, ())))
                        if key in escaped:
                            out.write(f"    #   ESCAPES: {', '.join(sorted(escaped[key]))}\n")
            return
        problems = [
            f"model {what} has no sample record: a call on no record checks nothing; build one in "
            "_build_samples"
            for what in sorted(unsampled)
        ]
        for key, outcome in sorted(observed.items()):
            expected = MATRIX.get(key)
            if key in escaped:
                problems.append(
                    f"method {key} reached {', '.join(sorted(escaped[key]))}, which a savepoint does "
                    f'not roll back: give it a row "{SKIP} <why>" instead of calling it'
                )
            if expected is None:
                problems.append(
                    f"method {key} has no access decision in the matrix; observed row:\n"
                    f"{row_text(key, outcome)}"
                )
            elif expected.startswith(SKIP):
                continue
            elif [expected[i] for i in columns] != [outcome[i] for i in columns]:
                problems.append(
                    f"method {key}: expected {expected}, observed {outcome} (groups {GROUPS_SHORT}); "
                    f"if intended:\n{row_text(key, outcome)}\n" + "\n".join(details[key])
                )
        # a row nobody defines any more: only knowable when every practice addon is installed
        missing_addons = self.env["ir.module.module"].search_count(
            [("name", "=like", "practice\\_%"), ("state", "!=", "installed")]
        )
        if not missing_addons:
            for key in sorted(set(MATRIX) - set(observed)):
                problems.append(
                    f"method {key} is in the matrix but no practice addon defines it: remove its row"
                )
        self.assertFalse(problems, "\n" + "\n".join(problems))
