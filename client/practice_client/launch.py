"""Entry of the ``practice`` command and ``python -m practice_client``: ``hook pre-tool-use``
and ``hook post-tool-use`` (run around every tool call of an agent) take the lean paths of
:mod:`practice_client.hook_fast` without importing the full CLI (handed to them for what only
it may answer); every other command goes to :func:`practice_client.cli.main`."""

import sys


def main():
    if sys.argv[1:] == ["hook", "pre-tool-use"]:
        from .hook_fast import main as fast_main

        fast_main(full_cli=_cli_main)
        return
    if sys.argv[1:] == ["hook", "post-tool-use"]:
        from .hook_fast import post_main

        post_main(full_cli=_cli_main)
        return
    if sys.argv[1:] == ["hook", "user-prompt-submit"]:
        from .hook_fast import prompt_main

        prompt_main(full_cli=_cli_main)
        return
    _cli_main()


def _cli_main():
    from .cli import main as cli_main

    cli_main()
