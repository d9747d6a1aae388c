from . import lease
