"""Who may open the app: anyone on this computer; over the network, only with the password.

By default the app listens on 127.0.0.1 (``.streamlit/config.toml``), so only the manager's own
computer reaches it and no login is asked. Sharing is switched on by listening on another
address (``streamlit run ui/app.py --server.address 0.0.0.0``) or, when a proxy on this
computer forwards other people to it, by ``ROSTER_SHARE=1``. Then every visitor must enter the
password whose scrypt hash is kept in Streamlit's secrets (``.streamlit/secrets.toml``, never
committed)::

    [login]
    password_hash = "scrypt$16384$8$1$<salt>$<hash>"

``python -m ui.login`` asks for a password and writes that file (owner-only). Without a
password set, a shared app shows how to set one and nothing of the team. Until a visitor has
signed in, the app draws only the sign-in form: no team is even loaded into the session.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
import tomllib
from pathlib import Path
from typing import Any

import streamlit as st
import tomli_w

from scheduler.atomic import write_text_atomic
from scheduler.i18n import _

__all__ = ["SHARE_ENV", "SECRETS_FILE", "sharing", "hash_password", "check_password",
           "signed_in", "gate", "sign_out_button", "main"]

SHARE_ENV = "ROSTER_SHARE"
SECRETS_FILE = Path(".streamlit") / "secrets.toml"
_SIGNED_IN = "login_signed_in"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_LOCAL_NAMES = {"localhost", "localhost.localdomain"}


def _is_loopback(address: str | None) -> bool:
    """Only this computer can connect: a loopback address or name (empty = every interface)."""
    if not address:
        return False
    if address.strip().lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name or LAN address: other computers may reach it


def sharing() -> bool:
    """True when people on other computers may reach the app, so a password is required."""
    if os.environ.get(SHARE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        return True
    return not _is_loopback(st.get_option("server.address"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash``: what goes into secrets.toml instead of the password."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return "$".join(("scrypt", *(str(_SCRYPT[k]) for k in ("n", "r", "p")), _b64(salt),
                     _b64(digest)))


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a stored ``hash_password`` value (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        expected = _unb64(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=_unb64(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _stored_hash() -> str | None:
    try:  # Streamlit raises a FileNotFoundError subclass for a missing or unreadable file too
        value = st.secrets["login"]["password_hash"]
    except (KeyError, FileNotFoundError, TypeError):
        return None
    return str(value) if value else None


def signed_in() -> bool:
    return bool(st.session_state.get(_SIGNED_IN))


def _sign_in_form() -> None:
    """The only thing a visitor sees before signing in (no team name, no agents)."""
    st.title(_("Roster optimizer"))
    stored = _stored_hash()
    if stored is None:
        st.error(_("This app is shared on the network, but no password has been set, so it "
                   "stays closed. On the computer running it, run `python -m ui.login` in the "
                   "project folder and start the app again."), icon="🔒")
        return
    with st.form("login_form"):
        password = st.text_input(_("Password"), type="password", key="login_password")
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if submitted:
        if check_password(password, stored):
            st.session_state[_SIGNED_IN] = True
            st.rerun()
        st.error(_("Wrong password."), icon="⛔")


def gate() -> bool:
    """True when this visitor may use the app; otherwise draws the sign-in page instead.

    Registers the sign-in screen as the only page, so whatever page address a visitor opens,
    nothing else runs.
    """
    if not sharing() or signed_in():
        return True
    st.navigation([st.Page(_sign_in_form, title=_("Sign in"), url_path="sign-in", default=True)],
                  position="hidden").run()
    return False


def sign_out_button() -> None:
    """In the sidebar of a shared app: end this browser's session."""
    if sharing() and signed_in() and st.sidebar.button(_("Sign out"), key="login_sign_out",
                                                       icon=":material/logout:"):
        st.session_state.clear()
        st.rerun()


def _write_secret(path: Path, password_hash: str) -> None:
    """Set ``[login] password_hash`` in the secrets file, keeping any other secrets there."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.setdefault("login", {})["password_hash"] = password_hash
    write_text_atomic(path, tomli_w.dumps(data), private=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.login [SECRETS_FILE]``: ask for the sharing password, store its hash."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else SECRETS_FILE
    password = getpass.getpass(_("Password for the shared app: "))
    if len(password) < 8:
        print(_("Use at least 8 characters."), file=sys.stderr)
        return 2
    if getpass.getpass(_("The same password again: ")) != password:
        print(_("The two passwords differ; nothing written."), file=sys.stderr)
        return 2
    _write_secret(path, hash_password(password))
    print(_("Password hash written to {path} (readable by you only). Keep this file out of "
            "git.").format(path=path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
