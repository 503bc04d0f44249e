"""The server process itself: first-start bootstrap, health endpoints, what it prints."""

from __future__ import annotations

import re
import stat
from typing import Any

import requests

from conftest import HTTP_TIMEOUT_SECONDS, HRSystemServer


def test_health_answers_200(server: HRSystemServer, http: requests.Session) -> None:
    response = http.get(server.url("/health"), timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200


def test_ready_answers_200_when_database_is_reachable(server: HRSystemServer, http: requests.Session) -> None:
    response = http.get(server.url("/ready"), timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200


def test_bootstrap_file_is_private_to_its_owner(server: HRSystemServer) -> None:
    mode = stat.S_IMODE(server.bootstrap_path.stat().st_mode)
    assert mode == 0o600, f"bootstrap.json has mode {oct(mode)}"


def test_bootstrap_describes_pool_client_and_admin(server: HRSystemServer, bootstrap: dict[str, Any]) -> None:
    region = bootstrap["region"]
    assert region == "ap-southeast-1"
    pool_id = bootstrap["userPoolId"]
    assert re.fullmatch(rf"{re.escape(region)}_[0-9A-Za-z]{{9}}", pool_id), pool_id
    assert bootstrap["endpoint"] == server.endpoint
    assert bootstrap["issuer"] == f"{server.endpoint}/{pool_id}"
    assert bootstrap["jwksUri"] == f"{bootstrap['issuer']}/.well-known/jwks.json"
    assert re.fullmatch(r"[a-z0-9]{26}", bootstrap["clientId"]), bootstrap["clientId"]
    assert bootstrap["clientName"] == "hr-web"
    assert set(bootstrap["groups"]) == {"hr_admin", "manager", "employee"}
    assert bootstrap["admin"]["username"] == "admin"
    assert isinstance(bootstrap["admin"]["temporaryPassword"], str) and bootstrap["admin"]["temporaryPassword"]


def test_first_start_prints_pool_but_not_admin_password_when_not_a_terminal(
    server: HRSystemServer, bootstrap: dict[str, Any]
) -> None:
    # DESIGN §2: the first start prints the pool id, client id and issuer; passwords only on a terminal.
    log = server.log_text()
    assert bootstrap["userPoolId"] in log
    assert bootstrap["clientId"] in log
    assert bootstrap["admin"]["temporaryPassword"] not in log
