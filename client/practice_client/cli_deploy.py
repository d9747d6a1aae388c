"""Command-line side of practice_deploy: `practice deploy …`. Registered on the main group by
:func:`register` (cli.py keeps one line for it)."""


def register(cli):
    """Add this addon's commands to the ``practice`` group ``cli``."""
