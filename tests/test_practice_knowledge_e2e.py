"""practice_knowledge end to end: the vault RPC contract over XML-RPC on a live server."""

import xmlrpc.client
from pathlib import Path

import pytest

from live import PROJECT_DIR

pytestmark = pytest.mark.integration

VAULT = PROJECT_DIR / "knowledge"
CORE_FOLDERS = ("adr/", "rules/", "runbooks/", "glossary/", "citations/")


def _vault_files():
    files = {}
    for path in sorted(Path(VAULT).rglob("*.md")):
        rel = path.relative_to(VAULT).as_posix()
        if rel.startswith(CORE_FOLDERS):
            files[rel] = path.read_text(encoding="utf-8")
    return files


@pytest.fixture
def e2e_repo(admin_rpc, request):
    name = f"e2e-knowledge-{request.node.name[-20:]}"
    found = admin_rpc.call("practice.repo", "search", [("name", "=", name)])
    return found[0] if found else admin_rpc.call("practice.repo", "create", {"name": name})


def test_import_export_round_trip_over_xmlrpc(admin_rpc, e2e_repo):
    files = _vault_files()
    dry = admin_rpc.call("practice.vault", "import_files", files, repo=e2e_repo, dry_run=True)
    assert dry["errors"] == [] and sorted(dry["created"]) == sorted(files)
    assert admin_rpc.call("practice.rule", "search_count", [("repo_id", "=", e2e_repo)]) == 0
    result = admin_rpc.call("practice.vault", "import_files", files, repo=e2e_repo)
    assert set(result) >= {"created", "updated", "unchanged", "errors"}
    assert result["errors"] == [] and sorted(result["created"]) == sorted(files)
    exported = admin_rpc.call("practice.vault", "export_files", repo=e2e_repo)
    assert exported == files
    again = admin_rpc.call("practice.vault", "import_files", exported, repo=e2e_repo)
    assert again["created"] == [] and again["updated"] == []
    assert sorted(again["unchanged"]) == sorted(files)


def test_errors_name_file_and_line_and_write_nothing(admin_rpc, e2e_repo):
    files = {
        "glossary/lease.md": "---\nterm: lease\n---\n\nValid until renewed.\n",
        "adr/0001-x.md": "---\nnumber: 1\ntitle: X\ndate: 2025-01-01\nstatus: done\n---\n\n## Decision\n\nx\n",
    }
    result = admin_rpc.call("practice.vault", "import_files", files, repo=e2e_repo)
    assert result["errors"] == [
        {"path": "adr/0001-x.md", "line": 5, "message": result["errors"][0]["message"]}
    ]
    assert "unknown status 'done'" in result["errors"][0]["message"]
    assert admin_rpc.call("practice.glossary.term", "search_count", [("repo_id", "=", e2e_repo)]) == 0


def test_ai_session_user_reads_but_cannot_import(live_odoo, admin_rpc, e2e_repo):
    admin_rpc.call(
        "practice.vault", "import_files", {"glossary/lease.md": "---\nterm: lease\n---\n\nx\n"}, repo=e2e_repo
    )
    ai = live_odoo.login("practice_ai", "practice_ai")
    exported = ai.call("practice.vault", "export_files", repo=e2e_repo)
    assert exported == {"glossary/lease.md": "---\nterm: lease\n---\n\nx\n"}
    bundle = ai.call("practice.context", "bundle", repo=e2e_repo, fmt="json")
    # the repository's glossary reaches the agent even when no rule uses the term;
    # sections with nothing in them (no rules, no runbooks here) are not sent at all
    assert [item["term"] for item in bundle["sections"]["glossary"]["items"]] == ["lease"]
    assert not {"rules", "runbooks"} & set(bundle["sections"])
    with pytest.raises(xmlrpc.client.Fault) as fault:
        ai.call("practice.vault", "import_files", exported, repo=e2e_repo)
    assert "Only Practice engineers" in fault.value.faultString
