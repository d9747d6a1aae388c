"""Foundation: the setup finds Odoo or fails clearly, the live server serves the app,
docker-compose.yml and every addon follow the project's structure."""

import ast
import os
import re
import subprocess
import time
import urllib.request

import pytest
import yaml

from live import PROJECT_DIR

ADDONS = sorted(p for p in (PROJECT_DIR / "addons").glob("practice_*") if (p / "__manifest__.py").exists())


def _run_locate(env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_SRC",)}
    env.update({"PRACTICE_CACHE": str(tmp_path / "cache"), "PRACTICE_OFFLINE": "1", **env_overrides})
    script = f'source "{PROJECT_DIR}/setup/lib.sh"; locate_odoo; echo "FOUND=$ODOO_SRC"'
    start = time.monotonic()
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    return proc, time.monotonic() - start


@pytest.mark.rules
def test_no_odoo_fails_fast_with_clear_message(tmp_path):
    proc, _elapsed = _run_locate({}, tmp_path)
    assert proc.returncode != 0
    assert "No Odoo 18.0 found" in proc.stderr
    assert "ODOO_SRC=" in proc.stderr and str(tmp_path / "cache" / "odoo-18.0") in proc.stderr


@pytest.mark.rules
def test_odoo_src_must_be_18(tmp_path):
    fake = tmp_path / "odoo17"
    (fake / "odoo").mkdir(parents=True)
    (fake / "odoo-bin").write_text("")
    (fake / "odoo" / "release.py").write_text("serie = series = '17.0'\n")
    proc, _ = _run_locate({"ODOO_SRC": str(fake)}, tmp_path)
    assert proc.returncode != 0
    assert "is not an Odoo 18.0 source tree" in proc.stderr and "17.0" in proc.stderr
    proc, _ = _run_locate({"ODOO_SRC": str(tmp_path / "missing")}, tmp_path)
    assert proc.returncode != 0 and "is not an Odoo 18.0 source tree" in proc.stderr


@pytest.mark.rules
def test_cache_folder_tree_is_used_as_is(tmp_path):
    cached = tmp_path / "cache" / "odoo-18.0"
    (cached / "odoo").mkdir(parents=True)
    (cached / "odoo-bin").write_text("")
    (cached / "odoo" / "release.py").write_text("serie = series = '18.0'\n")
    proc, _ = _run_locate({}, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"FOUND={cached}" in proc.stdout


@pytest.mark.integration
def test_live_server_serves_login_and_practice_app(live_odoo, admin_rpc):
    with urllib.request.urlopen(f"{live_odoo.url}/web/login", timeout=30) as resp:
        assert resp.status == 200
        assert 'name="login"' in resp.read().decode()
    import xmlrpc.client

    version = xmlrpc.client.ServerProxy(f"{live_odoo.url}/xmlrpc/2/common").version()
    assert version["server_serie"] == "18.0"
    menus = admin_rpc.call(
        "ir.ui.menu", "search_read", [("name", "=", "Practice"), ("parent_id", "=", False)], fields=["name"]
    )
    assert menus, "the Practice app menu is missing"
    result = admin_rpc.call("practice.context", "bundle", modules=["sale_ext"])
    assert {"markdown", "sections", "bytes", "truncated"} <= set(result)


@pytest.mark.integrity
def test_docker_compose_structure():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    # the image is built FROM odoo:18 with the manifests' libraries (tests/test_docker_files.py)
    assert services["odoo"]["image"] == "practice-stack-odoo:18"
    assert services["db"]["image"] == "postgres:16"
    mounts = services["odoo"]["volumes"]
    assert "./addons:/mnt/extra-addons:ro" in mounts
    assert "./odoo.conf:/etc/odoo/odoo.conf:ro" in mounts
    assert any("/mnt/extra-addons" in arg for arg in services["odoo"]["command"])
    env = services["odoo"]["environment"]
    assert env["USER"] == services["db"]["environment"]["POSTGRES_USER"] != "postgres"
    for name, svc in services.items():
        for mount in svc.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith("./"):
                assert (PROJECT_DIR / source).exists(), f"{name} mounts missing {source}"


@pytest.mark.integrity
@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_addon_structure(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] == "LGPL-3"
    assert manifest["author"] == "Practice Stack contributors"
    assert "whool" in (addon / "pyproject.toml").read_text()
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (addon / "readme" / fragment).exists(), f"{addon.name}: readme/{fragment} missing"
    assert (addon / "README.rst").exists()
    if any("_name = " in py.read_text() for py in (addon / "models").glob("*.py")):
        # every addon that adds a model ships its access rights (glue addons add none)
        assert (addon / "security" / "ir.model.access.csv").exists()
    for data_file in manifest.get("data", []) + manifest.get("demo", []):
        assert (addon / data_file).exists(), f"{addon.name}: {data_file} listed but missing"
    requirements = (PROJECT_DIR / "setup" / "requirements.txt").read_text().lower()
    for dep in manifest.get("external_dependencies", {}).get("python", []):
        assert dep.lower() in requirements, f"{addon.name}: {dep} not in setup/requirements.txt"


@pytest.mark.integrity
def test_odoo_conf_has_no_real_secrets():
    text = (PROJECT_DIR / "odoo.conf").read_text()
    assert "admin_passwd = practice-dev-only" in text
    assert "http_interface = 127.0.0.1" in text


@pytest.mark.integrity
@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_addon_readme_renders_without_docutils_errors(addon):
    """Odoo renders README.rst at install: a docutils error there breaks the install."""
    from docutils.core import publish_parts

    source = (addon / "README.rst").read_text()
    publish_parts(source, writer_name="html", settings_overrides={"halt_level": 2, "report_level": 5})
