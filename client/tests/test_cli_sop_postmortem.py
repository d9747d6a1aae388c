"""`practice sop postmortem RUN` and the MCP tool `sop_postmortem` against a fake server: the
server's file is written under the vault folder byte for byte, its version kept for the next
push, a local copy changed since the last pull is not overwritten (unless --force)."""

import hashlib
import json

import anyio
import pytest
from cli_fake import run
from mcp import Client
from practice_client.mcp_server import build_server

pytestmark = pytest.mark.integration

PATH = "postmortems/2026-12-08-db-connection-leak.md"
TEXT = (
    "---\ntitle: Deploy failed\ndate: 2026-12-08\nrun: 7\ncode: db-connection-leak\nseverity: critical\n"
    "state: completed\n---\n\n## Timeline\n\n- 2026-12-08 01:02 UTC: run started\n\n\n## Fix\n\nClose cursors."
)  # as a hand edit left it on the server: blank lines, no final newline
VERSION = hashlib.sha256(TEXT.encode()).hexdigest()
ANSWER = {
    "id": 3,
    "run_id": 7,
    "repo": "shop",
    "path": PATH,
    "text": TEXT,
    "version": VERSION,
    "created": True,
}


class FakeServer:
    def __init__(self):
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args, kwargs))
        assert (model, method) == ("practice.sop.run", "postmortem")
        return ANSWER


def versions(folder):
    state = json.loads((folder / ".practice-vault.json").read_text())
    return state["remotes"]


def test_postmortem_writes_the_servers_file_and_keeps_its_version(monkeypatch, tmp_path):
    server = FakeServer()
    folder = tmp_path / "knowledge"
    result = run(monkeypatch, server, "sop", "postmortem", "7", "--folder", str(folder), "--repo", "shop")
    assert result.exit_code == 0, result.output
    assert server.calls == [("practice.sop.run", "postmortem", (7,), {})]
    target = folder / PATH
    assert result.output.strip() == str(target)
    assert target.read_bytes() == TEXT.encode()
    assert versions(folder) == {"http://odoo|db|shop": {"versions": {PATH: VERSION}}}
    # again: the same bytes, nothing to write
    again = run(
        monkeypatch, server, "--json", "sop", "postmortem", "7", "--folder", str(folder), "--repo", "shop"
    )
    assert json.loads(again.output)["written"] is False


def test_a_local_change_is_not_overwritten_without_force(monkeypatch, tmp_path):
    server = FakeServer()
    folder = tmp_path / "knowledge"
    run(monkeypatch, server, "sop", "postmortem", "7", "--folder", str(folder), "--repo", "shop")
    target = folder / PATH
    target.write_text(TEXT + "\nMy local note.\n")
    refused = run(monkeypatch, server, "sop", "postmortem", "7", "--folder", str(folder), "--repo", "shop")
    assert refused.exit_code == 1
    assert "has local changes not pushed" in refused.output
    assert target.read_text().endswith("My local note.\n")
    forced = run(
        monkeypatch, server, "sop", "postmortem", "7", "--folder", str(folder), "--repo", "shop", "--force"
    )
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() == TEXT.encode()


def test_mcp_postmortem_writes_the_file(monkeypatch, tmp_path):
    server = FakeServer()
    monkeypatch.setenv("PRACTICE_URL", "http://odoo")
    monkeypatch.setenv("PRACTICE_DB", "db")
    folder = tmp_path / "vault"

    async def scenario():
        async with Client(build_server(lambda: server, environ={"PRACTICE_REPO": "shop"})) as client:
            return await client.call_tool("sop_postmortem", {"run_id": 7, "folder": str(folder)})

    answer = anyio.run(scenario)
    assert answer.structured_content["path"] == PATH
    assert (folder / PATH).read_bytes() == TEXT.encode()
    assert list(versions(folder).values()) == [{"versions": {PATH: VERSION}}]
