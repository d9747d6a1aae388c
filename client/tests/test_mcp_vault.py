"""The vault over MCP (through the SDK's own client): the same push and pull as ``practice
vault`` — the folder's files sent all or nothing, the versions of the pull kept in the folder
and sent back as the push's base, never a prune or a force."""

import anyio
import pytest
from mcp import Client
from practice_client.mcp_server import build_server

pytestmark = pytest.mark.integration

RULE = "---\ntitle: Locks first\ndate: 2026-11-02\nseverity: high\n---\n\n## Rule\n\nLock first.\n"


class Server:
    def __init__(self):
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        if method == "export_files":
            return {
                "files": {"rules/locks-first.md": RULE},
                "versions": {"rules/locks-first.md": "v1"},
                "repo": "shop",
            }
        return {
            "created": [],
            "updated": ["rules/locks-first.md"],
            "unchanged": [],
            "errors": [],
            "repo": "shop",
            "versions": {"rules/locks-first.md": "v2"},
        }


def test_vault_pull_then_push_over_mcp(tmp_path):
    server = Server()
    folder = tmp_path / "knowledge"

    async def scenario():
        async with Client(build_server(lambda: server, environ={"PRACTICE_REPO": "shop"})) as client:
            pulled = await client.call_tool("vault_pull", {"folder": str(folder)})
            (folder / "rules" / "locks-first.md").write_text(
                RULE.replace("Lock first.", "Lock first, always.")
            )
            pushed = await client.call_tool("vault_push", {"folder": str(folder)})
            missing = await client.call_tool("vault_push", {"folder": str(tmp_path / "nope")})
            return pulled, pushed, missing

    pulled, pushed, missing = anyio.run(scenario)
    assert pulled.structured_content["written"] == ["rules/locks-first.md"]
    assert (folder / ".practice-vault.json").exists(), "the pull keeps the versions in the folder"
    assert pushed.structured_content["updated"] == ["rules/locks-first.md"]
    (model, method, args, kwargs) = server.calls[-1]
    assert (model, method) == ("practice.vault", "import_files")
    assert args[0] == {"rules/locks-first.md": RULE.replace("Lock first.", "Lock first, always.")}
    assert kwargs["repo"] == "shop" and kwargs["base"] == {"rules/locks-first.md": "v1"}
    assert "prune" not in kwargs and "force" not in kwargs and kwargs["dry_run"] is False
    assert missing.is_error and "is not a folder" in missing.content[0].text
