"""The agents the hooks speak to besides Claude Code, each through its adapter module.

Each module translates its agent's hook protocol around the one policy (:mod:`.hooks`):
``answer(event, payload, unreadable, decide, failed) -> (code, stdout, stderr)`` in its agent's
protocol (``decide(sub_command, claude_payload)`` runs our handler, ``failed(sub_command,
error)`` is the answer of a hook that cannot decide, both in Claude Code's protocol) and
``install(root, command=, uninstall=) -> [lines]`` writing its agent's configuration. ``practice
hook --agent`` / ``practice hooks install --agent`` (:mod:`.hooks_cli`) and ``practice doctor``
read this registry; a new agent is one module and one line here.
"""

from . import adapter_cline, adapter_codex, adapter_cursor, adapter_gemini

ADAPTERS = {
    "cline": adapter_cline,
    "codex": adapter_codex,
    "cursor": adapter_cursor,
    "gemini": adapter_gemini,
}
# what each install writes, relative to the top of the work tree (doctor compares these)
CONFIG_PATHS = {
    "cline": (".clinerules/hooks",),
    "codex": (".codex/hooks.json", ".codex/config.toml"),
    "cursor": (".cursor/hooks.json", ".cursor/mcp.json"),
    "gemini": (".gemini/settings.json",),
}
AGENTS = ("claude-code", *ADAPTERS)
