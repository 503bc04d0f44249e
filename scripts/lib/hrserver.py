"""scripts/lib/hrserver.py: what the scripts that drive a real `hrsystem serve` share (Python 3 standard library only).

  - request(): one HTTP request with urllib, never through a proxy from the environment;
  - Server: `hrsystem serve` on a free loopback port with one data directory (SQLite by default, or the PostgreSQL
    database named by database_url), every HRSYSTEM_* variable removed from its environment and
    HRSYSTEM_BCRYPT_COST=4; start() waits for GET /ready and reads the data directory's bootstrap.json;
  - first_sign_in() / sign_in(): the bootstrap admin (hr_admin) through the Cognito wire protocol: InitiateAuth
    with the temporary password from bootstrap.json, then RespondToAuthChallenge NEW_PASSWORD_REQUIRED.

Used by scripts/crash-attendance and scripts/bench, which put this directory on sys.path.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

READY_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 20.0
HTTP_TIMEOUT_SECONDS = 30.0
LOG_TAIL_LINES = 80

# What a request to a server that has just been killed (or is not there) raises.
CONNECTION_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError)


class SetupError(Exception):
    """The check could not be set up (exit 2), as opposed to a check that failed (exit 1)."""


# --------------------------------------------------------------------------------------------------
# HTTP (urllib, one connection per request, never through a proxy from the environment)

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def request(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None,
            timeout: float = HTTP_TIMEOUT_SECONDS) -> tuple[int, bytes]:
    """Sends one request and returns (status, body) for any HTTP answer; connection problems raise."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    all_headers = {"Accept": "application/json"}
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    for name, value in all_headers.items():
        req.add_header(name, value)
    try:
        with _OPENER.open(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        try:
            return error.code, error.read()
        finally:
            error.close()


def json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def short(raw: bytes, limit: int = 300) -> str:
    text = raw.decode("utf-8", errors="replace")
    return text if len(text) <= limit else text[:limit] + "…"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------------------
# The server


class Server:
    """`hrsystem serve` on 127.0.0.1 with one data directory, started again on a new port after each kill.

    The data directory is `work`/hrsystem-data unless given; with database_url the server uses that PostgreSQL
    database (`--database URL --public-url <its endpoint>`), the data directory still holding bootstrap.json. `extra_env` is added to the
    server's environment (PostgreSQL needs HRSYSTEM_MASTER_KEY)."""

    def __init__(self, binary: Path, work: Path, data_dir: Path | None = None,
                 database_url: str | None = None, extra_env: dict[str, str] | None = None) -> None:
        self.binary = binary
        self.work = work
        self.data_dir = data_dir if data_dir is not None else work / "hrsystem-data"
        self.database_url = database_url
        self.extra_env = dict(extra_env or {})
        self.log_path = work / "server.log"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.bootstrap: dict[str, Any] = {}

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.endpoint + path

    @staticmethod
    def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
        """Ours without any HRSYSTEM_* variable, plus HRSYSTEM_BCRYPT_COST=4 and `extra`."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("HRSYSTEM_")}
        env["HRSYSTEM_BCRYPT_COST"] = "4"
        env.update(extra or {})
        return env

    def start(self) -> None:
        assert self.process is None, "server already running"
        self.port = free_port()
        command = [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--data-dir", str(self.data_dir)]
        if self.database_url:
            # With PostgreSQL the public URL (the tokens' issuer prefix) must be given: this server's own.
            command += ["--database", self.database_url, "--public-url", self.endpoint]
        with self.log_path.open("ab") as log:
            log.write(f"\n===== {' '.join(command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            env=self.environment(self.extra_env), cwd=self.work)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        bootstrap_path = self.data_dir / "bootstrap.json"
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        last = "no attempt yet"
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                self.process = None
                raise SetupError(f"hrsystem serve exited with status {code} before it was ready")
            try:
                status, _ = request("GET", self.url("/ready"), timeout=2)
                if status == 200 and bootstrap_path.is_file():
                    self.bootstrap = json.loads(bootstrap_path.read_text())
                    return
                last = f"/ready answered {status}; bootstrap.json present: {bootstrap_path.is_file()}"
            except CONNECTION_ERRORS as error:
                last = repr(error)
            except ValueError as error:  # bootstrap.json caught mid-write
                last = f"bootstrap.json unreadable: {error}"
            time.sleep(0.1)
        raise SetupError(f"hrsystem serve was not ready within {READY_TIMEOUT_SECONDS:.0f}s (last: {last})")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> int | None:
        """SIGKILL, no warning, and reap it. Returns the exit status it already had, if it had died on its own."""
        process, self.process = self.process, None
        if process is None:
            return None
        earlier = process.poll()
        if earlier is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        self._note("killed with SIGKILL" if earlier is None else f"had already exited with status {earlier}")
        return earlier

    def stop(self) -> int | None:
        """SIGTERM and wait; SIGKILL when it does not stop in time (then None). Returns the exit status."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.poll() is not None:
            return process.returncode
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            self._note(f"did not stop within {STOP_TIMEOUT_SECONDS:.0f}s after SIGTERM; killed")
            return None

    def _note(self, text: str) -> None:
        try:
            with self.log_path.open("ab") as log:
                log.write(f"\n===== {text}\n".encode())
        except OSError:
            pass

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


# --------------------------------------------------------------------------------------------------
# Sign-in (Cognito wire protocol, AWS JSON 1.1)


def cognito(server: Server, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
    status, raw = request("POST", server.url("/"), payload, {
        "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
        "Content-Type": "application/x-amz-json-1.1",
    })
    answer = json_or_none(raw)
    if status != 200 or not isinstance(answer, dict):
        raise SetupError(f"{operation} answered {status}: {short(raw)}")
    return answer


def first_sign_in(server: Server, password_prefix: str = "Admin") -> tuple[str, str]:
    """The bootstrap admin's first sign-in: temporary password, then a new one. Returns (password, token)."""
    admin = server.bootstrap.get("admin") or {}
    username, temporary = admin.get("username"), admin.get("temporaryPassword")
    client_id = server.bootstrap.get("clientId")
    if not (username and temporary and client_id):
        raise SetupError("bootstrap.json has no admin username, temporary password or client id")
    first = cognito(server, "InitiateAuth", {
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
        "AuthParameters": {"USERNAME": username, "PASSWORD": temporary},
    })
    if first.get("ChallengeName") != "NEW_PASSWORD_REQUIRED" or not first.get("Session"):
        raise SetupError(f"expected a NEW_PASSWORD_REQUIRED challenge for {username}, got {first}")
    password = f"{password_prefix}-{secrets.token_hex(6)}#9x!"
    answer = cognito(server, "RespondToAuthChallenge", {
        "ClientId": client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": first["Session"],
        "ChallengeResponses": {"USERNAME": username, "NEW_PASSWORD": password},
    })
    return password, access_token(answer)


def sign_in(server: Server, password: str) -> str:
    """A plain USER_PASSWORD_AUTH sign-in of the admin on a (re)started server: tokens name the port."""
    answer = cognito(server, "InitiateAuth", {
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": server.bootstrap["clientId"],
        "AuthParameters": {"USERNAME": server.bootstrap["admin"]["username"], "PASSWORD": password},
    })
    return access_token(answer)


def access_token(answer: dict[str, Any]) -> str:
    token = (answer.get("AuthenticationResult") or {}).get("AccessToken")
    if not token:
        raise SetupError(f"the sign-in answered no AuthenticationResult.AccessToken: {answer}")
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
