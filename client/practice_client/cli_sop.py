"""Command-line side of practice_sop: `practice sop …` and `practice error-code …`. Registered on the main group by
:func:`register` (cli.py keeps one line for it)."""


def register(cli):
    """Add this addon's commands to the ``practice`` group ``cli``."""
