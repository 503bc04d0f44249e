"""A second start on the same data directory (and database) bootstraps and resets nothing.

This module runs its own server (not the shared one) because it stops and starts it.
"""

from __future__ import annotations

import json

from dataclasses import dataclass
from typing import Any, Iterator

import jwt
import pytest
import requests

from conftest import (
    HTTP_TIMEOUT_SECONDS,
    HRSystemServer,
    bearer,
    cognito_client_for,
    complete_first_login,
    new_employee_body,
    sign_in,
    start_server,
)


@dataclass
class Restarted:
    server: HRSystemServer
    bootstrap_before: bytes
    bootstrap_after: bytes
    admin_password: str
    tokens_before: dict[str, Any]
    employee_before: dict[str, Any]
    exit_status: int | None


@pytest.fixture(scope="module")
def restarted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Restarted]:
    server = start_server(tmp_path_factory, "restart")
    try:
        bootstrap = server.bootstrap
        client = cognito_client_for(server.endpoint, bootstrap["region"])
        admin = bootstrap["admin"]
        first = complete_first_login(client, bootstrap["clientId"], admin["username"], admin["temporaryPassword"])
        tokens = first.respond["AuthenticationResult"]
        with requests.Session() as http:
            http.trust_env = False
            response = http.post(server.url("/api/v1/employees"), json=new_employee_body(),
                                 headers=bearer(tokens["AccessToken"]), timeout=HTTP_TIMEOUT_SECONDS)
        assert response.status_code == 201, response.text
        before = server.bootstrap_path.read_bytes()

        exit_status = server.stop()
        server.start()  # same port, same data directory

        yield Restarted(server, before, server.bootstrap_path.read_bytes(), first.new_password, tokens,
                        response.json(), exit_status)
    finally:
        server.close()  # stops it and drops its PostgreSQL database, if any


def test_server_exits_cleanly_on_sigterm(restarted: Restarted) -> None:
    assert restarted.exit_status == 0


def test_second_start_only_drops_the_changed_temporary_password(restarted: Restarted) -> None:
    before = json.loads(restarted.bootstrap_before)
    after = json.loads(restarted.bootstrap_after)
    assert before["admin"]["temporaryPassword"], "the first start wrote the admin's temporary password"
    assert "temporaryPassword" not in after["admin"] or after["admin"]["temporaryPassword"] is None
    before["admin"].pop("temporaryPassword")
    after["admin"].pop("temporaryPassword", None)
    assert after == before, "nothing else changes on a second start"
    assert after["userPoolId"] and after["clientId"]
    assert restarted.server.bootstrap_path.stat().st_mode & 0o777 == 0o600


def test_admin_changed_password_survives_restart(restarted: Restarted) -> None:
    server = restarted.server
    client = cognito_client_for(server.endpoint, server.bootstrap["region"])
    result = sign_in(client, server.bootstrap["clientId"], "admin", restarted.admin_password)
    assert jwt.decode(result["IdToken"], options={"verify_signature": False})["cognito:groups"] == ["hr_admin"]


def test_tokens_issued_before_restart_remain_valid(restarted: Restarted) -> None:
    # Signing keys are kept in the database, so a restart neither rotates nor forgets them.
    server = restarted.server
    with requests.Session() as http:
        http.trust_env = False
        response = http.get(server.url(f"/api/v1/employees/{restarted.employee_before['id']}"),
                            headers=bearer(restarted.tokens_before["AccessToken"]), timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200, response.text
    assert response.json()["employeeNumber"] == restarted.employee_before["employeeNumber"]


def test_refresh_token_issued_before_restart_still_refreshes(restarted: Restarted) -> None:
    server = restarted.server
    client = cognito_client_for(server.endpoint, server.bootstrap["region"])
    answer = client.initiate_auth(
        ClientId=server.bootstrap["clientId"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": restarted.tokens_before["RefreshToken"]},
    )
    assert answer["AuthenticationResult"]["AccessToken"]
