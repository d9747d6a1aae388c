"""The ``practice`` command: Practice Stack from a terminal or an AI session.

Connection from the environment: PRACTICE_URL, PRACTICE_DB, PRACTICE_LOGIN and the secret in
PRACTICE_API_KEY (or PRACTICE_PASSWORD). Exit codes: 0 ok, 1 error, 2 usage or vault errors,
3 lock not granted / not ours, 4 watchdog diff flagged.

This module is the root group and the entry: each area's commands live in their own
``cli_<area>`` module (shared helpers in :mod:`.cli_common`) and are registered here.
"""

import sys

import click
from rich.markup import escape

from . import (
    __version__,
    cli_alert,
    cli_check,
    cli_cost,
    cli_deploy,
    cli_doctor,
    cli_eval,
    cli_knowledge,
    cli_lock,
    cli_memory,
    cli_note,
    cli_repo,
    cli_rules,
    cli_sandbox,
    cli_sop,
    cli_vault,
    cli_watchdog,
    hooks_cli,
)
from .cli_common import Ctx, err_console
from .rpc import PracticeError, Settings


@click.group()
@click.version_option(__version__, prog_name="practice")
@click.option("--url", help="Server URL (env PRACTICE_URL, default http://localhost:8069).")
@click.option("--db", help="Database (env PRACTICE_DB, default practice).")
@click.option("--login", help="Login (env PRACTICE_LOGIN, default admin).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON results.")
@click.pass_context
def cli(click_ctx, url, db, login, as_json):
    """Practice Stack: rules, locks, watchdog, memory — over XML-RPC."""
    click_ctx.obj = Ctx(Settings.from_env(url=url, db=db, login=login), as_json)


@cli.command()
def mcp():
    """Serve the practice tools to an AI client over MCP (stdio)."""
    from .mcp_server import main as mcp_main

    mcp_main()


# cli_rules last: it turns `practice rules` (cli_knowledge's listing) into a group that adds `export`
for _area in (
    cli_knowledge,
    cli_lock,
    cli_watchdog,
    cli_alert,
    cli_vault,
    cli_memory,
    cli_note,
    cli_cost,
    cli_repo,
    cli_sop,
    cli_eval,
    cli_check,
    cli_deploy,
    cli_doctor,
    cli_rules,
    cli_sandbox,
):
    _area.register(cli)
# the agent edge: `hook`, `hooks install`, and `lock guard|sync` on the lock group
hooks_cli.register(cli, cli_lock.lock)


def main():
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except PracticeError as err:
        err_console.print(f"[red]error:[/red] {escape(str(err))}")
        sys.exit(1)
    except (FileNotFoundError, UnicodeDecodeError, ValueError) as err:
        err_console.print(f"[red]error:[/red] {escape(str(err))}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # one line, never a traceback
        err_console.print(f"[red]error:[/red] {type(err).__name__}: {escape(str(err))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
