# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The access decision of every public RPC method of the practice addons, per group: the table
of test_access_matrix.py. One character per group, in the order of :data:`GROUPS`:

    D  the group's call is refused by access control (AccessError)
    a  the call gets past access control (a result, or a UserError/ValidationError about the
       state of the sample it was called on)

A new public method needs a row here (the test prints it); an ``a`` in a low group (portal,
internal, reader, ai_session) must be meant: the method answers only what that group may see.
A row ``"skip: <reason>"`` is a method the test does not call, because its call has effects a
savepoint does not roll back (the network, a commit, another cursor); there is none today (the
deploy dispatch and the crons are private methods, never called over RPC). Rows are grouped by
model; a comment says why an ``a`` of a low group is meant, and ``# HOLE: …`` marks a row that
records a known hole as it is today (fixing it changes the row).
"""

GROUPS = ("portal", "internal", "reader", "engineer", "manager", "ai_session", "deploy_approver")
SKIP = "skip:"

MATRIX = {
    # practice.adr
    "practice.adr.action_accept": "DDDaaDD",
    "practice.adr.action_deprecate": "DDDaaDD",
    "practice.adr.action_reject": "DDDaaDD",
    "practice.adr.action_supersede": "DDDaaDD",
    "practice.adr.create": "DDDaaDD",
    "practice.adr.write": "DDDaaDD",
    # practice.ai.user.key
    "practice.ai.user.key.create": "aaaaaaa",  # refused with a UserError for everyone: nothing is stored
    "practice.ai.user.key.exists": "aaaaaaa",  # an empty recordset: no key is stored
    # practice.ai.user.wizard
    "practice.ai.user.wizard.action_create": "DDDDaDD",
    # practice.citation
    "practice.citation.action_promote": "DDDaaDD",
    "practice.citation.action_promote_each": "DDDaaDD",
    # practice.citation.digest
    "practice.citation.digest.action_promote_all": "DDDaaDD",
    "practice.citation.create": "DDDaaDD",
    "practice.citation.write": "DDDaaDD",
    # practice.code.module
    "practice.code.module.create": "DDDaaDD",
    "practice.code.module.write": "DDDaaDD",
    # practice.context
    "practice.context.bundle": "DDaaaaD",  # Readers (and AI sessions) read the practice
    "practice.context.get": "DDaaaaD",  # Readers read every practice record
    "practice.context.prompt": "DDaaaaD",  # Readers (and AI sessions) read the practice
    "practice.context.search": "DDaaaaD",  # Readers read every practice record
    # practice.cost.budget (Managers set budgets; the alert levels are the check's alone)
    "practice.cost.budget.create": "DDDDaDD",
    "practice.cost.budget.write": "DDDDaDD",
    # practice.deploy.secret.wizard
    "practice.deploy.secret.wizard.action_apply": "DDDDDDD",
    "practice.deploy.secret.wizard.create": "DDDDDDD",
    # practice.error.code
    # AI sessions and Engineers create catalog entries; where a code was seen (run_ids) is guarded:
    # only register() links it, to the caller's own run (TestSopWizardEvidenceSecurity).
    "practice.error.code.create": "DDDaaaD",
    # AI sessions run SOPs and register codes (linking a run needs write on it)
    "practice.error.code.register": "DDDaaaD",
    "practice.error.code.show": "DDaaaaD",  # Readers read the catalog
    "practice.error.code.write": "DDDaaDD",
    # practice.eval.case
    "practice.eval.case.create": "DDDDDDD",
    "practice.eval.case.write": "DDDDDDD",
    # practice.eval.check
    # AI sessions may create (push_check); a direct create cannot set the guarded fields and fails
    "practice.eval.check.create": "DDDaaaD",
    # AI sessions push checks like they push runs (practice check push)
    "practice.eval.check.push_check": "DDDaaaD",
    "practice.eval.check.write": "DDDDaDD",
    # practice.eval.run
    "practice.eval.run.action_view_cases_by_category": "DDaaaaD",  # a window action; Readers read runs
    "practice.eval.run.action_view_failing": "DDaaaaD",  # a window action; Readers read runs
    # AI sessions may create (import_junit); a direct create cannot set the guarded repo_id and fails
    "practice.eval.run.create": "DDDaaaD",
    # AI sessions push their eval runs (practice eval push --session)
    "practice.eval.run.import_junit": "DDDaaaD",
    "practice.eval.run.latest": "DDaaaaD",  # Readers read runs
    "practice.eval.run.suite_state": "DDaaaaD",  # Readers read runs
    "practice.eval.run.trend": "DDaaaaD",  # Readers read runs
    "practice.eval.run.write": "DDDDaDD",
    # practice.eval.run.category
    "practice.eval.run.category.create": "DDDDDDD",
    "practice.eval.run.category.write": "DDDDDDD",
    # practice.eval.scenario
    "practice.eval.scenario.create": "DDDDDDD",
    "practice.eval.scenario.write": "DDDDDDD",
    # practice.eval.upload.wizard
    "practice.eval.upload.wizard.action_import": "DDDaaDD",
    # practice.glossary.term
    "practice.glossary.term.create": "DDDaaDD",
    "practice.glossary.term.write": "DDDaaDD",
    # practice.guarded.mixin
    "practice.guarded.mixin.create": "DDDDDDD",
    "practice.guarded.mixin.write": "aaaaaaa",  # abstract: no records, writes nothing
    # practice.lock
    "practice.lock.acquire": "DDDaaaD",  # AI sessions take locks in their own name
    "practice.lock.action_open_force_wizard": "DDDDaDD",
    "practice.lock.check_token": "DDaaaaD",  # Readers may check tokens
    "practice.lock.create": "aaaaaaa",  # refused with a UserError except as superuser (acquire)
    "practice.lock.force_release": "DDDDaDD",
    "practice.lock.held": "DDaaaaD",  # Readers may list live locks (as their rules let them read)
    "practice.lock.release": "DDDDDDD",
    "practice.lock.renew": "DDDDDDD",
    "practice.lock.verify": "DDaaaaD",  # Readers may verify
    "practice.lock.write": "DDDDaDD",
    # practice.lock.event
    "practice.lock.event.create": "aaaaaaa",  # refused with a UserError except as superuser (the lock API)
    "practice.lock.event.write": "DDDDDDD",
    # practice.lock.force.wizard
    "practice.lock.force.wizard.action_force_release": "DDDDaDD",
    # practice.memory
    "practice.memory.action_accept_promotion": "DDDaaDD",
    "practice.memory.action_archive_memory": "DDDaaDD",
    "practice.memory.action_dismiss_promotion": "DDDaaDD",
    "practice.memory.action_restore": "DDDaaDD",
    "practice.memory.action_supersede_by": "DDDaaDD",
    "practice.memory.action_unpin": "DDDaaDD",
    "practice.memory.create": "DDDaaDD",
    "practice.memory.export_memory_md": "DDaaaaD",  # Readers read every memory
    "practice.memory.index": "DDaaaaD",  # Readers read every memory (AI drafts of others left out)
    "practice.memory.remember": "DDDaaaD",  # AI sessions remember findings
    "practice.memory.write": "DDDaaDD",
    # practice.memory.supersede
    "practice.memory.supersede.action_confirm": "DDDaaDD",
    # defaults only ({} without an active memory in the context)
    "practice.memory.supersede.default_get": "aaaaaaa",
    # practice.pattern
    "practice.pattern.create": "DDDaaDD",
    "practice.pattern.write": "DDDaaDD",
    # practice.repo
    # a window action only: no record data (the list applies the caller's rights)
    "practice.repo.action_view_modules": "aaaaaaa",
    "practice.repo.create": "DDDDaDD",
    "practice.repo.write": "DDDDaDD",
    # practice.rule
    "practice.rule.action_accept": "DDDaaDD",
    "practice.rule.action_reactivate": "DDDDaDD",
    "practice.rule.action_retire": "DDDDaDD",
    "practice.rule.action_view_runbooks": "DDaaaaD",  # a window action; Readers read rules
    "practice.rule.create": "DDDaaDD",
    "practice.rule.write": "DDDaaDD",
    # practice.runbook
    "practice.runbook.create": "DDDaaDD",
    "practice.runbook.write": "DDDaaDD",
    # practice.sandbox (each user's own; Managers all)
    "practice.sandbox.create": "DDDaaaD",
    "practice.sandbox.mark_dropped": "DDaaaaD",  # a Reader finds none of their own: a UserError
    "practice.sandbox.register": "DDDaaaD",
    "practice.sandbox.sandboxes": "DDaaaaD",  # the caller's own sandboxes only
    "practice.sandbox.template_connections": "DDDaaaD",
    "practice.sandbox.write": "DDDDaDD",
    # practice.session.log
    "practice.session.log.action_abandon": "DDDaaDD",
    "practice.session.log.action_view_eval_runs": "DDaaaaD",  # a window action; Readers read sessions
    "practice.session.log.action_view_locks": "DDaaaaD",  # a window action; Readers read sessions
    "practice.session.log.action_view_snapshots": "DDaaaaD",  # a window action; Readers read sessions
    # AI sessions create their own logs (owner and state are guarded)
    "practice.session.log.create": "DDDaaaD",
    "practice.session.log.describe": "DDaaaaD",  # Readers read every session
    "practice.session.log.export_session_files": "DDaaaaD",  # Readers read every session
    "practice.session.log.finish": "DDDaaDD",
    "practice.session.log.note": "DDDaaDD",
    "practice.session.log.record_target": "DDDaaDD",
    "practice.session.log.record_usage": "DDDDaDD",  # the session's owner (the samples': a Manager) or a Manager
    # only the session's own user renames it, nobody else (the samples' owner is none of these users)
    "practice.session.log.retitle": "DDDDDDD",
    "practice.session.log.sessions": "DDaaaaD",  # Readers read every session
    "practice.session.log.start": "DDDaaaD",  # AI sessions start their own sessions
    "practice.session.log.write": "DDDaaDD",
    # practice.session.log.entry
    "practice.session.log.entry.create": "DDDaaDD",
    "practice.session.log.entry.write": "DDDaaDD",
    # practice.session.usage (written by record_usage only; Managers pass the ACL, the guard refuses counts)
    "practice.session.usage.create": "DDDDaDD",
    "practice.session.usage.report": "DDaaaaD",  # Readers read every session's cost
    "practice.session.usage.write": "DDDDaDD",
    # practice.postmortem (written by practice.sop.run.postmortem; an AI session's direct create
    # passes the ACL and fails on the record rule or the required fields: its own runs only)
    "practice.postmortem.create": "DDDaaaD",
    "practice.postmortem.write": "DDDaaDD",
    # practice.sop
    "practice.sop.action_new_run": "DDDaaaD",  # AI sessions run SOPs (their own runs)
    # a window action only: no record data (the list applies the caller's rights)
    "practice.sop.action_view_runs": "aaaaaaa",
    "practice.sop.create": "DDDDaDD",
    "practice.sop.write": "DDDDaDD",
    # practice.sop.category
    "practice.sop.category.list_categories": "DDaaaaD",  # Readers read the category catalog
    # practice.sop.run
    "practice.sop.run.action_complete": "DDDaaDD",
    # smart button to the deploy task: Readers read every run (the task form applies its own rights)
    "practice.sop.run.action_deploy_view_task": "DDaaaaD",
    "practice.sop.run.add_measure": "DDDaaDD",
    "practice.sop.run.action_postmortem": "DDDaaDD",
    "practice.sop.run.action_draft_rule": "DDDaaDD",
    # opens the caller's own wizard; confirming it on another's run is refused
    "practice.sop.run.action_open_abort": "DDDaaaD",
    "practice.sop.run.action_start": "DDDaaDD",
    "practice.sop.run.create": "aaaaaaa",  # refused with a UserError unless granted (start)
    "practice.sop.run.draft_rule": "DDDaaDD",
    "practice.sop.run.finish": "DDDaaDD",
    "practice.sop.run.get_run": "DDaaaaD",  # Readers read every run
    "practice.sop.run.list_runs": "DDaaaaD",  # Readers read every run
    "practice.sop.run.postmortem": "DDDaaDD",  # AI sessions: of their own runs only
    "practice.sop.run.start": "DDDaaaD",  # AI sessions run SOPs (their own runs)
    "practice.sop.run.step": "DDDaaDD",
    "practice.sop.run.write": "DDDaaDD",
    # practice.sop.run.step
    "practice.sop.run.step.action_begin": "DDDaaDD",
    # opens the caller's own wizard; confirming it on another's run is refused
    "practice.sop.run.step.action_open_done": "DDDaaaD",
    # opens the caller's own wizard; confirming it on another's run is refused
    "practice.sop.run.step.action_open_skip": "DDDaaaD",
    "practice.sop.run.step.create": "aaaaaaa",  # refused with a UserError unless granted (start)
    "practice.sop.run.step.write": "DDDaaDD",
    # practice.sop.step
    "practice.sop.step.create": "DDDDaDD",
    "practice.sop.step.unlink": "DDDDaDD",
    "practice.sop.step.write": "DDDDaDD",
    # practice.sop.step.wizard
    "practice.sop.step.wizard.action_confirm": "DDDaaDD",
    # practice.vault
    "practice.vault.export_files": "DDaaaaD",  # Readers export the vault
    "practice.vault.file_versions": "DDaaaaD",  # Readers read the vault
    "practice.vault.import_files": "DDDaaDD",
    # practice.vault.record
    "practice.vault.record.create": "DDDDDDD",
    "practice.vault.record.write": "aaaaaaa",  # abstract: no records, writes nothing
    # practice.vault.wizard
    "practice.vault.wizard.action_apply": "DDDaaDD",
    "practice.vault.wizard.action_check": "DDaaaaD",  # Readers dry-run a vault import
    "practice.vault.wizard.action_export": "DDaaaaD",  # Readers export the vault
    "practice.vault.wizard.action_reset": "DDaaaaD",  # the caller's own wizard
    # practice.watchdog.alert
    "practice.watchdog.alert.acknowledge": "DDDaaaD",  # AI sessions acknowledge alerts they read (triage)
    "practice.watchdog.alert.action_acknowledge": "DDDaaDD",
    # a window action; the diff is read with the caller's rights
    "practice.watchdog.alert.action_open_diff": "DDaaaaD",
    "practice.watchdog.alert.action_reopen": "DDDDaDD",
    "practice.watchdog.alert.action_resolve": "DDDDaDD",
    "practice.watchdog.alert.action_start_triage": "DDDaaaD",  # AI sessions start triage runs of their own
    # a window action only: no record data (the list applies the caller's rights)
    "practice.watchdog.alert.action_view_sop_runs": "aaaaaaa",
    "practice.watchdog.alert.create": "DDDDDDD",
    # the master password is the service's gate (a wrong one: AccessDenied, a UserError)
    "practice.watchdog.sandbox.duplicate": "DDDaaaD",
    "practice.watchdog.alert.list_alerts": "DDaaaaD",  # Readers read alerts (burst alerts of models they read)
    "practice.watchdog.alert.resolve": "DDDDaDD",
    "practice.watchdog.alert.start_triage": "DDDaaaD",  # AI sessions start triage runs of their own
    "practice.watchdog.alert.write": "DDDaaDD",
    # practice.watchdog.counter
    "practice.watchdog.counter.create": "DDDDDDD",
    "practice.watchdog.counter.write": "DDDDDDD",
    # practice.watchdog.diff
    "practice.watchdog.diff.create": "DDDDDDD",
    "practice.watchdog.diff.write": "aaaaaaa",  # refused with a UserError for everyone: immutable
    # practice.watchdog.diff.line
    "practice.watchdog.diff.line.create": "DDDDDDD",
    "practice.watchdog.diff.line.write": "aaaaaaa",  # refused with a UserError for everyone: immutable
    # practice.watchdog.profile
    # AI sessions take snapshots in their own name
    "practice.watchdog.profile.action_take_snapshot": "DDDaaaD",
    # a window action only: no record data (the list applies the caller's rights)
    "practice.watchdog.profile.action_view_alerts": "aaaaaaa",
    # a window action only: no record data (the list applies the caller's rights)
    "practice.watchdog.profile.action_view_snapshots": "aaaaaaa",
    "practice.watchdog.profile.unlink": "DDDDaDD",
    "practice.watchdog.profile.write": "DDDDaDD",
    # practice.watchdog.profile.model
    "practice.watchdog.profile.model.create": "DDDDaDD",
    "practice.watchdog.profile.model.unlink": "DDDDaDD",
    "practice.watchdog.profile.model.write": "DDDDaDD",
    # practice.watchdog.snapshot
    "practice.watchdog.snapshot.action_compare_with_now": "DDDaaDD",
    "practice.watchdog.snapshot.compare": "DDDaaaD",  # AI sessions compare snapshots of models they read
    "practice.watchdog.snapshot.create": "DDDDDDD",
    "practice.watchdog.snapshot.take": "DDDaaaD",  # AI sessions take snapshots in their own name
    "practice.watchdog.snapshot.write": "aaaaaaa",  # refused with a UserError for everyone: immutable
    # practice.watchdog.snapshot.line
    "practice.watchdog.snapshot.line.create": "DDDDDDD",
    "practice.watchdog.snapshot.line.write": "aaaaaaa",  # refused with a UserError for everyone: immutable
    # practice.watchdog.target (practice_watchdog_fleet: Managers configure and pull, Engineers read)
    "practice.watchdog.target.action_pull_now": "DDDDaDD",  # the sample is archived: no network
    "practice.watchdog.target.action_view_alerts": "DDDaaDD",
    "practice.watchdog.target.create": "DDDDaDD",
    "practice.watchdog.target.write": "DDDDaDD",
    # practice.watchdog.target.alert (the fleet pull's mirror: read-only)
    "practice.watchdog.target.alert.action_open_on_target": "DDDaaDD",
    "practice.watchdog.target.alert.create": "DDDDDDD",
    "practice.watchdog.target.alert.write": "DDDDDDD",
    # project.task
    "project.task.action_deploy_approve": "DDDDaDa",
    "project.task.action_deploy_back_to_draft": "DDDDDDD",
    "project.task.action_deploy_ready": "DDDDDDD",
    "project.task.action_deploy_redispatch": "DDDDaDa",
    "project.task.action_deploy_verify": "DDDDDDD",
    # smart button: whoever reads the task gets its triage runs they may read (none without practice rights)
    "project.task.action_deploy_view_triage_runs": "Daaaaaa",
    "project.task.create": "Daaaaaa",  # Odoo Project's rights (deploy state fields are guarded)
    # any reader of the task (Project visibility); practice gate details to Readers only
    "project.task.deploy_status": "Daaaaaa",
    "project.task.write": "DDDDDDD",
    # res.config.settings
    # Odoo core answers config_parameter fields to any internal user; practice_base drops every practice
    # field (and every field the caller may not read) unless the caller is a system administrator
    # (TestSettingsNotReturned).
    "res.config.settings.default_get": "Daaaaaa",
    # the burst cron interval only (practice_watchdog): no practice record
    "res.config.settings.get_values": "aaaaaaa",
    "res.config.settings.set_values": "DDDDDDD",
}
