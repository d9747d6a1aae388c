from . import practice_vault_wizard
