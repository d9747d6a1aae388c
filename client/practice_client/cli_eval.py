"""Command-line side of practice_eval: `practice eval …`. Registered on the main group by
:func:`register` (cli.py keeps one line for it)."""


def register(cli):
    """Add this addon's commands to the ``practice`` group ``cli``."""
