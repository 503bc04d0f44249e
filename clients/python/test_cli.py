"""The admin CLI working on the data directory of a running server."""

from __future__ import annotations

from typing import Any, Callable

import jwt
import requests

from conftest import HTTP_TIMEOUT_SECONDS, HRSystemCli, HRSystemServer, TestUser, bearer


def find_user(listing: Any, username: str) -> dict[str, Any] | None:
    """The entry for `username` in `user list --json`, whether it prints a list or {"Users": [...]}."""
    users = listing.get("Users", listing.get("users")) if isinstance(listing, dict) else listing
    assert isinstance(users, list), listing
    for user in users:
        if username in (user.get("Username"), user.get("username")):
            return user
    return None


def test_user_list_json_includes_user_created_by_cli(
    cli: HRSystemCli, make_user: Callable[..., TestUser]
) -> None:
    user = make_user("listed")
    listing = cli.json("user", "list", "--json")
    assert find_user(listing, user.username) is not None, listing
    assert find_user(listing, "admin") is not None, listing


def test_token_command_prints_tokens_the_api_accepts(
    cli: HRSystemCli, make_user: Callable[..., TestUser], server: HRSystemServer, http: requests.Session,
    bootstrap: dict[str, Any],
) -> None:
    user = make_user("cli-token")
    printed = cli.json("token", "--username", user.username, "--password", user.password)
    result = printed.get("AuthenticationResult", printed)
    assert result["TokenType"] == "Bearer"
    claims = jwt.decode(result["IdToken"], options={"verify_signature": False})
    assert claims["cognito:username"] == user.username
    assert claims["iss"] == bootstrap["issuer"]
    response = http.get(server.url("/api/v1/employees"), headers=bearer(result["AccessToken"]),
                        timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200, response.text


def test_token_command_refuses_wrong_password(cli: HRSystemCli, make_user: Callable[..., TestUser]) -> None:
    user = make_user("cli-badpw")
    result = cli.run("token", "--username", user.username, "--password", user.password + "x", check=False)
    assert result.returncode != 0
    assert "Incorrect username or password." in result.stdout + result.stderr
