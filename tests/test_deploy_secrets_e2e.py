"""Issue 23 item 1 over a live server: the deploy secret and bearer token are not returned by
``res.config.settings`` over XML-RPC to a portal user, an internal user without practice
groups, an Engineer or a Manager (``default_get``, ``onchange``), nor to the administrator; the
administrator sets them through the write-only wizard only."""

import json
import uuid
import xmlrpc.client

import pytest

pytestmark = pytest.mark.security

PASSWORD = "deploy-secrets-e2e-pass"
SECRET_FIELDS = ["practice_deploy_secret", "practice_deploy_bearer_token"]


def _xmlid(admin, module, name):
    rows = admin.call(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"]
    )
    return rows[0]["res_id"]


@pytest.fixture(scope="module")
def secrets_world(live_odoo):
    admin = live_odoo.login("admin", "admin")
    get = lambda key: admin.call("ir.config_parameter", "get_param", key)  # noqa: E731
    previous = {key: get(key) for key in ("practice_deploy.secret", "practice_deploy.bearer_token")}
    secret, bearer = f"e2e-sec-{uuid.uuid4().hex}", f"e2e-bearer-{uuid.uuid4().hex}"
    admin.call("ir.config_parameter", "set_param", "practice_deploy.secret", secret)
    admin.call("ir.config_parameter", "set_param", "practice_deploy.bearer_token", bearer)
    suffix = uuid.uuid4().hex[:6]
    users = {}
    for role, groups in (
        ("portal", [("base", "group_portal")]),
        ("internal", [("base", "group_user")]),
        ("engineer", [("base", "group_user"), ("practice_base", "group_practice_engineer")]),
        ("manager", [("base", "group_user"), ("practice_base", "group_practice_manager")]),
    ):
        login = f"e2e_secrets_{role}_{suffix}"
        admin.call(
            "res.users",
            "create",
            {
                "name": f"E2E secrets {role}",
                "login": login,
                "password": PASSWORD,
                "groups_id": [(6, 0, [_xmlid(admin, module, name) for module, name in groups])],
            },
        )
        users[role] = live_odoo.login(login, PASSWORD)
    yield {"admin": admin, "users": users, "secret": secret, "bearer": bearer}
    for key, value in previous.items():
        admin.call("ir.config_parameter", "set_param", key, value or False)


def _answer(user, method, *args):
    """The answer of a settings call, or the refusal's text (a refusal leaks nothing either)."""
    try:
        return user.call("res.config.settings", method, *args)
    except xmlrpc.client.Fault as fault:
        return fault.faultString


def test_settings_return_no_deploy_secret_over_xmlrpc(secrets_world):
    world = secrets_world
    admin = world["admin"]
    every_field = list(admin.call("res.config.settings", "fields_get", [], ["type"])) + SECRET_FIELDS
    spec = {name: {} for name in every_field if name not in SECRET_FIELDS}
    for role, user in {**world["users"], "admin": admin}.items():
        for method, args in (
            ("default_get", (SECRET_FIELDS,)),
            ("default_get", (every_field,)),
            ("onchange", ([], {}, [], spec)),
        ):
            text = json.dumps(_answer(user, method, *args), default=str)
            assert world["secret"] not in text, f"{role} got the deploy secret through {method}"
            assert world["bearer"] not in text, f"{role} got the bearer token through {method}"
    shown = admin.call("res.config.settings", "default_get", ["practice_deploy_endpoint"])
    assert "practice_deploy_endpoint" in shown  # the administrator still reads the other settings


def test_admin_sets_the_secret_through_the_wizard_only(secrets_world):
    world = secrets_world
    admin = world["admin"]
    rotated = f"e2e-rotated-{uuid.uuid4().hex}"
    wizard = admin.call("practice.deploy.secret.wizard", "create", {"target": "secret", "value": rotated})
    admin.call("practice.deploy.secret.wizard", "action_apply", [wizard])
    assert admin.call("ir.config_parameter", "get_param", "practice_deploy.secret") == rotated
    assert admin.call("practice.deploy.secret.wizard", "search_count", [("id", "=", wizard)]) == 0
    engineer = world["users"]["engineer"]
    with pytest.raises(xmlrpc.client.Fault, match="AccessError|not allowed|administrators"):
        engineer.call("practice.deploy.secret.wizard", "create", {"target": "secret", "value": "x" * 32})
    admin.call("ir.config_parameter", "set_param", "practice_deploy.secret", world["secret"])
