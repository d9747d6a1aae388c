# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The knowledge vault's file formats, one module per kind (see ``tools/vault_format.py``,
the facade the rest of the code imports)."""
