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


def test_user_lifecycle_through_the_cli(
    cli: HRSystemCli, make_user: Callable[..., TestUser], server: HRSystemServer, http: requests.Session,
    bootstrap: dict[str, Any],
) -> None:
    """show, remove-from-group, disable (the user's token is refused), enable, delete: each audited, each effective."""
    import subprocess
    import time

    from conftest import CLI_TIMEOUT_SECONDS, strong_password

    user = make_user("cli-life", group="manager")
    shown = cli.json("user", "show", user.username, "--json")["Users"][0]
    assert shown["Username"] == user.username and "manager" in shown["Groups"]
    cli.run("user", "remove-from-group", user.username, "manager")
    assert "manager" not in cli.json("user", "show", user.username, "--json")["Users"][0]["Groups"]

    token = cli.json("token", "--username", user.username, "--password", user.password)["AuthenticationResult"]["AccessToken"]
    cli.run("user", "disable", user.username)
    assert cli.json("user", "show", user.username, "--json")["Users"][0]["Enabled"] is False
    deadline = time.monotonic() + 2
    status = 0
    while time.monotonic() < deadline:
        status = http.get(server.url("/api/v1/employees"), headers=bearer(token), timeout=HTTP_TIMEOUT_SECONDS).status_code
        if status == 401:
            break
        time.sleep(0.1)
    assert status == 401, "a disabled user's token is refused within a second"
    cli.run("user", "enable", user.username)

    # A new password from standard input: nothing on the command line for ps to show.
    new_password = strong_password()
    command = [str(cli.binary), "user", "set-password", user.username, "--password-stdin", "--permanent",
               *server.common_options()]
    result = subprocess.run(command, input=new_password + "\n", capture_output=True, text=True,
                            env=server.environment(), timeout=CLI_TIMEOUT_SECONDS)
    assert result.returncode == 0, result.stderr
    printed = cli.json("token", "--username", user.username, "--password", new_password)
    assert printed["AuthenticationResult"]["AccessToken"]

    cli.run("user", "delete", user.username)
    assert cli.run("user", "show", user.username, check=False).returncode != 0


def test_groups_through_the_cli(cli: HRSystemCli) -> None:
    cli.run("group", "create", "auditors", "--description", "External auditors", "--precedence", "9")
    groups = {g["GroupName"]: g for g in cli.json("group", "list", "--json")["Groups"]}
    assert groups["auditors"]["Description"] == "External auditors"
    assert {"hr_admin", "manager", "employee"} <= set(groups)
    cli.run("group", "delete", "auditors")
    assert "auditors" not in {g["GroupName"] for g in cli.json("group", "list", "--json")["Groups"]}
