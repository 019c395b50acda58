"""A throwaway Dovecot IMAP server on loopback for the IMAP test.

Everything lives under one directory: config, passwd-file, sockets, state, log and
the maildir. Plain-text login without TLS, on 127.0.0.1 only.

Dovecot refuses root for its login processes and for mail access, so as root the
login process runs as `dovenull` (or `nobody`) and mail as `nobody`; the mail
process is chrooted into the maildir's home (the "/./" in the passwd-file), so it
needs no access to the (root-only) directories above it. As any other user,
everything runs as that user.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

INSTALL_HINT = "Install it with `apt-get install -y dovecot-imapd` (.ci/run does)."
START_TIMEOUT = 8.0
USER = "crm"
PASSWORD = "imap-test-password"


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    log_path: Path

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=5)
        client.login(self.user, self.password)
        return client

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def dovecot_binary() -> str:
    """The dovecot binary; skip (or fail, where CI demands it) when it is missing."""
    found = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None
    )
    if found:
        return found
    if os.environ.get("REQUIRE_IMAP") == "1" or os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"REQUIRE_IMAP=1 or REQUIRE_BROWSER=1 but there is no dovecot binary. {INSTALL_HINT}",
            pytrace=False,
        )
    pytest.skip(f"IMAP TEST SKIPPED: no dovecot binary, so no real IMAP server. {INSTALL_HINT}")


def _version(binary: str) -> tuple[int, int]:
    output = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    match = re.match(r"(\d+)\.(\d+)", output.strip())
    if not match:
        raise RuntimeError(f"cannot read the dovecot version from {output!r}")
    return int(match[1]), int(match[2])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@dataclass(frozen=True)
class _Accounts:
    internal_user: str
    internal_group: str
    login_user: str
    mail_uid: int
    mail_gid: int
    home: str  # "/./" marks where the mail process is chrooted
    # Only root may chroot; as root, the login process needs its chroot to reach its
    # sockets past root-only directories.
    may_chroot: bool


def _accounts(mail_dir: Path) -> _Accounts:
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(mail_dir, nobody.pw_uid, nobody.pw_gid)
        return _Accounts(
            internal_user="root",
            internal_group="root",
            login_user="dovenull" if _user_exists("dovenull") else "nobody",
            mail_uid=nobody.pw_uid,
            mail_gid=nobody.pw_gid,
            home=f"{mail_dir}/./",
            may_chroot=True,
        )
    me = pwd.getpwuid(os.geteuid())
    return _Accounts(
        internal_user=me.pw_name,
        internal_group=grp.getgrgid(me.pw_gid).gr_name,
        login_user=me.pw_name,
        mail_uid=me.pw_uid,
        mail_gid=me.pw_gid,
        home=str(mail_dir),
        may_chroot=False,
    )


def _config(root: Path, port: int, accounts: _Accounts, version: tuple[int, int]) -> str:
    passwd = root / "passwd"
    no_chroot = "" if accounts.may_chroot else "  chroot =\n"
    common = f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root / "run"}
state_dir = {root / "state"}
log_path = {root / "dovecot.log"}
info_log_path = {root / "dovecot.log"}
ssl = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {accounts.internal_user}
default_internal_group = {accounts.internal_group}
default_login_user = {accounts.login_user}
first_valid_uid = {accounts.mail_uid}
first_valid_gid = {accounts.mail_gid}
valid_chroot_dirs = {root / "mail"}
service anvil {{
{no_chroot}}}
service imap-login {{
{no_chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
    if version >= (2, 4):
        return f"""dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
{common}
auth_allow_cleartext = yes
mail_driver = maildir
mail_path = ~/Maildir
passdb passwd-file {{
  passwd_file_path = {passwd}
  default_password_scheme = PLAIN
}}
userdb passwd-file {{
  passwd_file_path = {passwd}
}}
"""
    return f"""{common}
disable_plaintext_auth = no
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {passwd}
}}
userdb {{
  driver = passwd-file
  args = {passwd}
}}
"""


def _wait_until_serving(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                if conn.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    raise RuntimeError(f"dovecot did not start on port {port}:\n{text}")


@contextmanager
def running_dovecot(root: Path) -> Iterator[Dovecot]:
    """Start dovecot in the foreground under `root`; stop it (and wait) on the way out."""
    binary = dovecot_binary()
    for name in ("run", "state", "mail"):
        (root / name).mkdir(parents=True, exist_ok=True)
    accounts = _accounts(root / "mail")
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}:{accounts.mail_uid}:{accounts.mail_gid}::{accounts.home}::\n"
    )
    port = _free_port()
    config = root / "dovecot.conf"
    config.write_text(_config(root, port, accounts, _version(binary)))
    log = root / "dovecot.log"
    with open(root / "stderr.log", "wb") as stderr:
        process = subprocess.Popen([binary, "-F", "-c", str(config)], stdout=stderr, stderr=stderr)
    try:
        _wait_until_serving(process, port, log)
        yield Dovecot(host="127.0.0.1", port=port, user=USER, password=PASSWORD, log_path=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
