"""The aws cli (v1, `python -m awscli`) against the server, for a user the hrsystem CLI created."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Callable

import jwt

from conftest import HRSystemServer, TestUser, strong_password

AWS_CLI_TIMEOUT_SECONDS = 120


def aws(server: HRSystemServer, *args: str) -> subprocess.CompletedProcess[str]:
    """`aws cognito-idp …` with the session's isolated AWS environment (dummy keys, no config files)."""
    command = [
        sys.executable, "-m", "awscli", "cognito-idp", *args,
        "--endpoint-url", server.endpoint,
        "--region", server.bootstrap["region"],
        "--output", "json",
    ]
    return subprocess.run(command, capture_output=True, text=True, env=dict(os.environ),
                          stdin=subprocess.DEVNULL, timeout=AWS_CLI_TIMEOUT_SECONDS)


def aws_json(server: HRSystemServer, *args: str) -> dict[str, Any]:
    result = aws(server, *args)
    assert result.returncode == 0, f"aws {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
    return json.loads(result.stdout)


def initiate_auth(server: HRSystemServer, username: str, password: str) -> subprocess.CompletedProcess[str]:
    return aws(
        server, "initiate-auth",
        "--client-id", server.bootstrap["clientId"],
        "--auth-flow", "USER_PASSWORD_AUTH",
        "--auth-parameters", f"USERNAME={username},PASSWORD={password}",
    )


def test_aws_cli_completes_new_password_challenge_then_signs_in(
    server: HRSystemServer, make_user: Callable[..., TestUser]
) -> None:
    user = make_user("awscli", permanent=False)

    first = initiate_auth(server, user.username, user.password)
    assert first.returncode == 0, first.stderr
    challenge = json.loads(first.stdout)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert "AuthenticationResult" not in challenge

    new_password = strong_password()
    answered = aws_json(
        server, "respond-to-auth-challenge",
        "--client-id", server.bootstrap["clientId"],
        "--challenge-name", "NEW_PASSWORD_REQUIRED",
        "--session", challenge["Session"],
        "--challenge-responses", f"USERNAME={user.username},NEW_PASSWORD={new_password}",
    )
    result = answered["AuthenticationResult"]
    assert result["TokenType"] == "Bearer" and result["ExpiresIn"] == 3600
    assert result["AccessToken"] and result["IdToken"] and result["RefreshToken"]

    again = initiate_auth(server, user.username, new_password)
    assert again.returncode == 0, again.stderr
    signed_in = json.loads(again.stdout)
    assert "ChallengeName" not in signed_in
    id_claims = jwt.decode(signed_in["AuthenticationResult"]["IdToken"], options={"verify_signature": False})
    assert id_claims["cognito:username"] == user.username


def test_aws_cli_reports_not_authorized_for_wrong_password(
    server: HRSystemServer, make_user: Callable[..., TestUser]
) -> None:
    user = make_user("awscli-bad")
    result = initiate_auth(server, user.username, user.password + "x")
    assert result.returncode != 0
    assert "(NotAuthorizedException)" in result.stderr, result.stderr
    assert "Incorrect username or password." in result.stderr
