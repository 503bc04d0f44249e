"""The pool's own settings and its app clients, through boto3 signed with the bootstrap access key and through the
admin CLI:

- CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients, UpdateUserPoolClient, DeleteUserPoolClient:
  the response shape and its defaults, token validities in the largest whole unit and their limits, explicit auth
  flows (legacy names, unknown names), unique client names, pagination, an update that replaces every setting, a
  deleted client whose tokens the HR API refuses within a second, and the web console's client that cannot be deleted.
- What a client's settings do at sign-in: ExplicitAuthFlows, the SECRET_HASH of a client with a secret,
  PreventUserExistenceErrors, and the token validities in the tokens it issues.
- AdminInitiateAuth and AdminRespondToAuthChallenge: ADMIN_USER_PASSWORD_AUTH (and ADMIN_NO_SRP_AUTH), the
  NEW_PASSWORD_REQUIRED challenge, REFRESH_TOKEN_AUTH, and their refusals (flow not allowed, unknown pool or client,
  unsigned).
- AdminResetUserPassword: refused without a verified email, otherwise RESET_REQUIRED with every token revoked until
  an administrator sets a new password.
- UpdateUserPool: the password policy and AdminCreateUserConfig, enforced at once, back to the defaults when left
  out, and the settings this server refuses. Each test that changes the pool restores it.
- `hrsystem client create | list | show | update | delete` against the running server's installation.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import re
import time
from typing import Any, Iterator

import pytest
import requests
from botocore import UNSIGNED

from conftest import HRSystemCli, HRSystemServer, strong_password, unique_username
from test_admin_api import (
    admin_client,
    assert_recent,
    assert_refused_by_hr_api_within_bound,
    PoolUser,
    claims,
    client_id,  # noqa: F401 (a fixture)
    create_user,
    employees_status,
    idp,  # noqa: F401 (a fixture)
    pool_id,  # noqa: F401 (a fixture)
    refused,
    user_state,
)

CLIENT_ID_RE = re.compile(r"^[a-z0-9]{26}$")
DEFAULT_FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
PASSWORD_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
ADMIN_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
DEFAULT_VALIDITY = {"AccessTokenValidity": 1, "IdTokenValidity": 1, "RefreshTokenValidity": 30}
DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
DEFAULT_PASSWORD_POLICY = {
    "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True,
    "RequireSymbols": True, "TemporaryPasswordValidityDays": 7,
}
NO_VERIFIED_CONTACT = "Cannot reset password for the user as there is no registered/verified email or phone_number"
INCORRECT = "Incorrect username or password."
NEW_CLIENT_GRACE_SECONDS = 3.0
# Longer than the HR API may reuse what it read about the pool's clients: a request after this pause reads them again.
CLIENT_LIST_REUSE_SECONDS = 1.1


# --------------------------------------------------------------------------------------------------
# Clients and helpers


@pytest.fixture(scope="module")
def public(server: HRSystemServer) -> Any:
    """boto3 without credentials, as an app signs users in (InitiateAuth needs no signature)."""
    return admin_client(server, signature_version=UNSIGNED)


@pytest.fixture(scope="module")
def lax(server: HRSystemServer) -> Any:
    """boto3 signed with the bootstrap key that sends values its own model would refuse, so the server answers."""
    return admin_client(server, parameter_validation=False)


@pytest.fixture(scope="module")
def member(idp: Any, pool_id: str) -> PoolUser:
    """A confirmed employee the sign-in tests share, since none changes it (making users is the slow part here)."""
    return create_user(idp, pool_id, "member")


def create_client(idp: Any, pool_id: str, prefix: str = "client", **settings: Any) -> dict[str, Any]:
    """CreateUserPoolClient with a unique name; returns the UserPoolClient."""
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName=unique_username(prefix),
                                       **settings)["UserPoolClient"]


def describe_client(idp: Any, pool_id: str, client_id: str) -> dict[str, Any]:
    return idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]


def listed_clients(idp: Any, pool_id: str) -> dict[str, str]:
    """Every app client of the pool as {ClientId: ClientName}, through boto3's paginator."""
    result: dict[str, str] = {}
    for page in idp.get_paginator("list_user_pool_clients").paginate(UserPoolId=pool_id):
        for item in page["UserPoolClients"]:
            assert set(item) == {"ClientId", "UserPoolId", "ClientName"}, item
            assert item["UserPoolId"] == pool_id, item
            assert item["ClientId"] not in result, f"{item['ClientId']} listed twice"
            result[item["ClientId"]] = item["ClientName"]
    return result


def assert_client_shape(client: dict[str, Any], pool_id: str) -> None:
    """The UserPoolClientType members every client has, whatever its settings."""
    assert CLIENT_ID_RE.match(client["ClientId"]), client
    assert client["UserPoolId"] == pool_id, client
    assert isinstance(client["ClientName"], str) and client["ClientName"], client
    assert_recent(client["CreationDate"])
    assert_recent(client["LastModifiedDate"])
    assert client["CreationDate"] <= client["LastModifiedDate"], client
    assert client["ExplicitAuthFlows"] == sorted(client["ExplicitAuthFlows"]), client
    assert set(client["TokenValidityUnits"]) == {"AccessToken", "IdToken", "RefreshToken"}, client
    assert client["PreventUserExistenceErrors"] in {"LEGACY", "ENABLED"}, client
    assert isinstance(client["EnableTokenRevocation"], bool), client


def validities(client: dict[str, Any]) -> dict[str, Any]:
    """The three validities and their units, as one value to compare."""
    return {name: client[name] for name in ("AccessTokenValidity", "IdTokenValidity", "RefreshTokenValidity",
                                            "TokenValidityUnits")}


def default_validities() -> dict[str, Any]:
    return {**DEFAULT_VALIDITY, "TokenValidityUnits": DEFAULT_UNITS}


def secret_hash(secret: str, username: str, client_id: str) -> str:
    """Cognito's SECRET_HASH: base64(HMAC-SHA256(client secret, username + client id))."""
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def password_auth_with(public: Any, client_id: str, username: str, password: str, **parameters: str) -> dict[str, Any]:
    return public.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": username, "PASSWORD": password, **parameters})


def admin_password_auth(idp: Any, pool_id: str, client_id: str, username: str, password: str,
                        flow: str = "ADMIN_USER_PASSWORD_AUTH") -> dict[str, Any]:
    return idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow=flow,
                                   AuthParameters={"USERNAME": username, "PASSWORD": password})


def hr_api_reads_the_clients_again(http: requests.Session, server: HRSystemServer, access_token: str) -> None:
    """Makes the HR API's knowledge of the pool's clients as fresh as it can be (an accepted request after a pause),
    so that a bound measured from the next change holds for the worst case, not by luck."""
    time.sleep(CLIENT_LIST_REUSE_SECONDS)
    assert employees_status(http, server, access_token) == 200


def wait_until_hr_api_accepts(http: requests.Session, server: HRSystemServer, access_token: str) -> None:
    """A precondition, not the behaviour under test: the HR API accepts a token of a client made a moment ago (it may
    take up to a second to learn of the client; test_new_clients_tokens_are_accepted_at_once covers that)."""
    deadline = time.monotonic() + NEW_CLIENT_GRACE_SECONDS
    while (status := employees_status(http, server, access_token)) != 200:
        assert status == 401 and time.monotonic() < deadline, f"the HR API still answers {status}"
        time.sleep(0.05)


def pool_settings(idp: Any, pool_id: str) -> dict[str, Any]:
    """The settings UpdateUserPool changes, as DescribeUserPool shows them."""
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    return {"PasswordPolicy": pool["Policies"]["PasswordPolicy"],
            "AllowAdminCreateUserOnly": pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"],
            "MfaConfiguration": pool["MfaConfiguration"]}


@contextlib.contextmanager
def pool_restored(idp: Any, pool_id: str) -> Iterator[dict[str, Any]]:
    """Yields the pool's settings, and puts them back afterwards: the server is shared by every test."""
    before = pool_settings(idp, pool_id)
    try:
        yield before
    finally:
        idp.update_user_pool(UserPoolId=pool_id, Policies={"PasswordPolicy": before["PasswordPolicy"]},
                             AdminCreateUserConfig={"AllowAdminCreateUserOnly": before["AllowAdminCreateUserOnly"]})
        assert pool_settings(idp, pool_id) == before


# --------------------------------------------------------------------------------------------------
# CreateUserPoolClient, DescribeUserPoolClient


def test_create_client_without_settings_returns_cognitos_defaults(idp: Any, pool_id: str) -> None:
    name = unique_username("defaults")
    created = idp.create_user_pool_client(UserPoolId=pool_id, ClientName=name)["UserPoolClient"]
    assert_client_shape(created, pool_id)
    assert created["ClientName"] == name
    assert created["ExplicitAuthFlows"] == DEFAULT_FLOWS
    assert validities(created) == default_validities()
    assert created["PreventUserExistenceErrors"] == "LEGACY"
    assert created["EnableTokenRevocation"] is True
    assert "ClientSecret" not in created
    assert describe_client(idp, pool_id, created["ClientId"]) == created


def test_create_client_with_every_setting_returns_them_and_describe_agrees(idp: Any, pool_id: str) -> None:
    created = create_client(
        idp, pool_id, "full", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AccessTokenValidity=30, IdTokenValidity=45, RefreshTokenValidity=7,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        PreventUserExistenceErrors="ENABLED", EnableTokenRevocation=False)
    assert_client_shape(created, pool_id)
    assert created["ExplicitAuthFlows"] == [
        "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
    assert validities(created) == {
        "AccessTokenValidity": 30, "IdTokenValidity": 45, "RefreshTokenValidity": 7,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}}
    assert created["PreventUserExistenceErrors"] == "ENABLED"
    assert created["EnableTokenRevocation"] is False
    assert isinstance(created["ClientSecret"], str) and len(created["ClientSecret"]) >= 32, created
    assert describe_client(idp, pool_id, created["ClientId"]) == created


def test_each_client_gets_its_own_id_and_secret(idp: Any, pool_id: str) -> None:
    first = create_client(idp, pool_id, "twin", GenerateSecret=True)
    second = create_client(idp, pool_id, "twin", GenerateSecret=True)
    assert first["ClientId"] != second["ClientId"]
    assert first["ClientSecret"] != second["ClientSecret"]


VALIDITY_EXPRESSIONS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("whole-hours-and-days",
     {"AccessTokenValidity": 120, "IdTokenValidity": 86400, "RefreshTokenValidity": 48,
      "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "seconds", "RefreshToken": "hours"}},
     {"AccessTokenValidity": 2, "IdTokenValidity": 24, "RefreshTokenValidity": 2,
      "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}}),
    ("minutes-and-seconds",
     {"AccessTokenValidity": 90, "IdTokenValidity": 301, "RefreshTokenValidity": 90,
      "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "seconds", "RefreshToken": "minutes"}},
     {"AccessTokenValidity": 90, "IdTokenValidity": 301, "RefreshTokenValidity": 90,
      "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "seconds", "RefreshToken": "minutes"}}),
    ("default-units-hours-and-days",
     {"AccessTokenValidity": 2, "IdTokenValidity": 3, "RefreshTokenValidity": 10},
     {"AccessTokenValidity": 2, "IdTokenValidity": 3, "RefreshTokenValidity": 10,
      "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}}),
    ("one-day-is-24-hours",
     {"AccessTokenValidity": 1, "IdTokenValidity": 1, "RefreshTokenValidity": 25,
      "TokenValidityUnits": {"AccessToken": "days", "IdToken": "days", "RefreshToken": "hours"}},
     {"AccessTokenValidity": 24, "IdTokenValidity": 24, "RefreshTokenValidity": 25,
      "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "hours"}}),
    ("limits",
     {"AccessTokenValidity": 5, "IdTokenValidity": 1440, "RefreshTokenValidity": 3650,
      "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}},
     {"AccessTokenValidity": 5, "IdTokenValidity": 24, "RefreshTokenValidity": 3650,
      "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days"}}),
    ("shortest-refresh-is-one-hour",
     {"RefreshTokenValidity": 60, "TokenValidityUnits": {"RefreshToken": "minutes"}},
     {**DEFAULT_VALIDITY, "RefreshTokenValidity": 1,
      "TokenValidityUnits": {**DEFAULT_UNITS, "RefreshToken": "hours"}}),
]


@pytest.mark.parametrize("settings, expected", [(s, e) for _, s, e in VALIDITY_EXPRESSIONS],
                         ids=[name for name, _, _ in VALIDITY_EXPRESSIONS])
def test_token_validities_are_expressed_in_the_largest_whole_unit(
    idp: Any, pool_id: str, settings: dict[str, Any], expected: dict[str, Any]
) -> None:
    created = create_client(idp, pool_id, "validity", **settings)
    assert validities(created) == expected
    assert validities(describe_client(idp, pool_id, created["ClientId"])) == expected


VALIDITIES_OUT_OF_RANGE: list[tuple[str, dict[str, Any]]] = [
    ("access-4-minutes", {"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}}),
    ("access-1441-minutes", {"AccessTokenValidity": 1441, "TokenValidityUnits": {"AccessToken": "minutes"}}),
    ("access-2-days", {"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}}),
    ("id-299-seconds", {"IdTokenValidity": 299, "TokenValidityUnits": {"IdToken": "seconds"}}),
    ("id-25-hours", {"IdTokenValidity": 25}),
    ("refresh-59-minutes", {"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}}),
    ("refresh-3651-days", {"RefreshTokenValidity": 3651}),
]


@pytest.mark.parametrize("settings", [s for _, s in VALIDITIES_OUT_OF_RANGE],
                         ids=[name for name, _ in VALIDITIES_OUT_OF_RANGE])
def test_validity_out_of_range_is_invalid_and_creates_nothing(
    lax: Any, idp: Any, pool_id: str, settings: dict[str, Any]
) -> None:
    name = unique_username("out-of-range")
    refused("InvalidParameterException", lambda: lax.create_user_pool_client(
        UserPoolId=pool_id, ClientName=name, **settings))
    assert name not in listed_clients(idp, pool_id).values()


FLOW_MISTAKES: list[tuple[str, list[str]]] = [
    ("legacy-user-password-with-allow", ["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
    ("legacy-admin-no-srp-with-allow", ["ADMIN_NO_SRP_AUTH", "ALLOW_USER_SRP_AUTH"]),
    ("legacy-custom-only-with-allow", ["ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"]),
    ("unknown-flow", ["ALLOW_EVERYTHING"]),
]


@pytest.mark.parametrize("flows", [f for _, f in FLOW_MISTAKES], ids=[name for name, _ in FLOW_MISTAKES])
def test_legacy_flows_mixed_with_allow_flows_or_unknown_flows_are_invalid(
    lax: Any, idp: Any, pool_id: str, flows: list[str]
) -> None:
    name = unique_username("flows")
    refused("InvalidParameterException", lambda: lax.create_user_pool_client(
        UserPoolId=pool_id, ClientName=name, ExplicitAuthFlows=flows))
    assert name not in listed_clients(idp, pool_id).values()


def test_client_name_is_unique_in_the_pool(idp: Any, pool_id: str) -> None:
    first = create_client(idp, pool_id, "unique")
    refused("InvalidParameterException", lambda: idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName=first["ClientName"]))
    assert list(listed_clients(idp, pool_id).values()).count(first["ClientName"]) == 1

    second = create_client(idp, pool_id, "unique")
    refused("InvalidParameterException", lambda: idp.update_user_pool_client(
        UserPoolId=pool_id, ClientId=second["ClientId"], ClientName=first["ClientName"]))
    assert describe_client(idp, pool_id, second["ClientId"]) == second


def test_describe_unknown_client_or_unknown_pool_is_resource_not_found(
    idp: Any, pool_id: str, client_id: str, bootstrap: dict[str, Any]
) -> None:
    refused("ResourceNotFoundException", lambda: idp.describe_user_pool_client(
        UserPoolId=pool_id, ClientId="a" * 26))
    refused("ResourceNotFoundException", lambda: idp.describe_user_pool_client(
        UserPoolId=f"{bootstrap['region']}_doesNotExist1", ClientId=client_id))


# --------------------------------------------------------------------------------------------------
# ListUserPoolClients


def test_list_clients_with_max_results_one_walks_every_client(idp: Any, pool_id: str, client_id: str) -> None:
    mine = {item["ClientId"]: item["ClientName"] for item in
            (create_client(idp, pool_id, "listed") for _ in range(3))}
    walked: list[tuple[str, str]] = []
    token = None
    while True:
        page = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=1, **({"NextToken": token} if token else {}))
        assert len(page["UserPoolClients"]) == 1, page
        item = page["UserPoolClients"][0]
        assert item == {"ClientId": item["ClientId"], "UserPoolId": pool_id, "ClientName": item["ClientName"]}, item
        walked.append((item["ClientId"], item["ClientName"]))
        token = page.get("NextToken")
        if not token:
            break
        assert len(walked) < 10_000, "pagination does not end"
    ids = [client for client, _ in walked]
    assert len(ids) == len(set(ids)), "a client appears on two pages"
    assert dict(walked) == listed_clients(idp, pool_id)
    assert mine.items() <= dict(walked).items()
    assert client_id in dict(walked)


@pytest.mark.parametrize("max_results", [0, 61])
def test_list_clients_max_results_outside_1_to_60_is_invalid(lax: Any, pool_id: str, max_results: int) -> None:
    refused("InvalidParameterException", lambda: lax.list_user_pool_clients(UserPoolId=pool_id,
                                                                            MaxResults=max_results))


# --------------------------------------------------------------------------------------------------
# UpdateUserPoolClient


def test_update_with_only_a_name_returns_every_other_setting_to_its_default(
    idp: Any, public: Any, pool_id: str
) -> None:
    created = create_client(
        idp, pool_id, "replaced", GenerateSecret=True, ExplicitAuthFlows=PASSWORD_FLOWS,
        AccessTokenValidity=10, IdTokenValidity=20, RefreshTokenValidity=3,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        PreventUserExistenceErrors="ENABLED", EnableTokenRevocation=False)
    new_name = unique_username("renamed")
    updated = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=created["ClientId"],
                                          ClientName=new_name)["UserPoolClient"]
    assert_client_shape(updated, pool_id)
    assert updated["ClientId"] == created["ClientId"] and updated["ClientName"] == new_name
    assert updated["ExplicitAuthFlows"] == DEFAULT_FLOWS
    assert validities(updated) == default_validities()
    assert updated["PreventUserExistenceErrors"] == "LEGACY"
    assert updated["EnableTokenRevocation"] is True
    assert updated["ClientSecret"] == created["ClientSecret"], "an update keeps the secret"
    assert updated["CreationDate"] == created["CreationDate"]
    assert updated["LastModifiedDate"] >= created["LastModifiedDate"]
    assert describe_client(idp, pool_id, created["ClientId"]) == updated
    assert listed_clients(idp, pool_id)[created["ClientId"]] == new_name

    # The flows went back to the default set: USER_PASSWORD_AUTH is no longer allowed.
    message = refused("InvalidParameterException", lambda: password_auth_with(
        public, created["ClientId"], "nobody", strong_password(),
        SECRET_HASH=secret_hash(created["ClientSecret"], "nobody", created["ClientId"])))
    assert "USER_PASSWORD_AUTH" in message, message


def test_update_without_a_name_keeps_the_name_and_sets_what_it_gives(idp: Any, pool_id: str) -> None:
    created = create_client(idp, pool_id, "kept")
    updated = idp.update_user_pool_client(
        UserPoolId=pool_id, ClientId=created["ClientId"], ExplicitAuthFlows=ADMIN_FLOWS,
        AccessTokenValidity=15, TokenValidityUnits={"AccessToken": "minutes"},
        PreventUserExistenceErrors="ENABLED")["UserPoolClient"]
    assert updated["ClientName"] == created["ClientName"]
    assert updated["ExplicitAuthFlows"] == ADMIN_FLOWS
    assert validities(updated) == {**default_validities(), "AccessTokenValidity": 15,
                                   "TokenValidityUnits": {**DEFAULT_UNITS, "AccessToken": "minutes"}}
    assert updated["PreventUserExistenceErrors"] == "ENABLED"
    assert "ClientSecret" not in updated
    assert describe_client(idp, pool_id, created["ClientId"]) == updated


def test_update_of_an_unknown_client_is_resource_not_found(idp: Any, pool_id: str) -> None:
    refused("ResourceNotFoundException", lambda: idp.update_user_pool_client(
        UserPoolId=pool_id, ClientId="b" * 26, ClientName=unique_username("ghost")))


def test_invalid_update_leaves_the_client_unchanged(lax: Any, idp: Any, pool_id: str) -> None:
    created = create_client(idp, pool_id, "unchanged", ExplicitAuthFlows=PASSWORD_FLOWS)
    refused("InvalidParameterException", lambda: lax.update_user_pool_client(
        UserPoolId=pool_id, ClientId=created["ClientId"], AccessTokenValidity=2,
        TokenValidityUnits={"AccessToken": "days"}))
    refused("InvalidParameterException", lambda: lax.update_user_pool_client(
        UserPoolId=pool_id, ClientId=created["ClientId"], ExplicitAuthFlows=["USER_PASSWORD_AUTH",
                                                                             "ALLOW_USER_SRP_AUTH"]))
    assert describe_client(idp, pool_id, created["ClientId"]) == created


# --------------------------------------------------------------------------------------------------
# DeleteUserPoolClient


def test_deleted_client_is_gone_and_its_access_token_is_refused_within_a_second(
    idp: Any, public: Any, pool_id: str, server: HRSystemServer, http: requests.Session, member: PoolUser
) -> None:
    client = create_client(idp, pool_id, "deleted", ExplicitAuthFlows=PASSWORD_FLOWS)
    tokens = password_auth_with(public, client["ClientId"], member.username, member.password)["AuthenticationResult"]
    assert claims(tokens["AccessToken"])["client_id"] == client["ClientId"]
    wait_until_hr_api_accepts(http, server, tokens["AccessToken"])
    hr_api_reads_the_clients_again(http, server, tokens["AccessToken"])

    deleted = idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    deleted_at = time.monotonic()
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], deleted_at)
    refused("ResourceNotFoundException", lambda: describe_client(idp, pool_id, client["ClientId"]))
    refused("ResourceNotFoundException", lambda: password_auth_with(
        public, client["ClientId"], member.username, member.password))
    refused("ResourceNotFoundException", lambda: public.initiate_auth(
        ClientId=client["ClientId"], AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}))
    assert client["ClientId"] not in listed_clients(idp, pool_id)
    refused("ResourceNotFoundException", lambda: idp.delete_user_pool_client(
        UserPoolId=pool_id, ClientId=client["ClientId"]))


def test_deleting_the_web_console_client_is_refused_and_it_keeps_working(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session,
    member: PoolUser
) -> None:
    before = describe_client(idp, pool_id, client_id)
    refused("InvalidParameterException", lambda: idp.delete_user_pool_client(UserPoolId=pool_id,
                                                                             ClientId=client_id))
    assert describe_client(idp, pool_id, client_id) == before
    assert client_id in listed_clients(idp, pool_id)
    tokens = password_auth_with(public, client_id, member.username, member.password)["AuthenticationResult"]
    assert employees_status(http, server, tokens["AccessToken"]) == 200


# --------------------------------------------------------------------------------------------------
# A client's settings at sign-in


def test_user_password_auth_is_refused_by_a_client_that_does_not_allow_it(
    idp: Any, public: Any, pool_id: str, member: PoolUser
) -> None:
    client = create_client(idp, pool_id, "srp-only")
    message = refused("InvalidParameterException", lambda: password_auth_with(
        public, client["ClientId"], member.username, member.password))
    assert "USER_PASSWORD_AUTH" in message, message


def test_client_with_a_secret_requires_the_right_secret_hash(
    idp: Any, public: Any, pool_id: str, member: PoolUser
) -> None:
    client = create_client(idp, pool_id, "hashed", GenerateSecret=True, ExplicitAuthFlows=PASSWORD_FLOWS)
    client_id, secret = client["ClientId"], client["ClientSecret"]
    refused("NotAuthorizedException", lambda: password_auth_with(public, client_id, member.username, member.password))
    refused("NotAuthorizedException", lambda: password_auth_with(
        public, client_id, member.username, member.password,
        SECRET_HASH=secret_hash("x" + secret, member.username, client_id)))
    refused("NotAuthorizedException", lambda: password_auth_with(
        public, client_id, member.username, member.password,
        SECRET_HASH=secret_hash(secret, member.username + "x", client_id)))

    result = password_auth_with(public, client_id, member.username, member.password,
                                SECRET_HASH=secret_hash(secret, member.username, client_id))["AuthenticationResult"]
    assert claims(result["AccessToken"])["client_id"] == client_id
    assert claims(result["IdToken"])["cognito:username"] == member.username


def test_prevent_user_existence_errors_enabled_answers_an_unknown_user_like_a_wrong_password(
    idp: Any, public: Any, pool_id: str
) -> None:
    client = create_client(idp, pool_id, "hidden", ExplicitAuthFlows=PASSWORD_FLOWS,
                           PreventUserExistenceErrors="ENABLED")
    message = refused("NotAuthorizedException", lambda: password_auth_with(
        public, client["ClientId"], unique_username("ghost"), strong_password()))
    assert message == INCORRECT


def test_prevent_user_existence_errors_legacy_says_the_user_does_not_exist(
    idp: Any, public: Any, pool_id: str
) -> None:
    client = create_client(idp, pool_id, "legacy", ExplicitAuthFlows=PASSWORD_FLOWS,
                           PreventUserExistenceErrors="LEGACY")
    refused("UserNotFoundException", lambda: password_auth_with(
        public, client["ClientId"], unique_username("ghost"), strong_password()))


def test_tokens_carry_the_clients_validities(idp: Any, public: Any, pool_id: str, member: PoolUser) -> None:
    client = create_client(idp, pool_id, "lifetimes", ExplicitAuthFlows=PASSWORD_FLOWS,
                           AccessTokenValidity=10, IdTokenValidity=15,
                           TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes"})
    result = password_auth_with(public, client["ClientId"], member.username, member.password)["AuthenticationResult"]
    assert result["ExpiresIn"] == 600
    access, identity = claims(result["AccessToken"]), claims(result["IdToken"])
    assert access["exp"] - access["iat"] == 600
    assert identity["exp"] - identity["iat"] == 900
    assert identity["aud"] == client["ClientId"]


def test_new_clients_tokens_are_accepted_at_once(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session,
    member: PoolUser
) -> None:
    # The HR API is in use (here through the web console's client) when an administrator adds a client.
    console = password_auth_with(public, client_id, member.username, member.password)["AuthenticationResult"]
    hr_api_reads_the_clients_again(http, server, console["AccessToken"])
    client = create_client(idp, pool_id, "fresh", ExplicitAuthFlows=PASSWORD_FLOWS)
    tokens = password_auth_with(public, client["ClientId"], member.username, member.password)["AuthenticationResult"]
    assert public.get_user(AccessToken=tokens["AccessToken"])["Username"] == member.username
    assert employees_status(http, server, tokens["AccessToken"]) == 200


# --------------------------------------------------------------------------------------------------
# AdminInitiateAuth, AdminRespondToAuthChallenge


@pytest.fixture(scope="module")
def admin_flow_client(idp: Any, pool_id: str, server: HRSystemServer, http: requests.Session,
                      member: PoolUser) -> dict[str, Any]:
    """A client that allows ADMIN_USER_PASSWORD_AUTH and refresh (not USER_PASSWORD_AUTH), known to the HR API."""
    client = create_client(idp, pool_id, "admin-flow", ExplicitAuthFlows=ADMIN_FLOWS)
    tokens = admin_password_auth(idp, pool_id, client["ClientId"], member.username, member.password)
    wait_until_hr_api_accepts(http, server, tokens["AuthenticationResult"]["AccessToken"])
    return client


@pytest.mark.parametrize("flow", ["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"])
def test_admin_initiate_auth_signs_a_confirmed_user_in(
    idp: Any, pool_id: str, admin_flow_client: dict[str, Any], server: HRSystemServer, http: requests.Session,
    flow: str, member: PoolUser
) -> None:
    answer = admin_password_auth(idp, pool_id, admin_flow_client["ClientId"], member.username, member.password, flow)
    assert "ChallengeName" not in answer, answer
    result = answer["AuthenticationResult"]
    assert result["TokenType"] == "Bearer" and result["ExpiresIn"] == 3600
    assert result["RefreshToken"]
    assert claims(result["IdToken"])["cognito:username"] == member.username
    assert claims(result["AccessToken"])["client_id"] == admin_flow_client["ClientId"]
    assert employees_status(http, server, result["AccessToken"]) == 200


def test_admin_initiate_auth_with_a_wrong_password_is_not_authorized(
    idp: Any, pool_id: str, admin_flow_client: dict[str, Any], member: PoolUser
) -> None:
    message = refused("NotAuthorizedException", lambda: admin_password_auth(
        idp, pool_id, admin_flow_client["ClientId"], member.username, member.password + "x"))
    assert message == INCORRECT


def test_admin_initiate_auth_needs_a_client_that_allows_admin_user_password_auth(
    idp: Any, pool_id: str, member: PoolUser
) -> None:
    client = create_client(idp, pool_id, "no-admin-flow", ExplicitAuthFlows=PASSWORD_FLOWS)
    refused("InvalidParameterException", lambda: admin_password_auth(
        idp, pool_id, client["ClientId"], member.username, member.password))


def test_admin_new_password_challenge_is_answered_with_admin_respond_to_auth_challenge(
    idp: Any, pool_id: str, admin_flow_client: dict[str, Any], server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "admin-challenge", permanent=False)
    client_id = admin_flow_client["ClientId"]
    answer = admin_password_auth(idp, pool_id, client_id, user.username, user.password)
    assert answer["ChallengeName"] == "NEW_PASSWORD_REQUIRED", answer
    assert isinstance(answer["Session"], str) and answer["Session"], answer
    assert "AuthenticationResult" not in answer

    new_password = strong_password()
    responded = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool_id, ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=answer["Session"],
        ChallengeResponses={"USERNAME": user.username, "NEW_PASSWORD": new_password})
    assert "ChallengeName" not in responded, responded
    result = responded["AuthenticationResult"]
    assert claims(result["IdToken"])["cognito:username"] == user.username
    assert employees_status(http, server, result["AccessToken"]) == 200
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "CONFIRMED"
    again = admin_password_auth(idp, pool_id, client_id, user.username, new_password)
    assert "AuthenticationResult" in again and "ChallengeName" not in again, again


def test_admin_refresh_token_auth_returns_a_new_access_token(
    idp: Any, pool_id: str, admin_flow_client: dict[str, Any], server: HRSystemServer, http: requests.Session,
    member: PoolUser
) -> None:
    client_id = admin_flow_client["ClientId"]
    first = admin_password_auth(idp, pool_id, client_id, member.username, member.password)["AuthenticationResult"]
    refreshed = idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                        AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})
    result = refreshed["AuthenticationResult"]
    assert result["AccessToken"] != first["AccessToken"]
    assert "RefreshToken" not in result
    assert claims(result["AccessToken"])["sub"] == claims(first["AccessToken"])["sub"]
    assert employees_status(http, server, result["AccessToken"]) == 200


def test_admin_initiate_auth_with_an_unknown_pool_or_client_is_resource_not_found(
    idp: Any, pool_id: str, admin_flow_client: dict[str, Any], bootstrap: dict[str, Any], member: PoolUser
) -> None:
    other_pool = f"{bootstrap['region']}_doesNotExist1"
    refused("ResourceNotFoundException", lambda: admin_password_auth(
        idp, other_pool, admin_flow_client["ClientId"], member.username, member.password))
    refused("ResourceNotFoundException", lambda: admin_password_auth(
        idp, pool_id, "c" * 26, member.username, member.password))
    refused("ResourceNotFoundException", lambda: idp.admin_respond_to_auth_challenge(
        UserPoolId=other_pool, ClientId=admin_flow_client["ClientId"], ChallengeName="NEW_PASSWORD_REQUIRED",
        Session="x" * 40, ChallengeResponses={"USERNAME": member.username, "NEW_PASSWORD": strong_password()}))


def test_unsigned_admin_initiate_auth_is_refused(
    server: HRSystemServer, idp: Any, pool_id: str, admin_flow_client: dict[str, Any], member: PoolUser
) -> None:
    unsigned = admin_client(server, signature_version=UNSIGNED)
    refused("MissingAuthenticationTokenException", lambda: admin_password_auth(
        unsigned, pool_id, admin_flow_client["ClientId"], member.username, member.password), status=None)


# --------------------------------------------------------------------------------------------------
# AdminResetUserPassword


def test_reset_without_a_verified_email_is_refused_and_changes_nothing(
    idp: Any, public: Any, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "no-reset")
    unverified = [{"Name": "email", "Value": f"{user.username}@example.com"},
                  {"Name": "email_verified", "Value": "false"}]
    for change in ([], unverified):  # no email at all, then an email that is not verified
        if change:
            idp.admin_update_user_attributes(UserPoolId=pool_id, Username=user.username, UserAttributes=change)
        before = user_state(idp, pool_id, user.username)
        message = refused("InvalidParameterException", lambda: idp.admin_reset_user_password(
            UserPoolId=pool_id, Username=user.username))
        assert message == NO_VERIFIED_CONTACT
        assert user_state(idp, pool_id, user.username) == before
        assert password_auth_with(public, client_id, user.username, user.password)["AuthenticationResult"]


def test_reset_requires_a_new_password_and_revokes_the_users_tokens(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "reset", attributes={
        "email": f"{unique_username('reset')}@example.com", "email_verified": "true"})
    tokens = password_auth_with(public, client_id, user.username, user.password)["AuthenticationResult"]
    assert employees_status(http, server, tokens["AccessToken"]) == 200

    answer = idp.admin_reset_user_password(UserPoolId=pool_id, Username=user.username)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    reset_at = time.monotonic()
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], reset_at)
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "RESET_REQUIRED"
    refused("NotAuthorizedException", lambda: public.get_user(AccessToken=tokens["AccessToken"]))
    refused("PasswordResetRequiredException", lambda: password_auth_with(
        public, client_id, user.username, user.password))
    refused("NotAuthorizedException", lambda: public.initiate_auth(
        ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}))

    new_password = strong_password()
    idp.admin_set_user_password(UserPoolId=pool_id, Username=user.username, Password=new_password, Permanent=True)
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "CONFIRMED"
    again = password_auth_with(public, client_id, user.username, new_password)["AuthenticationResult"]
    assert employees_status(http, server, again["AccessToken"]) == 200


def test_reset_of_an_unknown_user_is_user_not_found(idp: Any, pool_id: str) -> None:
    message = refused("UserNotFoundException", lambda: idp.admin_reset_user_password(
        UserPoolId=pool_id, Username=unique_username("ghost")))
    assert message == "User does not exist."


# --------------------------------------------------------------------------------------------------
# UpdateUserPool


def test_update_user_pool_sets_the_password_policy_and_admin_create_user_config(idp: Any, pool_id: str) -> None:
    with pool_restored(idp, pool_id):
        before = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        policy = {"MinimumLength": 12, "RequireUppercase": False, "RequireLowercase": True, "RequireNumbers": False,
                  "RequireSymbols": False, "TemporaryPasswordValidityDays": 3}
        answer = idp.update_user_pool(UserPoolId=pool_id, Policies={"PasswordPolicy": policy},
                                      AdminCreateUserConfig={"AllowAdminCreateUserOnly": False})
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
        after = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        assert after["Policies"]["PasswordPolicy"] == policy
        assert after["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
        assert after["LastModifiedDate"] > before["LastModifiedDate"]
        assert_recent(after["LastModifiedDate"])
        assert after["CreationDate"] == before["CreationDate"]
        listed = [item for item in idp.list_user_pools(MaxResults=60)["UserPools"] if item["Id"] == pool_id]
        assert [item["LastModifiedDate"] for item in listed] == [after["LastModifiedDate"]]


def test_new_password_policy_is_enforced_by_admin_set_user_password(idp: Any, pool_id: str) -> None:
    user = create_user(idp, pool_id, "policy")
    long_without_symbols = "Abcdefghij12"  # 12 characters, no symbol
    short = "Ab1!cdefghi"  # 11 characters, every kind
    with pool_restored(idp, pool_id):
        idp.update_user_pool(UserPoolId=pool_id, Policies={"PasswordPolicy": {
            **DEFAULT_PASSWORD_POLICY, "MinimumLength": 12, "RequireSymbols": False}})
        refused("InvalidPasswordException", lambda: idp.admin_set_user_password(
            UserPoolId=pool_id, Username=user.username, Password=short, Permanent=True))
        idp.admin_set_user_password(UserPoolId=pool_id, Username=user.username, Password=long_without_symbols,
                                    Permanent=True)
    # Back to the defaults: symbols are required again and eight characters are enough.
    refused("InvalidPasswordException", lambda: idp.admin_set_user_password(
        UserPoolId=pool_id, Username=user.username, Password=long_without_symbols, Permanent=True))
    idp.admin_set_user_password(UserPoolId=pool_id, Username=user.username, Password="Ab1!cdef", Permanent=True)


def test_update_user_pool_without_policies_returns_to_the_defaults(idp: Any, pool_id: str) -> None:
    with pool_restored(idp, pool_id):
        idp.update_user_pool(UserPoolId=pool_id, Policies={"PasswordPolicy": {
            "MinimumLength": 20, "RequireUppercase": False, "RequireLowercase": False, "RequireNumbers": False,
            "RequireSymbols": False, "TemporaryPasswordValidityDays": 30}},
            AdminCreateUserConfig={"AllowAdminCreateUserOnly": False})
        assert pool_settings(idp, pool_id)["PasswordPolicy"]["MinimumLength"] == 20
        idp.update_user_pool(UserPoolId=pool_id)
        assert pool_settings(idp, pool_id) == {"PasswordPolicy": DEFAULT_PASSWORD_POLICY,
                                               "AllowAdminCreateUserOnly": True, "MfaConfiguration": "OFF"}


UNSUPPORTED_POOL_SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("mfa-on", {"MfaConfiguration": "ON"}),
    ("minimum-length-5", {"Policies": {"PasswordPolicy": {**DEFAULT_PASSWORD_POLICY, "MinimumLength": 5}}}),
]


@pytest.mark.parametrize("settings", [s for _, s in UNSUPPORTED_POOL_SETTINGS],
                         ids=[name for name, _ in UNSUPPORTED_POOL_SETTINGS])
def test_update_user_pool_refuses_what_it_cannot_do_and_changes_nothing(
    lax: Any, idp: Any, pool_id: str, settings: dict[str, Any]
) -> None:
    with pool_restored(idp, pool_id) as before:
        refused("InvalidParameterException", lambda: lax.update_user_pool(UserPoolId=pool_id, **settings))
        assert pool_settings(idp, pool_id) == before


# --------------------------------------------------------------------------------------------------
# The admin CLI


def test_cli_create_prints_the_client_and_boto3_sees_it_at_once(
    cli: HRSystemCli, idp: Any, public: Any, pool_id: str, member: PoolUser
) -> None:
    name = unique_username("cli")
    created = cli.json("client", "create", name, "--flow", "ALLOW_USER_PASSWORD_AUTH", "--flow",
                       "ALLOW_REFRESH_TOKEN_AUTH", "--generate-secret", "--access-token-minutes", "15",
                       "--id-token-minutes", "20", "--refresh-token-days", "7", "--user-existence-errors", "ENABLED",
                       "--json")
    assert created == {
        "ClientId": created["ClientId"], "ClientName": name, "UserPoolId": pool_id,
        "ExplicitAuthFlows": "ALLOW_REFRESH_TOKEN_AUTH ALLOW_USER_PASSWORD_AUTH",
        "AccessTokenValiditySeconds": "900", "IdTokenValiditySeconds": "1200", "RefreshTokenValiditySeconds": "604800",
        "PreventUserExistenceErrors": "ENABLED", "HasSecret": "true", "ClientSecret": created["ClientSecret"],
    }
    assert CLIENT_ID_RE.match(created["ClientId"]), created

    described = describe_client(idp, pool_id, created["ClientId"])
    assert_client_shape(described, pool_id)
    assert described["ClientName"] == name
    assert described["ExplicitAuthFlows"] == PASSWORD_FLOWS
    assert validities(described) == {
        "AccessTokenValidity": 15, "IdTokenValidity": 20, "RefreshTokenValidity": 7,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}}
    assert described["PreventUserExistenceErrors"] == "ENABLED"
    assert described["ClientSecret"] == created["ClientSecret"]

    result = password_auth_with(public, created["ClientId"], member.username, member.password,
                                SECRET_HASH=secret_hash(created["ClientSecret"], member.username, created["ClientId"]))
    assert result["AuthenticationResult"]["ExpiresIn"] == 900


def test_cli_create_without_options_gives_the_default_flows_and_validities(cli: HRSystemCli, idp: Any,
                                                                           pool_id: str) -> None:
    created = cli.json("client", "create", unique_username("cli-plain"), "--json")
    assert created["ExplicitAuthFlows"] == " ".join(DEFAULT_FLOWS)
    assert (created["AccessTokenValiditySeconds"], created["IdTokenValiditySeconds"],
            created["RefreshTokenValiditySeconds"]) == ("3600", "3600", "2592000")
    assert created["HasSecret"] == "false" and "ClientSecret" not in created
    described = describe_client(idp, pool_id, created["ClientId"])
    assert described["ExplicitAuthFlows"] == DEFAULT_FLOWS
    assert validities(described) == default_validities()
    assert "ClientSecret" not in described


def test_cli_create_refuses_a_name_the_pool_already_uses(cli: HRSystemCli, idp: Any, pool_id: str) -> None:
    existing = create_client(idp, pool_id, "cli-taken")
    result = cli.run("client", "create", existing["ClientName"], "--json", check=False)
    assert result.returncode != 0, result.stdout
    assert list(listed_clients(idp, pool_id).values()).count(existing["ClientName"]) == 1


def test_cli_list_shows_the_same_clients_as_list_user_pool_clients(
    cli: HRSystemCli, idp: Any, pool_id: str, client_id: str
) -> None:
    created = create_client(idp, pool_id, "cli-listed")
    listing = cli.json("client", "list", "--json")
    assert set(listing) == {"UserPoolClients"}, listing
    for item in listing["UserPoolClients"]:
        assert set(item) == {"ClientId", "ClientName"}, item
    printed = {item["ClientId"]: item["ClientName"] for item in listing["UserPoolClients"]}
    assert len(printed) == len(listing["UserPoolClients"])
    assert printed == listed_clients(idp, pool_id)
    assert printed[created["ClientId"]] == created["ClientName"]
    assert client_id in printed


def test_cli_show_prints_the_secret_only_when_asked(cli: HRSystemCli, idp: Any, pool_id: str) -> None:
    created = create_client(idp, pool_id, "cli-shown", GenerateSecret=True, ExplicitAuthFlows=ADMIN_FLOWS,
                            AccessTokenValidity=90, TokenValidityUnits={"AccessToken": "minutes"})
    shown = cli.json("client", "show", created["ClientId"], "--json")
    assert shown == {
        "ClientId": created["ClientId"], "ClientName": created["ClientName"], "UserPoolId": pool_id,
        "ExplicitAuthFlows": " ".join(ADMIN_FLOWS), "AccessTokenValiditySeconds": "5400",
        "IdTokenValiditySeconds": "3600", "RefreshTokenValiditySeconds": "2592000",
        "PreventUserExistenceErrors": "LEGACY", "HasSecret": "true",
    }
    with_secret = cli.json("client", "show", created["ClientId"], "--show-secret", "--json")
    assert with_secret == {**shown, "ClientSecret": created["ClientSecret"]}
    plain = cli.run("client", "show", created["ClientId"])
    assert created["ClientSecret"] not in plain.stdout + plain.stderr


def test_cli_update_changes_only_the_settings_it_is_given(cli: HRSystemCli, idp: Any, pool_id: str) -> None:
    created = create_client(idp, pool_id, "cli-updated", ExplicitAuthFlows=PASSWORD_FLOWS, IdTokenValidity=2,
                            RefreshTokenValidity=9, PreventUserExistenceErrors="ENABLED")
    new_name = unique_username("cli-renamed")
    updated = cli.json("client", "update", created["ClientId"], "--name", new_name, "--access-token-minutes", "30",
                       "--json")
    assert updated["ClientName"] == new_name
    assert updated["ExplicitAuthFlows"] == " ".join(PASSWORD_FLOWS)
    assert (updated["AccessTokenValiditySeconds"], updated["IdTokenValiditySeconds"],
            updated["RefreshTokenValiditySeconds"]) == ("1800", "7200", "777600")
    assert updated["PreventUserExistenceErrors"] == "ENABLED"

    described = describe_client(idp, pool_id, created["ClientId"])
    assert described["ClientName"] == new_name
    assert described["ExplicitAuthFlows"] == PASSWORD_FLOWS
    assert validities(described) == {
        "AccessTokenValidity": 30, "IdTokenValidity": 2, "RefreshTokenValidity": 9,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days"}}
    assert described["PreventUserExistenceErrors"] == "ENABLED"
    assert described["CreationDate"] == created["CreationDate"]

    flows = cli.json("client", "update", created["ClientId"], "--flow", "ALLOW_USER_SRP_AUTH", "--json")
    assert flows["ExplicitAuthFlows"] == "ALLOW_USER_SRP_AUTH"
    assert flows["ClientName"] == new_name and flows["AccessTokenValiditySeconds"] == "1800"
    assert describe_client(idp, pool_id, created["ClientId"])["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH"]


def test_cli_delete_removes_the_client(cli: HRSystemCli, idp: Any, public: Any, pool_id: str) -> None:
    created = create_client(idp, pool_id, "cli-deleted", ExplicitAuthFlows=PASSWORD_FLOWS)
    cli.run("client", "delete", created["ClientId"])
    refused("ResourceNotFoundException", lambda: describe_client(idp, pool_id, created["ClientId"]))
    refused("ResourceNotFoundException", lambda: password_auth_with(
        public, created["ClientId"], "nobody", strong_password()))
    assert created["ClientId"] not in listed_clients(idp, pool_id)
    assert cli.run("client", "show", created["ClientId"], check=False).returncode != 0
    assert cli.run("client", "delete", created["ClientId"], check=False).returncode != 0


def test_cli_refuses_to_delete_the_web_console_client(
    cli: HRSystemCli, idp: Any, public: Any, pool_id: str, client_id: str, member: PoolUser
) -> None:
    before = describe_client(idp, pool_id, client_id)
    result = cli.run("client", "delete", client_id, check=False)
    assert result.returncode != 0, result.stdout
    assert describe_client(idp, pool_id, client_id) == before
    assert password_auth_with(public, client_id, member.username, member.password)["AuthenticationResult"]
