"""XML-RPC connection to a Practice Stack server, configured from the environment."""

import os
import xmlrpc.client
from dataclasses import dataclass, field


class PracticeError(Exception):
    """A call the server refused, with Odoo's own message (no traceback, no secrets)."""


@dataclass
class Settings:
    """Where and as whom to connect. The secret comes from the environment, never a flag."""

    url: str = "http://localhost:8069"
    db: str = "practice"
    login: str = "admin"
    secret: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, environ=None, **overrides):
        env = os.environ if environ is None else environ
        values = {
            "url": env.get("PRACTICE_URL", cls.url),
            "db": env.get("PRACTICE_DB", cls.db),
            "login": env.get("PRACTICE_LOGIN", cls.login),
            "secret": env.get("PRACTICE_API_KEY") or env.get("PRACTICE_PASSWORD", ""),
        }
        values.update({k: v for k, v in overrides.items() if v})
        return cls(**values)


def fault_message(fault):
    """The last meaningful line of an Odoo XML-RPC fault: the error the user should read."""
    text = (getattr(fault, "faultString", None) or str(fault)).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else text


class PracticeRPC:
    """Authenticated ``execute_kw`` on a Practice Stack server."""

    def __init__(self, settings, timeout=60):
        if not settings.secret:
            raise PracticeError(
                "No credentials: set PRACTICE_API_KEY (or PRACTICE_PASSWORD) in the environment."
            )
        self.settings = settings
        self.timeout = timeout
        self._uid = None

    def _proxy(self, endpoint):
        return xmlrpc.client.ServerProxy(
            f"{self.settings.url.rstrip('/')}/xmlrpc/2/{endpoint}", allow_none=True
        )

    @property
    def uid(self):
        if self._uid is None:
            try:
                uid = self._proxy("common").authenticate(
                    self.settings.db, self.settings.login, self.settings.secret, {}
                )
            except OSError as err:
                raise PracticeError(f"Cannot reach {self.settings.url}: {err}") from err
            except xmlrpc.client.Fault as fault:
                raise PracticeError(fault_message(fault)) from None
            if not uid:
                raise PracticeError(
                    f"Login refused for {self.settings.login!r} on database {self.settings.db!r}."
                )
            self._uid = uid
        return self._uid

    def call(self, model, method, *args, **kwargs):
        try:
            return self._proxy("object").execute_kw(
                self.settings.db, self.uid, self.settings.secret, model, method, list(args), kwargs
            )
        except xmlrpc.client.Fault as fault:
            raise PracticeError(fault_message(fault)) from None
        except OSError as err:
            raise PracticeError(f"Cannot reach {self.settings.url}: {err}") from err
