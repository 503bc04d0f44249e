"""Fixtures for the real-client tests: a running `hrsystem serve`, its admin CLI, and AWS clients.

The binary comes from `HRSYSTEM_BIN` (scripts/test sets it to `$(swift build --show-bin-path)/hrsystem`),
falling back to `.build/debug/hrsystem` at the repository root. Each server gets a free port and a fresh
data directory, runs with `HRSYSTEM_BCRYPT_COST=4`, and is stopped with SIGTERM. When a test fails, the
tail of every running server's log is attached to its report.

The database engine comes from `HRSYSTEM_TEST_DATABASE`:
- unset or `sqlite`: the server's default SQLite file in its data directory;
- `postgres`: `HRSYSTEM_TEST_POSTGRES_URL` (a superuser URL, set by scripts/with-postgres) is required, and
  the run fails without it (it never skips). Every server gets a fresh database `hrsystem_py_<hex>`, made with
  psql, and runs with `--database <that database's URL> --public-url http://127.0.0.1:<port>` and a random
  `HRSYSTEM_MASTER_KEY` of its own (kept across a restart). The admin CLI gets the same three. The database
  is dropped once its server has stopped for good.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import boto3
import pytest
import requests
from botocore.config import Config

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / ".build" / "debug" / "hrsystem"

READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 20.0
CLI_TIMEOUT_SECONDS = 60.0
HTTP_TIMEOUT_SECONDS = 30.0
PSQL_TIMEOUT_SECONDS = 60.0

DUMMY_ACCESS_KEY_ID = "AKIDHRSYSTEMTESTS000"
DUMMY_SECRET_ACCESS_KEY = "hrsystem-tests-dummy-secret-key-0000000"

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# Servers currently running, so that a failing test's report can show their logs.
_RUNNING_SERVERS: list["HRSystemServer"] = []


# --------------------------------------------------------------------------------------------------
# Environment


def hrsystem_env(**extra: str) -> dict[str, str]:
    """The environment for the server and the CLI: ours, minus any inherited HRSYSTEM_* setting
    (a stray HRSYSTEM_DATABASE_URL or HRSYSTEM_PORT must not redirect the tests), plus a cheap bcrypt."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRSYSTEM_")}
    env["HRSYSTEM_BCRYPT_COST"] = "4"
    env.update(extra)
    return env


@pytest.fixture(scope="session", autouse=True)
def isolated_aws_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Dummy credentials and no shared AWS config, so botocore and the aws cli never read the machine's
    profiles, never reach a real endpoint, and never query instance metadata."""
    aws_dir = tmp_path_factory.mktemp("aws-config")
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("AWS_"):
                mp.delenv(name)
        mp.setenv("AWS_ACCESS_KEY_ID", DUMMY_ACCESS_KEY_ID)
        mp.setenv("AWS_SECRET_ACCESS_KEY", DUMMY_SECRET_ACCESS_KEY)
        mp.setenv("AWS_CONFIG_FILE", str(aws_dir / "config"))  # does not exist: no profiles
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws_dir / "credentials"))
        mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
        mp.setenv("AWS_RETRY_MODE", "standard")
        mp.setenv("AWS_MAX_ATTEMPTS", "1")  # a 5xx must show up as a failure, not be retried away
        mp.setenv("AWS_PAGER", "")
        yield


# --------------------------------------------------------------------------------------------------
# Database engine: SQLite (default) or a fresh PostgreSQL database per server


ENGINE_VARIABLE = "HRSYSTEM_TEST_DATABASE"
POSTGRES_URL_VARIABLE = "HRSYSTEM_TEST_POSTGRES_URL"


def database_engine() -> str:
    """`sqlite` or `postgres`, from HRSYSTEM_TEST_DATABASE (unset or empty: sqlite)."""
    return os.environ.get(ENGINE_VARIABLE, "").strip().lower() or "sqlite"


def postgres_admin_url() -> str:
    return os.environ.get(POSTGRES_URL_VARIABLE, "").strip()


def psql_binary() -> str | None:
    found = shutil.which("psql")
    if found:
        return found
    bindir = os.environ.get("HRSYSTEM_TEST_POSTGRES_BINDIR")
    if bindir and os.access(os.path.join(bindir, "psql"), os.X_OK):
        return os.path.join(bindir, "psql")
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Refuses to start (exit 4, never a skip) when PostgreSQL was asked for but cannot be used."""
    engine = database_engine()
    if engine not in ("sqlite", "postgres"):
        raise pytest.UsageError(f"{ENGINE_VARIABLE}={os.environ.get(ENGINE_VARIABLE)!r}: "
                                "expected 'sqlite' (the default) or 'postgres'")
    if engine != "postgres":
        return
    url = postgres_admin_url()
    if not url:
        raise pytest.UsageError(
            f"{ENGINE_VARIABLE}=postgres needs {POSTGRES_URL_VARIABLE} (a superuser URL such as "
            "postgres://hrsystem@127.0.0.1:PORT/postgres?sslmode=disable). Run the tests through "
            "scripts/with-postgres or scripts/test; the PostgreSQL tests are never skipped.")
    if urllib.parse.urlsplit(url).scheme not in ("postgres", "postgresql"):
        raise pytest.UsageError(f"{POSTGRES_URL_VARIABLE} must be a postgres:// URL, got {url!r}")
    if psql_binary() is None:
        raise pytest.UsageError(f"{ENGINE_VARIABLE}=postgres needs psql on PATH (Debian: postgresql-client) "
                                "to create and drop the test databases")


def pytest_report_header(config: pytest.Config) -> str:
    if database_engine() == "postgres":
        return f"hrsystem database: PostgreSQL, a fresh database per server on {postgres_admin_url()}"
    return "hrsystem database: SQLite in each server's data directory"


def run_psql(sql: str) -> None:
    """Runs one statement against HRSYSTEM_TEST_POSTGRES_URL's database as its superuser."""
    psql = psql_binary()
    assert psql is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}  # only the URL decides
    result = subprocess.run(
        [psql, postgres_admin_url(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=PSQL_TIMEOUT_SECONDS,
    )
    if result.returncode != 0:
        raise RuntimeError(f"psql `{sql}` on {postgres_admin_url()} exited {result.returncode}\n"
                           f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}")


@dataclass
class ServerDatabase:
    """Where one server keeps its data. SQLite: nothing to pass, the data directory holds it. PostgreSQL: a
    database of its own on the test cluster, with a master key that stays the same across restarts."""

    engine: str
    name: str | None = None
    url: str | None = None
    master_key: str | None = None
    created: bool = field(default=False, repr=False)

    @classmethod
    def fresh(cls) -> "ServerDatabase":
        if database_engine() != "postgres":
            return cls("sqlite")
        name = f"hrsystem_py_{secrets.token_hex(8)}"
        admin = urllib.parse.urlsplit(postgres_admin_url())
        url = urllib.parse.urlunsplit((admin.scheme, admin.netloc, "/" + name, admin.query, ""))
        master_key = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
        return cls("postgres", name, url, master_key)

    def create(self) -> None:
        if self.engine != "postgres" or self.created:
            return
        try:
            run_psql(f'CREATE DATABASE "{self.name}"')
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            pytest.fail(f"could not create the PostgreSQL test database {self.name}: {error}", pytrace=False)
        self.created = True

    def drop(self) -> None:
        """Drops the database; call it only once its server has stopped for good."""
        if self.engine != "postgres" or not self.created:
            return
        self.created = False
        try:
            # WITH (FORCE): a server killed after a stop timeout may leave a backend behind for a moment.
            run_psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            warnings.warn(f"could not drop the PostgreSQL test database {self.name}: {error}")

    def options(self, public_url: str) -> list[str]:
        """The database options of every `hrsystem` command (serve and the admin CLI) for this server."""
        if self.engine != "postgres":
            return []
        assert self.url is not None
        return ["--database", self.url, "--public-url", public_url]

    def environment(self) -> dict[str, str]:
        if self.engine != "postgres":
            return {}
        assert self.master_key is not None
        return {"HRSYSTEM_MASTER_KEY": self.master_key}


# --------------------------------------------------------------------------------------------------
# Server lifecycle


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hrsystem_binary() -> Path:
    configured = os.environ.get("HRSYSTEM_BIN")
    path = Path(configured) if configured else DEFAULT_BIN
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"hrsystem binary not found or not executable at {path}. "
            "Build it with `swift build` and set HRSYSTEM_BIN, or run scripts/test.",
            pytrace=False,
        )
    return path


class HRSystemServer:
    """One `hrsystem serve` process on 127.0.0.1 with its own data directory, database and log file."""

    def __init__(self, binary: Path, data_dir: Path, log_path: Path, name: str,
                 database: ServerDatabase | None = None) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.log_path = log_path
        self.name = name
        self.database = database if database is not None else ServerDatabase("sqlite")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.bootstrap: dict[str, Any] = {}

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.endpoint + path

    @property
    def bootstrap_path(self) -> Path:
        return self.data_dir / "bootstrap.json"

    def common_options(self) -> list[str]:
        """The installation's options, the same for `serve` and every admin command: the data directory and,
        with PostgreSQL, `--database` and `--public-url` (so the CLI's tokens carry the server's issuer)."""
        return ["--data-dir", str(self.data_dir), *self.database.options(self.endpoint)]

    def environment(self) -> dict[str, str]:
        """The environment of `serve` and every admin command (with PostgreSQL, HRSYSTEM_MASTER_KEY)."""
        return hrsystem_env(**self.database.environment())

    def start(self) -> None:
        assert self.process is None, "server already running"
        command = [
            str(self.binary), "serve",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            *self.common_options(),
        ]
        with self.log_path.open("ab") as log:
            log.write(f"\n===== {' '.join(command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.environment(),
                cwd=self.data_dir.parent,
            )
        _RUNNING_SERVERS.append(self)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        last_error = "no attempt yet"
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                pytest.fail(
                    f"hrsystem serve exited with status {code} before it was ready.\n"
                    f"--- server output ({self.log_path}) ---\n{self.log_tail()}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(self.url("/ready"), timeout=2) as response:
                    if response.status == 200 and self.bootstrap_path.is_file():
                        self.bootstrap = json.loads(self.bootstrap_path.read_text())
                        return
                    last_error = f"/ready answered {response.status}; bootstrap.json present: " \
                                 f"{self.bootstrap_path.is_file()}"
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
                last_error = repr(error)
            except json.JSONDecodeError as error:  # bootstrap.json caught mid-write
                last_error = f"bootstrap.json unreadable: {error}"
            time.sleep(0.1)
        pytest.fail(
            f"hrsystem serve was not ready within {READY_TIMEOUT_SECONDS:.0f}s (last: {last_error}).\n"
            f"--- server output ({self.log_path}) ---\n{self.log_tail()}",
            pytrace=False,
        )

    def stop(self) -> int | None:
        """SIGTERM and wait; SIGKILL if it does not stop in time. Returns the exit status."""
        process, self.process = self.process, None
        if self in _RUNNING_SERVERS:
            _RUNNING_SERVERS.remove(self)
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                return process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                with self.log_path.open("ab") as log:
                    log.write(b"\n===== did not stop within the timeout after SIGTERM; killed\n")
                return None
        return process.returncode

    def close(self) -> int | None:
        """Stops the server for good and drops its PostgreSQL database, if it has one."""
        try:
            return self.stop()
        finally:
            self.database.drop()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 150) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    if report.failed:
        for server in _RUNNING_SERVERS:
            report.sections.append((f"hrsystem server log ({server.name}, {server.log_path})",
                                    server.log_tail()))
    return report


def start_server(tmp_path_factory: pytest.TempPathFactory, name: str) -> HRSystemServer:
    """A started server with a fresh data directory (and, with PostgreSQL, a fresh database). Stop it for good
    with `close()`, which also drops that database."""
    binary = hrsystem_binary()
    root = tmp_path_factory.mktemp(name)
    database = ServerDatabase.fresh()
    database.create()
    # The data directory does not exist yet, as on a first `hrsystem serve`.
    server = HRSystemServer(binary, root / "hrsystem-data", root / "server.log", name, database)
    try:
        server.start()
    except BaseException:
        server.close()
        raise
    return server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HRSystemServer]:
    """The shared server for every module except test_restart (which runs its own)."""
    srv = start_server(tmp_path_factory, "shared")
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def bootstrap(server: HRSystemServer) -> dict[str, Any]:
    return server.bootstrap


# --------------------------------------------------------------------------------------------------
# Admin CLI


class HRSystemCli:
    """`hrsystem <args> <the server's common options>` against a server's installation (while it runs): with
    SQLite `--data-dir DIR`; with PostgreSQL also `--database URL --public-url URL` and its master key."""

    def __init__(self, server: HRSystemServer) -> None:
        self.server = server
        self.binary = server.binary
        self.data_dir = server.data_dir

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.binary), *args, *self.server.common_options()]
        result = subprocess.run(
            command, capture_output=True, text=True, env=self.server.environment(),
            stdin=subprocess.DEVNULL, timeout=CLI_TIMEOUT_SECONDS,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"`{' '.join(command)}` exited {result.returncode}\n"
                f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
            )
        return result

    def json(self, *args: str) -> Any:
        result = self.run(*args)
        try:
            return json.loads(result.stdout)
        except json.JSONDecodeError as error:
            raise AssertionError(f"`hrsystem {' '.join(args)}` did not print JSON ({error}):\n"
                                 f"{result.stdout}") from error


@pytest.fixture(scope="session")
def cli(server: HRSystemServer) -> HRSystemCli:
    return HRSystemCli(server)


def strong_password() -> str:
    """Meets the default policy (8+, upper, lower, digit, symbol) and needs no quoting in the aws cli's
    shorthand syntax (no ',', '=', quotes or spaces)."""
    return f"Hr{secrets.token_hex(6)}#9x!"


def unique_username(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass(frozen=True)
class TestUser:
    __test__ = False  # not a test class, despite the name

    username: str
    password: str
    email: str | None = None


@pytest.fixture(scope="session")
def make_user(cli: HRSystemCli) -> Callable[..., TestUser]:
    """Creates a user through the CLI. With `permanent=True` (default) the password is then made
    permanent, so the user signs in without a challenge; otherwise it is left as a temporary password
    (FORCE_CHANGE_PASSWORD)."""

    def make(prefix: str = "user", group: str = "employee", *, email: str | None = None,
             permanent: bool = True) -> TestUser:
        username = unique_username(prefix)
        temporary = strong_password()
        args = ["user", "create", username, "--group", group, "--temporary-password", temporary]
        if email is not None:
            args += ["--email", email]
        cli.run(*args)
        if not permanent:
            return TestUser(username, temporary, email)
        password = strong_password()
        cli.run("user", "set-password", username, "--password", password, "--permanent")
        return TestUser(username, password, email)

    return make


# --------------------------------------------------------------------------------------------------
# Cognito clients and the admin's first sign-in


def cognito_client_for(endpoint: str, region: str) -> Any:
    return boto3.session.Session().client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=DUMMY_ACCESS_KEY_ID,
        aws_secret_access_key=DUMMY_SECRET_ACCESS_KEY,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1},
                      connect_timeout=10, read_timeout=HTTP_TIMEOUT_SECONDS),
    )


@pytest.fixture(scope="session")
def cognito(server: HRSystemServer) -> Any:
    return cognito_client_for(server.endpoint, server.bootstrap["region"])


def password_auth(client: Any, client_id: str, username: str, password: str) -> dict[str, Any]:
    return client.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )


def sign_in(client: Any, client_id: str, username: str, password: str) -> dict[str, Any]:
    """USER_PASSWORD_AUTH that must succeed without a challenge; returns the AuthenticationResult."""
    response = password_auth(client, client_id, username, password)
    assert "ChallengeName" not in response, f"unexpected challenge for {username}: {response}"
    return response["AuthenticationResult"]


@dataclass(frozen=True)
class FirstLogin:
    initiate: dict[str, Any]  # InitiateAuth answer with the temporary password
    respond: dict[str, Any]  # RespondToAuthChallenge answer with the new password
    new_password: str


def complete_first_login(client: Any, client_id: str, username: str, temporary_password: str) -> FirstLogin:
    initiate = password_auth(client, client_id, username, temporary_password)
    if initiate.get("ChallengeName") != "NEW_PASSWORD_REQUIRED":
        pytest.fail(f"expected NEW_PASSWORD_REQUIRED for {username}'s first sign-in, got {initiate}")
    new_password = strong_password()
    respond = client.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=initiate["Session"],
        ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": new_password},
    )
    return FirstLogin(initiate, respond, new_password)


@pytest.fixture(scope="session")
def admin_first_login(cognito: Any, bootstrap: dict[str, Any]) -> FirstLogin:
    """The admin's first sign-in, done once: temporary password → NEW_PASSWORD_REQUIRED → new password."""
    admin = bootstrap["admin"]
    return complete_first_login(cognito, bootstrap["clientId"], admin["username"], admin["temporaryPassword"])


@pytest.fixture(scope="session")
def admin_password(admin_first_login: FirstLogin) -> str:
    return admin_first_login.new_password


@pytest.fixture(scope="session")
def admin_tokens(cognito: Any, bootstrap: dict[str, Any], admin_password: str) -> dict[str, Any]:
    """An AuthenticationResult from a plain USER_PASSWORD_AUTH sign-in of the admin."""
    return sign_in(cognito, bootstrap["clientId"], bootstrap["admin"]["username"], admin_password)


# --------------------------------------------------------------------------------------------------
# HTTP


@pytest.fixture(scope="session")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False  # no proxy from the environment for 127.0.0.1
        yield session


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_employee_body(**overrides: Any) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:8]
    body: dict[str, Any] = {
        "employeeNumber": f"E-{suffix}",
        "firstName": "Lan",
        "lastName": "Nguyễn",
        "workEmail": f"lan.{suffix}@example.com",
        "employmentType": "full_time",
        "hireDate": "2026-01-05",
    }
    body.update(overrides)
    return body


@pytest.fixture(scope="session")
def created_employee(server: HRSystemServer, http: requests.Session,
                     admin_tokens: dict[str, Any]) -> dict[str, Any]:
    """One employee created by the admin through POST /api/v1/employees."""
    response = http.post(server.url("/api/v1/employees"), json=new_employee_body(),
                         headers=bearer(admin_tokens["AccessToken"]), timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 201, response.text
    return response.json()
