"""Entry of the ``practice`` command and ``python -m practice_client``: ``hook pre-tool-use``
(run before every edit of an agent) takes the lean path of :mod:`practice_client.hook_fast`
without importing the full CLI; every other command goes to :func:`practice_client.cli.main`."""

import sys


def main():
    if sys.argv[1:] == ["hook", "pre-tool-use"]:
        from .hook_fast import main as fast_main

        fast_main(full_cli=_cli_main)
        return
    _cli_main()


def _cli_main():
    from .cli import main as cli_main

    cli_main()
