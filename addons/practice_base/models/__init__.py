# isort: off
# the mixins first: other models of this addon inherit it
from . import practice_repo_mixin
from . import practice_guarded_mixin
from . import practice_repo
from . import practice_code_module
from . import practice_context
from . import res_config_settings
from . import res_users
# isort: on
