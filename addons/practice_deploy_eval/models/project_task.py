# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models
from odoo.exceptions import UserError

# Gate parameters per environment: ir.config_parameter "practice_deploy_eval.<environment>_<key>".
# tests/lint: "1" required, "0" not; coverage: minimum line coverage in percent ("" or "off":
# not required); audit: most high + critical vulnerabilities allowed ("" or "off": not required).
GATE_PARAM = "practice_deploy_eval.%s_%s"
GATE_DEFAULTS = {
    "production": {"tests": "1", "coverage": "75", "lint": "1", "audit": "0"},
    "staging": {"tests": "1", "coverage": "off", "lint": "0", "audit": "off"},
}
OFF = ("", "off", "0", "false", "False", "no")


class ProjectTask(models.Model):
    _inherit = "project.task"

    def _deploy_eval_requirements(self):
        """``{"tests": bool, "coverage": float|None, "lint": bool, "audit": int|None}``: the
        checks the task's environment requires: the gates of the task's repository
        (:class:`practice.deploy.gate`), else the global parameters, else the defaults."""
        env = self.deploy_environment or "staging"
        required = self._deploy_eval_global_requirements(env)
        overrides = self.env["practice.deploy.gate"]._requirements_for(self._deploy_repository(), env)
        for kind, gate in overrides.items():
            if kind in ("tests", "lint"):
                required[kind] = bool(gate.required)
            elif kind == "coverage":
                required[kind] = max(0.0, gate.threshold) if gate.required else None
            elif kind == "audit":
                required[kind] = max(0, int(gate.threshold)) if gate.required else None
        return required

    def _deploy_eval_global_requirements(self, env):
        """The requirements of ``env`` for every repository without a gate of its own: the
        system parameters ``practice_deploy_eval.<env>_<kind>``, else the defaults."""
        defaults = GATE_DEFAULTS.get(env, GATE_DEFAULTS["staging"])
        params = self.env["ir.config_parameter"].sudo()

        def raw(key):
            value = params.get_param(GATE_PARAM % (env, key))
            return (defaults[key] if value in (None, False) else value).strip()

        def number(key, cast):
            for value in (raw(key), defaults[key]):
                if value.lower() in ("", "off", "false", "no"):
                    return None
                try:
                    return max(0, cast(float(value)))
                except ValueError:
                    continue
            return None

        return {
            "tests": raw("tests") not in OFF,
            "coverage": number("coverage", float),
            "lint": raw("lint") not in OFF,
            "audit": number("audit", int),
        }

    def _deploy_gates(self):
        gates = super()._deploy_gates()
        if not self._deploy_switch_on("gate_eval"):
            return gates
        required = self._deploy_eval_requirements()
        sha = (self.sudo().deploy_commit_sha or "").strip().lower()
        if sha:
            return gates + self._deploy_commit_gates(sha, required)
        if required["tests"]:
            gates.append(self._deploy_latest_run_gate())
        if required["coverage"] is not None or required["lint"] or required["audit"] is not None:
            gates.append(
                {
                    "name": _("Checks on the deploy commit"),
                    "ok": False,
                    "detail": _(
                        "the task names no commit SHA: coverage, lint and vulnerability checks are "
                        "matched to the commit deployed"
                    ),
                    "practice": True,
                }
            )
        return gates

    # ------------------------------------------------------------------ per commit
    def _deploy_commit_gates(self, sha, required):
        """One gate per check the environment requires, read on ``sha`` (a task's SHA may be
        abbreviated: runs and checks whose commit starts with it count)."""
        repo = self._deploy_repository()
        short = sha[:12]
        gates = []
        if required["tests"]:
            name = _("Tests green on %(commit)s", commit=short)
            run = (
                self.env["practice.eval.run"]
                .sudo()
                .search([("repo_id", "=", repo.id), ("commit", "=like", f"{sha}%")], limit=1)
            )
            if not run:
                gates.append(
                    {
                        "name": name,
                        "ok": False,
                        "detail": _("missing: no test run of this commit"),
                        "practice": True,
                    }
                )
            else:
                gates.append(
                    {
                        "name": name,
                        "ok": run.state == "green",
                        "detail": _(
                            "%(name)s: %(state)s, %(passed)s/%(ran)s passed",
                            name=run.name,
                            state=run.state,
                            passed=run.passed,
                            ran=run.tests - run.skipped,
                        ),
                        "practice": True,
                    }
                )
        found = {}
        if repo:
            for check in (
                self.env["practice.eval.check"]
                .sudo()
                .search([("repo_id", "=", repo.id), ("commit", "=like", f"{sha}%")])
            ):
                found.setdefault(check.kind, check)
        if required["coverage"] is not None:
            gates.append(
                self._deploy_check_gate(
                    _("Coverage ≥ %(min)s %% on %(commit)s", min=f"{required['coverage']:g}", commit=short),
                    found.get("coverage"),
                    lambda check: check.line_rate >= required["coverage"],
                    _("missing: no coverage check of this commit"),
                )
            )
        if required["lint"]:
            gates.append(
                self._deploy_check_gate(
                    _("Lint green on %(commit)s", commit=short),
                    found.get("lint"),
                    lambda check: check.state == "pass",
                    _("missing: no lint check of this commit"),
                )
            )
        if required["audit"] is not None:
            gates.append(
                self._deploy_check_gate(
                    _(
                        "At most %(max)s high/critical vulnerabilities on %(commit)s",
                        max=required["audit"],
                        commit=short,
                    ),
                    found.get("audit"),
                    lambda check: check.audit_high + check.audit_critical <= required["audit"],
                    _("missing: no vulnerability scan of this commit"),
                )
            )
        return gates

    def _deploy_check_gate(self, name, check, passes, missing):
        if not check:
            return {"name": name, "ok": False, "detail": missing, "practice": True}
        return {"name": name, "ok": bool(passes(check)), "detail": check.summary or "", "practice": True}

    # ------------------------------------------------------------------ no commit named
    def _deploy_latest_run_gate(self):
        """The gate of a task that names no commit: the latest eval run of the repository, of
        any commit, is green."""
        name = _("Latest eval run green")
        try:
            run = self.env["practice.eval.run"].sudo().latest(self.deploy_repo_id.id or None)
        except UserError as err:
            return {"name": name, "ok": False, "detail": str(err), "practice": True}
        if not run:
            detail, ok = _("no eval run of the repository yet"), False
        else:
            # practice_eval's one rule (tools/passrate.run_green): no failure, or the targets met
            ok = bool(run["green"])
            # passed of the tests that ran, as `practice eval latest` and the pass rate count
            detail = _(
                "%(name)s: %(state)s, %(passed)s/%(ran)s passed, %(skipped)s skipped",
                name=run["name"],
                state=run["state"],
                passed=run["passed"],
                ran=run["tests"] - run["skipped"],
                skipped=run["skipped"],
            )
            if run.get("target"):
                # green by the repository's pass-rate target (practice_eval decides green at import)
                detail += _(", target %(target)s%%", target=f"{run['target']:g}")
        # run names and pass counts: shown to practice Readers only (_deploy_gates_shown)
        return {"name": name, "ok": ok, "detail": detail, "practice": True}
