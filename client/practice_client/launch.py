"""Entry of ``python -m practice_client``: the lean hook paths of
:func:`practice_client.hook_fast.launch` (``hook pre-tool-use``, ``hook post-tool-use``,
``hook user-prompt-submit``), every other command to :func:`practice_client.cli.main`. The
``practice`` script (``client/scripts/practice``) calls ``hook_fast.launch`` itself: one module
fewer to import before every tool call."""

from .hook_fast import launch


def main():
    launch(_cli_main)


def _cli_main():
    from .cli import main as cli_main

    cli_main()
