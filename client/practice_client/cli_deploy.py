"""Command-line side of practice_deploy: `practice deploy …`. Registered on the main group by
:func:`register` (cli.py keeps one line for it)."""

import click

from .cli_common import pass_ctx, print_fields

STATUS_KEYS = (
    "state_label",
    "environment",
    "branch",
    "image_tag",
    "initiated_by",
    "approved_by",
    "attempts",
    "next_attempt_at",
    "last_error",
    "dispatched_at",
    "deployment_id",
    "previous_deployment_id",
    "deployed_at",
    "health",
    "followup_task_id",
    "verified_by",
)


def _human_status(data):
    click.echo(f"task {data['task_id']}: {data['name']}")
    print_fields({k: v for k, v in data.items() if v not in (None, False, "")}, STATUS_KEYS)
    for gate in data.get("gates") or []:
        click.echo(f"gate {'ok  ' if gate['ok'] else 'FAIL'} {gate['name']}: {gate['detail']}")
    if data.get("next_steps"):
        click.echo("next: " + ", ".join(data["next_steps"]))


def _step(ctx, method, task_id):
    """Run a deploy step on TASK; the server's refusal (wrong state, not an approver, own
    request, a gate) exits 3 with its message."""
    ctx.call_refusing("project.task", method, [task_id])
    data = ctx.call("project.task", "deploy_status", task_id)
    ctx.emit(data, _human_status)


def register(cli):
    """Add this addon's commands to the ``practice`` group ``cli``."""

    @cli.group()
    def deploy():
        """Deploy tasks: request review, approve (dispatches the signed event), status."""

    @deploy.command("request")
    @click.argument("task_id", metavar="TASK", type=int)
    @pass_ctx
    def deploy_request(ctx, task_id):
        """Draft -> Ready for Review: ask an approver to review deploy TASK."""
        _step(ctx, "action_deploy_ready", task_id)

    @deploy.command("approve")
    @click.argument("task_id", metavar="TASK", type=int)
    @pass_ctx
    def deploy_approve(ctx, task_id):
        """Deploy Approvers: approve TASK (not your own request; every gate must pass). The
        signed dispatch follows within a minute (the dispatch cron); exit 3 when refused."""
        _step(ctx, "action_deploy_approve", task_id)

    @deploy.command("redispatch")
    @click.argument("task_id", metavar="TASK", type=int)
    @pass_ctx
    def deploy_redispatch(ctx, task_id):
        """Deploy Approvers: send TASK again after its callback never came (No Answer), with a
        new idempotency key; exit 3 when refused."""
        _step(ctx, "action_deploy_redispatch", task_id)

    @deploy.command("verify")
    @click.argument("task_id", metavar="TASK", type=int)
    @pass_ctx
    def deploy_verify(ctx, task_id):
        """Deployed -> Verified: you checked production by hand."""
        _step(ctx, "action_deploy_verify", task_id)

    @deploy.command("status")
    @click.argument("task_id", metavar="TASK", type=int)
    @pass_ctx
    def deploy_status(ctx, task_id):
        """State, deployment id, attempts, gates and next steps of deploy TASK."""
        ctx.emit(ctx.call("project.task", "deploy_status", task_id), _human_status)
