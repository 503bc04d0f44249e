"""The signed administrative user-pool operations through real clients: boto3 and the aws cli, signed with SigV4 by
the access key the first start writes to bootstrap.json (or one made with `hrsystem key create`).

- Every operation, with its response shape and its effect on sign-in, tokens and the HR API.
- The aws cli's everyday flows.
- Refusals: unsigned, badly signed, expired or tampered requests, inactive or deleted keys, unknown users and invalid
  members, each with Cognito's error code and without any change to the user or group it aimed at.
- docs/examples/manage_users.py, a script written for Amazon Cognito, run unchanged against this server.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable
from unittest import mock

import boto3
import jwt
import pytest
import requests
from botocore import UNSIGNED
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import (
    HTTP_TIMEOUT_SECONDS,
    REPO_ROOT,
    HRSystemCli,
    HRSystemServer,
    bearer,
    complete_first_login,
    password_auth,
    sign_in,
    strong_password,
    unique_username,
)

EMPLOYEES = "/api/v1/employees"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
ACCESS_KEY_ID_RE = re.compile(r"^AKIA[A-Z0-9]{16}$")
# A token must be refused by the HR API within this long after the change that revoked it.
REVOCATION_BOUND_SECONDS = 1.0
AWS_CLI_TIMEOUT_SECONDS = 120


# --------------------------------------------------------------------------------------------------
# Clients and helpers


@dataclass(frozen=True)
class AccessKey:
    key_id: str
    secret: str


def admin_client(server: HRSystemServer, key: AccessKey | None = None, *, region: str | None = None,
                 **config: Any) -> Any:
    """A boto3 `cognito-idp` client signing with `key` (default: the admin's key from bootstrap.json)."""
    key = key or bootstrap_key(server)
    return boto3.session.Session().client(
        "cognito-idp",
        endpoint_url=server.endpoint,
        region_name=region or server.bootstrap["region"],
        aws_access_key_id=key.key_id,
        aws_secret_access_key=key.secret,
        aws_session_token=config.pop("session_token", None),
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=10,
                      read_timeout=HTTP_TIMEOUT_SECONDS, **config),
    )


def bootstrap_key(server: HRSystemServer) -> AccessKey:
    return AccessKey(server.bootstrap["accessKeyId"], server.bootstrap["secretAccessKey"])


@pytest.fixture(scope="module")
def idp(server: HRSystemServer) -> Any:
    """boto3 signed with the admin's bootstrap key."""
    return admin_client(server)


@pytest.fixture(scope="module")
def pool_id(bootstrap: dict[str, Any]) -> str:
    return bootstrap["userPoolId"]


@pytest.fixture(scope="module")
def client_id(bootstrap: dict[str, Any]) -> str:
    return bootstrap["clientId"]


def assert_error(error: ClientError, code: str, *, status: int | None = 400) -> str:
    """Cognito's error code in the body and in x-amzn-ErrorType, a request id, and the status: `status`, or any 4xx
    when None (AWS answers signature failures with 400 or 403). Returns the message."""
    response = error.response
    assert response["Error"]["Code"] == code, response
    status_code = response["ResponseMetadata"]["HTTPStatusCode"]
    if status is None:
        assert 400 <= status_code < 500, response
    else:
        assert status_code == status, response
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert headers.get("x-amzn-errortype", "").split(":")[0] == code, headers
    assert headers.get("x-amzn-requestid"), headers
    message = response["Error"]["Message"]
    assert isinstance(message, str) and message, response
    return message


def refused(code: str, call: Callable[[], Any], *, status: int | None = 400) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    return assert_error(caught.value, code, status=status)


def name_value_map(items: Any) -> dict[str, str]:
    """A Name/Value attribute list as a dict, after checking its shape (no duplicate names)."""
    assert isinstance(items, list), items
    result: dict[str, str] = {}
    for item in items:
        assert set(item) == {"Name", "Value"}, item
        assert isinstance(item["Name"], str) and isinstance(item["Value"], str), item
        assert item["Name"] not in result, f"attribute {item['Name']} twice in {items}"
        result[item["Name"]] = item["Value"]
    return result


def assert_recent(value: Any) -> None:
    """A timestamp parsed by botocore: an aware datetime, close to now (server and tests share the clock)."""
    assert isinstance(value, dt.datetime), value
    assert value.tzinfo is not None, value
    assert abs(value - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5), value


def assert_user_shape(user: dict[str, Any], attributes_member: str) -> dict[str, str]:
    """The UserType (ListUsers, AdminCreateUser: `Attributes`) or AdminGetUser (`UserAttributes`) shape; returns
    the attributes."""
    assert isinstance(user["Username"], str) and user["Username"], user
    assert isinstance(user["Enabled"], bool), user
    assert user["UserStatus"] in {"UNCONFIRMED", "CONFIRMED", "EXTERNAL_PROVIDER", "RESET_REQUIRED",
                                  "FORCE_CHANGE_PASSWORD", "ARCHIVED", "COMPROMISED", "UNKNOWN"}, user
    assert_recent(user["UserCreateDate"])
    assert_recent(user["UserLastModifiedDate"])
    assert user["UserCreateDate"] <= user["UserLastModifiedDate"], user
    attributes = name_value_map(user[attributes_member])
    assert re.fullmatch(r"[0-9a-f-]{36}", attributes.get("sub", "")), attributes
    return attributes


def assert_group_shape(group: dict[str, Any], pool_id: str) -> None:
    assert isinstance(group["GroupName"], str) and group["GroupName"], group
    assert group["UserPoolId"] == pool_id, group
    assert_recent(group["CreationDate"])
    assert_recent(group["LastModifiedDate"])
    assert group["CreationDate"] <= group["LastModifiedDate"], group


def claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def groups_claim(token: str) -> set[str]:
    return set(claims(token).get("cognito:groups", []))


def employees_status(http: requests.Session, server: HRSystemServer, access_token: str) -> int:
    return http.get(server.url(EMPLOYEES), headers=bearer(access_token), timeout=HTTP_TIMEOUT_SECONDS).status_code


def assert_refused_by_hr_api_within_bound(http: requests.Session, server: HRSystemServer, access_token: str,
                                          since: float) -> None:
    """GET /api/v1/employees answers 401 for the token within REVOCATION_BOUND_SECONDS of `since` (monotonic)."""
    while True:
        status = employees_status(http, server, access_token)
        elapsed = time.monotonic() - since
        if status == 401:
            assert elapsed <= REVOCATION_BOUND_SECONDS, f"refused only after {elapsed:.2f}s"
            return
        assert status == 200, status
        assert elapsed <= REVOCATION_BOUND_SECONDS, f"token still accepted {elapsed:.2f}s after the change"
        time.sleep(0.05)


def user_names(users: list[dict[str, Any]]) -> list[str]:
    return [user["Username"] for user in users]


def all_users(idp: Any, pool_id: str, **arguments: Any) -> list[dict[str, Any]]:
    """Every page of ListUsers, through boto3's paginator."""
    users: list[dict[str, Any]] = []
    for page in idp.get_paginator("list_users").paginate(UserPoolId=pool_id, **arguments):
        users.extend(page["Users"])
    return users


@dataclass(frozen=True)
class PoolUser:
    username: str
    password: str


def create_user(idp: Any, pool_id: str, prefix: str, *, groups: tuple[str, ...] = ("employee",),
                permanent: bool = True, attributes: dict[str, str] | None = None,
                username: str | None = None) -> PoolUser:
    """A user made through AdminCreateUser (and AdminSetUserPassword when `permanent`), in `groups`."""
    username = username or unique_username(prefix)
    password = strong_password()
    idp.admin_create_user(
        UserPoolId=pool_id, Username=username, TemporaryPassword=password, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": name, "Value": value} for name, value in (attributes or {}).items()])
    if permanent:
        password = strong_password()
        idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    for group in groups:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)
    return PoolUser(username, password)


def user_state(idp: Any, pool_id: str, username: str) -> dict[str, Any]:
    """Everything an administrative call could change about a user."""
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    groups = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=username)["Groups"]
    return {
        "Enabled": user["Enabled"],
        "UserStatus": user["UserStatus"],
        "UserAttributes": name_value_map(user["UserAttributes"]),
        "UserLastModifiedDate": user["UserLastModifiedDate"],
        "Groups": sorted(group["GroupName"] for group in groups),
    }


def assert_user_absent(idp: Any, pool_id: str, username: str) -> None:
    refused("UserNotFoundException", lambda: idp.admin_get_user(UserPoolId=pool_id, Username=username))
    assert all_users(idp, pool_id, Filter=f'username = "{username}"') == []


# --------------------------------------------------------------------------------------------------
# The bootstrap key


def test_first_start_writes_an_active_access_key_for_the_admin(server: HRSystemServer, cli: HRSystemCli) -> None:
    key = bootstrap_key(server)
    assert ACCESS_KEY_ID_RE.match(key.key_id), key.key_id
    assert len(key.secret) == 40, "a secret access key has 40 characters"
    listed = {item["AccessKeyId"]: item for item in cli.json("key", "list", "--json")["AccessKeys"]}
    assert listed[key.key_id]["Status"] == "Active"
    assert listed[key.key_id]["Owner"] == server.bootstrap["admin"]["username"]
    assert "secretAccessKey" not in listed[key.key_id] and "SecretAccessKey" not in listed[key.key_id]


def test_any_region_in_the_credential_scope_is_accepted(server: HRSystemServer, pool_id: str) -> None:
    for region in ("us-east-1", "eu-west-1"):
        pools = admin_client(server, region=region).list_user_pools(MaxResults=60)["UserPools"]
        assert pool_id in {pool["Id"] for pool in pools}, region


# --------------------------------------------------------------------------------------------------
# AdminCreateUser, AdminGetUser, AdminSetUserPassword


def test_admin_create_user_returns_the_user_and_the_temporary_password_signs_in(
    idp: Any, pool_id: str, client_id: str
) -> None:
    username = unique_username("create")
    temporary = strong_password()
    created = idp.admin_create_user(
        UserPoolId=pool_id, Username=username, TemporaryPassword=temporary, MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": f"{username}@example.com"},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "name", "Value": "Nguyễn Thị Lan"},
            {"Name": "given_name", "Value": "Lan"},
            {"Name": "family_name", "Value": "Nguyễn"},
            {"Name": "phone_number", "Value": "+84901234567"},
            {"Name": "preferred_username", "Value": f"lan-{username[-6:]}"},
        ],
    )["User"]
    attributes = assert_user_shape(created, "Attributes")
    assert created["Username"] == username
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert created["Enabled"] is True
    assert {key: value for key, value in attributes.items() if key != "sub"} == {
        "email": f"{username}@example.com", "email_verified": "true", "name": "Nguyễn Thị Lan", "given_name": "Lan",
        "family_name": "Nguyễn", "phone_number": "+84901234567", "preferred_username": f"lan-{username[-6:]}",
    }

    fetched = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    assert "Attributes" not in fetched
    assert assert_user_shape(fetched, "UserAttributes") == attributes
    assert fetched["UserStatus"] == "FORCE_CHANGE_PASSWORD" and fetched["Enabled"] is True
    assert fetched["UserCreateDate"] == created["UserCreateDate"]

    first = complete_first_login(idp, client_id, username, temporary)
    assert first.initiate["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert claims(first.respond["AuthenticationResult"]["IdToken"])["sub"] == attributes["sub"]
    assert idp.admin_get_user(UserPoolId=pool_id, Username=username)["UserStatus"] == "CONFIRMED"


def test_admin_create_user_without_password_generates_one_and_refuses_a_duplicate(
    idp: Any, pool_id: str, client_id: str
) -> None:
    username = unique_username("generated")
    created = idp.admin_create_user(UserPoolId=pool_id, Username=username)["User"]
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert set(assert_user_shape(created, "Attributes")) == {"sub"}
    before = user_state(idp, pool_id, username)

    refused("UsernameExistsException", lambda: idp.admin_create_user(
        UserPoolId=pool_id, Username=username, TemporaryPassword=strong_password(), MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "someone-else@example.com"}]))
    assert user_state(idp, pool_id, username) == before

    # The generated password is never shown; an administrator sets one the user can use.
    password = strong_password()
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    assert claims(sign_in(idp, client_id, username, password)["IdToken"])["cognito:username"] == username


def test_resend_replaces_the_temporary_password(idp: Any, pool_id: str, client_id: str) -> None:
    user = create_user(idp, pool_id, "resend", permanent=False, groups=())
    created = idp.admin_get_user(UserPoolId=pool_id, Username=user.username)
    replacement = strong_password()
    resent = idp.admin_create_user(UserPoolId=pool_id, Username=user.username, MessageAction="RESEND",
                                   TemporaryPassword=replacement)["User"]
    assert resent["Username"] == user.username and resent["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert resent["UserCreateDate"] == created["UserCreateDate"]
    assert assert_user_shape(resent, "Attributes")["sub"] == name_value_map(created["UserAttributes"])["sub"]

    refused("NotAuthorizedException", lambda: password_auth(idp, client_id, user.username, user.password))
    assert password_auth(idp, client_id, user.username, replacement)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_resend_to_a_confirmed_user_is_unsupported_and_keeps_their_password(
    idp: Any, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "resend-confirmed", groups=())
    before = user_state(idp, pool_id, user.username)
    refused("UnsupportedUserStateException", lambda: idp.admin_create_user(
        UserPoolId=pool_id, Username=user.username, MessageAction="RESEND", TemporaryPassword=strong_password()))
    assert user_state(idp, pool_id, user.username) == before
    sign_in(idp, client_id, user.username, user.password)


def test_admin_set_user_password_permanent_signs_in_directly_and_temporary_forces_a_change(
    idp: Any, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "setpw", permanent=False, groups=())
    permanent = strong_password()
    assert idp.admin_set_user_password(UserPoolId=pool_id, Username=user.username, Password=permanent,
                                       Permanent=True)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "CONFIRMED"
    result = sign_in(idp, client_id, user.username, permanent)
    assert result["AccessToken"] and result["RefreshToken"]
    refused("NotAuthorizedException", lambda: password_auth(idp, client_id, user.username, user.password))

    temporary = strong_password()
    idp.admin_set_user_password(UserPoolId=pool_id, Username=user.username, Password=temporary, Permanent=False)
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert password_auth(idp, client_id, user.username, temporary)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


# --------------------------------------------------------------------------------------------------
# AdminDisableUser, AdminEnableUser, AdminUserGlobalSignOut, AdminDeleteUser


def test_disabled_user_cannot_sign_in_and_their_access_token_is_refused_within_a_second(
    idp: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "disable")
    tokens = sign_in(idp, client_id, user.username, user.password)
    assert employees_status(http, server, tokens["AccessToken"]) == 200

    idp.admin_disable_user(UserPoolId=pool_id, Username=user.username)
    disabled_at = time.monotonic()
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], disabled_at)
    message = refused("NotAuthorizedException", lambda: password_auth(idp, client_id, user.username, user.password))
    assert message == "User is disabled."
    refused("NotAuthorizedException", lambda: idp.initiate_auth(
        ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}))
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["Enabled"] is False
    assert user.username in user_names(all_users(idp, pool_id, Filter='status = "Disabled"'))

    idp.admin_enable_user(UserPoolId=pool_id, Username=user.username)
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["Enabled"] is True
    again = sign_in(idp, client_id, user.username, user.password)
    assert employees_status(http, server, again["AccessToken"]) == 200


def test_global_sign_out_revokes_refresh_and_access_tokens(
    idp: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "signout")
    tokens = sign_in(idp, client_id, user.username, user.password)
    refresh = {"REFRESH_TOKEN": tokens["RefreshToken"]}
    idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=refresh)
    assert employees_status(http, server, tokens["AccessToken"]) == 200

    idp.admin_user_global_sign_out(UserPoolId=pool_id, Username=user.username)
    signed_out_at = time.monotonic()
    message = refused("NotAuthorizedException", lambda: idp.initiate_auth(
        ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=refresh))
    assert message == "Refresh Token has been revoked"
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], signed_out_at)
    # The password still works: a new sign-in starts a new session.
    assert employees_status(http, server, sign_in(idp, client_id, user.username, user.password)["AccessToken"]) == 200
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["Enabled"] is True


def test_deleted_user_is_not_found_and_their_token_is_refused(
    idp: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "delete")
    tokens = sign_in(idp, client_id, user.username, user.password)
    assert employees_status(http, server, tokens["AccessToken"]) == 200

    deleted = idp.admin_delete_user(UserPoolId=pool_id, Username=user.username)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    deleted_at = time.monotonic()
    message = refused("UserNotFoundException", lambda: idp.admin_get_user(UserPoolId=pool_id, Username=user.username))
    assert message == "User does not exist."
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], deleted_at)
    assert user.username not in user_names(all_users(idp, pool_id))
    in_group = []
    for page in idp.get_paginator("list_users_in_group").paginate(UserPoolId=pool_id, GroupName="employee"):
        in_group.extend(user_names(page["Users"]))
    assert user.username not in in_group
    refused("NotAuthorizedException", lambda: password_auth(idp, client_id, user.username, user.password))
    refused("UserNotFoundException", lambda: idp.admin_delete_user(UserPoolId=pool_id, Username=user.username))

    # The username can be taken again: a new user (new sub) whose tokens work, while the old token stays refused.
    old_sub = claims(tokens["AccessToken"])["sub"]
    reborn = create_user(idp, pool_id, "delete", username=user.username)
    assert name_value_map(idp.admin_get_user(UserPoolId=pool_id, Username=user.username)
                          ["UserAttributes"])["sub"] != old_sub
    new_tokens = sign_in(idp, client_id, reborn.username, reborn.password)
    assert employees_status(http, server, new_tokens["AccessToken"]) == 200
    assert employees_status(http, server, tokens["AccessToken"]) == 401


# --------------------------------------------------------------------------------------------------
# AdminUpdateUserAttributes, AdminDeleteUserAttributes


def test_update_and_delete_user_attributes(idp: Any, pool_id: str) -> None:
    user = create_user(idp, pool_id, "attrs", groups=(), attributes={
        "email": "before@example.com", "email_verified": "true", "phone_number": "+84900000001"})
    before = idp.admin_get_user(UserPoolId=pool_id, Username=user.username)
    sub = name_value_map(before["UserAttributes"])["sub"]

    idp.admin_update_user_attributes(UserPoolId=pool_id, Username=user.username, UserAttributes=[
        {"Name": "name", "Value": "Trần Văn Bảo"},
        {"Name": "given_name", "Value": "Bảo"},
        {"Name": "family_name", "Value": "Trần"},
        {"Name": "preferred_username", "Value": f"bao-{user.username[-6:]}"},
        {"Name": "phone_number", "Value": "+84900000002"},
    ])
    updated = idp.admin_get_user(UserPoolId=pool_id, Username=user.username)
    attributes = assert_user_shape(updated, "UserAttributes")
    assert attributes == {
        "sub": sub, "email": "before@example.com", "email_verified": "true", "name": "Trần Văn Bảo",
        "given_name": "Bảo", "family_name": "Trần", "preferred_username": f"bao-{user.username[-6:]}",
        "phone_number": "+84900000002",
    }
    assert updated["UserLastModifiedDate"] >= before["UserLastModifiedDate"]

    idp.admin_delete_user_attributes(UserPoolId=pool_id, Username=user.username,
                                     UserAttributeNames=["phone_number", "preferred_username"])
    remaining = name_value_map(idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserAttributes"])
    assert remaining == {key: value for key, value in attributes.items()
                         if key not in {"phone_number", "preferred_username"}}


def test_new_email_sent_with_email_verified_true_stays_verified(idp: Any, pool_id: str) -> None:
    """Cognito: to change an attribute that needs verification without a code, send `email_verified: true` in the
    same request. Repeated, since the outcome must not depend on the order the server applies them in."""
    user = create_user(idp, pool_id, "verified", groups=(), attributes={"email": "first@example.com"})
    outcomes = []
    for attempt in range(10):
        email = f"{user.username}.{attempt}@example.com"
        idp.admin_update_user_attributes(UserPoolId=pool_id, Username=user.username, UserAttributes=[
            {"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}])
        attributes = name_value_map(idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserAttributes"])
        assert attributes["email"] == email
        outcomes.append(attributes["email_verified"])
    assert outcomes == ["true"] * 10, outcomes


# --------------------------------------------------------------------------------------------------
# Groups


def test_group_lifecycle(idp: Any, pool_id: str) -> None:
    name = unique_username("team")
    created = idp.create_group(UserPoolId=pool_id, GroupName=name, Description="Payroll reviewers", Precedence=7)
    group = created["Group"]
    assert_group_shape(group, pool_id)
    assert (group["GroupName"], group["Description"], group["Precedence"]) == (name, "Payroll reviewers", 7)
    assert idp.get_group(UserPoolId=pool_id, GroupName=name)["Group"] == group

    refused("GroupExistsException", lambda: idp.create_group(
        UserPoolId=pool_id, GroupName=name, Description="other", Precedence=1))
    assert idp.get_group(UserPoolId=pool_id, GroupName=name)["Group"] == group

    updated = idp.update_group(UserPoolId=pool_id, GroupName=name, Description="Payroll approvers",
                               Precedence=4)["Group"]
    assert_group_shape(updated, pool_id)
    assert (updated["GroupName"], updated["Description"], updated["Precedence"]) == (name, "Payroll approvers", 4)
    assert updated["CreationDate"] == group["CreationDate"]
    assert updated["LastModifiedDate"] >= group["LastModifiedDate"]
    assert idp.get_group(UserPoolId=pool_id, GroupName=name)["Group"] == updated

    # ListGroups, one group a page.
    listed, token, pages = [], None, 0
    while True:
        page = idp.list_groups(UserPoolId=pool_id, Limit=1, **({"NextToken": token} if token else {}))
        pages += 1
        assert len(page["Groups"]) == 1, page
        listed.extend(page["Groups"])
        token = page.get("NextToken")
        if not token:
            break
    names = [item["GroupName"] for item in listed]
    assert len(names) == len(set(names)) == pages
    assert {"hr_admin", "manager", "employee", name} <= set(names)
    for item in listed:
        assert_group_shape(item, pool_id)
    assert [item for item in listed if item["GroupName"] == name] == [updated]

    user = create_user(idp, pool_id, "member", groups=())
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user.username, GroupName=name)
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user.username, GroupName=name)  # again: no change
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user.username, GroupName="employee")
    memberships = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=user.username)["Groups"]
    for item in memberships:
        assert_group_shape(item, pool_id)
    assert sorted(item["GroupName"] for item in memberships) == sorted([name, "employee"])
    members = idp.list_users_in_group(UserPoolId=pool_id, GroupName=name)["Users"]
    assert user_names(members) == [user.username]
    assert_user_shape(members[0], "Attributes")

    # One group, then one member, a page.
    first = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=user.username, Limit=1)
    assert len(first["Groups"]) == 1 and first.get("NextToken"), first
    second = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=user.username, Limit=1,
                                            NextToken=first["NextToken"])
    assert len(second["Groups"]) == 1 and "NextToken" not in second, second
    assert sorted(item["GroupName"] for item in first["Groups"] + second["Groups"]) == sorted([name, "employee"])
    other = create_user(idp, pool_id, "member", groups=(name,))
    first = idp.list_users_in_group(UserPoolId=pool_id, GroupName=name, Limit=1)
    assert len(first["Users"]) == 1 and first.get("NextToken"), first
    second = idp.list_users_in_group(UserPoolId=pool_id, GroupName=name, Limit=1, NextToken=first["NextToken"])
    assert len(second["Users"]) == 1 and "NextToken" not in second, second
    assert sorted(user_names(first["Users"] + second["Users"])) == sorted([user.username, other.username])
    idp.admin_delete_user(UserPoolId=pool_id, Username=other.username)

    idp.admin_remove_user_from_group(UserPoolId=pool_id, Username=user.username, GroupName=name)
    assert idp.list_users_in_group(UserPoolId=pool_id, GroupName=name)["Users"] == []
    assert [item["GroupName"] for item in
            idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=user.username)["Groups"]] == ["employee"]

    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user.username, GroupName=name)
    assert idp.delete_group(UserPoolId=pool_id, GroupName=name)["ResponseMetadata"]["HTTPStatusCode"] == 200
    refused("ResourceNotFoundException", lambda: idp.get_group(UserPoolId=pool_id, GroupName=name))
    refused("ResourceNotFoundException", lambda: idp.list_users_in_group(UserPoolId=pool_id, GroupName=name))
    assert [item["GroupName"] for item in
            idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=user.username)["Groups"]] == ["employee"]
    refused("ResourceNotFoundException", lambda: idp.admin_add_user_to_group(
        UserPoolId=pool_id, Username=user.username, GroupName=name))


def test_group_without_description_or_precedence_omits_them(idp: Any, pool_id: str) -> None:
    name = unique_username("bare")
    group = idp.create_group(UserPoolId=pool_id, GroupName=name)["Group"]
    assert_group_shape(group, pool_id)
    assert "Description" not in group and "Precedence" not in group, group
    zero = idp.update_group(UserPoolId=pool_id, GroupName=name, Precedence=0)["Group"]
    assert zero["Precedence"] == 0 and "Description" not in zero, zero
    idp.delete_group(UserPoolId=pool_id, GroupName=name)


def test_group_changes_show_in_the_next_tokens(idp: Any, pool_id: str, client_id: str) -> None:
    user = create_user(idp, pool_id, "claims", groups=("employee", "manager"))
    first = sign_in(idp, client_id, user.username, user.password)
    for kind in ("IdToken", "AccessToken"):
        assert groups_claim(first[kind]) == {"employee", "manager"}, kind

    idp.admin_remove_user_from_group(UserPoolId=pool_id, Username=user.username, GroupName="manager")
    second = sign_in(idp, client_id, user.username, user.password)
    for kind in ("IdToken", "AccessToken"):
        assert groups_claim(second[kind]) == {"employee"}, kind
    refreshed = idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})["AuthenticationResult"]
    for kind in ("IdToken", "AccessToken"):
        assert groups_claim(refreshed[kind]) == {"employee"}, kind


# --------------------------------------------------------------------------------------------------
# ListUsers, DescribeUserPool, ListUserPools


@dataclass(frozen=True)
class ListedUsers:
    tag: str
    ann: str
    bao: str
    chi: str
    subs: dict[str, str]
    phones: dict[str, str]

    @property
    def all(self) -> set[str]:
        return {self.ann, self.bao, self.chi}


@pytest.fixture(scope="module")
def listed(idp: Any, pool_id: str) -> ListedUsers:
    """Three users with distinct attributes: ann (CONFIRMED), bao (FORCE_CHANGE_PASSWORD), chi (disabled, no phone)."""
    tag = uuid.uuid4().hex[:8]
    digits = str(int(tag, 16) % 10**6).zfill(6)
    phones = {"ann": f"+849{digits}1", "bao": f"+849{digits}2"}
    people = {
        "ann": {"email": f"ann.{tag}@example.com", "name": f"Ann {tag}", "given_name": "Ann",
                "family_name": f"Tran{tag}", "preferred_username": f"ann{tag}", "phone_number": phones["ann"]},
        "bao": {"email": f"bao.{tag}@example.org", "name": f"Bao {tag}", "given_name": "Bao",
                "family_name": f"Tran{tag}", "preferred_username": f"bao{tag}", "phone_number": phones["bao"]},
        "chi": {"email": f"chi.{tag}@example.com", "name": f"Chi {tag}", "given_name": "Chi",
                "family_name": f"Le{tag}", "preferred_username": f"chi{tag}"},
    }
    names = {}
    for person, attributes in people.items():
        names[person] = create_user(idp, pool_id, "", username=f"lf{tag}-{person}", groups=(),
                                    permanent=person == "ann", attributes=attributes).username
    idp.admin_disable_user(UserPoolId=pool_id, Username=names["chi"])
    subs = {names[person]: name_value_map(idp.admin_get_user(UserPoolId=pool_id, Username=names[person])
                                          ["UserAttributes"])["sub"] for person in people}
    return ListedUsers(tag, names["ann"], names["bao"], names["chi"], subs,
                       {names["ann"]: phones["ann"], names["bao"]: phones["bao"]})


LIST_FILTERS: list[tuple[str, Callable[[ListedUsers], str], Callable[[ListedUsers], set[str]]]] = [
    ("username-equals", lambda u: f'username = "{u.ann}"', lambda u: {u.ann}),
    ("username-prefix", lambda u: f'username ^= "lf{u.tag}-"', lambda u: u.all),
    ("email-equals", lambda u: f'email = "ann.{u.tag}@example.com"', lambda u: {u.ann}),
    ("email-prefix", lambda u: f'email ^= "bao.{u.tag}"', lambda u: {u.bao}),
    ("phone-equals", lambda u: f'phone_number = "{u.phones[u.bao]}"', lambda u: {u.bao}),
    ("phone-prefix", lambda u: f'phone_number ^= "{u.phones[u.ann][:-1]}"', lambda u: {u.ann, u.bao}),
    ("name-equals", lambda u: f'name = "Chi {u.tag}"', lambda u: {u.chi}),
    ("name-prefix", lambda u: f'name ^= "Ann {u.tag[:4]}"', lambda u: {u.ann}),
    ("given-name", lambda u: 'given_name = "Bao"', lambda u: {u.bao}),
    ("family-name", lambda u: f'family_name = "Tran{u.tag}"', lambda u: {u.ann, u.bao}),
    ("family-name-prefix", lambda u: f'family_name ^= "Le{u.tag}"', lambda u: {u.chi}),
    ("preferred-username", lambda u: f'preferred_username = "ann{u.tag}"', lambda u: {u.ann}),
    ("sub", lambda u: f'sub = "{u.subs[u.bao]}"', lambda u: {u.bao}),
    ("user-status-confirmed", lambda u: 'cognito:user_status = "CONFIRMED"', lambda u: {u.ann}),
    ("user-status-force-change", lambda u: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"', lambda u: {u.bao, u.chi}),
    ("status-enabled", lambda u: 'status = "Enabled"', lambda u: {u.ann, u.bao}),
    ("status-disabled", lambda u: 'status = "Disabled"', lambda u: {u.chi}),
]


@pytest.mark.parametrize("filter_of, expected_of", [(f, e) for _, f, e in LIST_FILTERS],
                         ids=[name for name, _, _ in LIST_FILTERS])
def test_list_users_filter(
    idp: Any, pool_id: str, listed: ListedUsers,
    filter_of: Callable[[ListedUsers], str], expected_of: Callable[[ListedUsers], set[str]],
) -> None:
    users = all_users(idp, pool_id, Filter=filter_of(listed))
    for user in users:
        assert_user_shape(user, "Attributes")
    names = user_names(users)
    assert len(names) == len(set(names)), names
    # Other tests' users may match too; among these three, exactly the expected ones must.
    assert set(names) & listed.all == expected_of(listed)


def test_list_users_attributes_to_get(idp: Any, pool_id: str, listed: ListedUsers) -> None:
    users = idp.list_users(UserPoolId=pool_id, Filter=f'username ^= "lf{listed.tag}-"',
                           AttributesToGet=["email", "given_name"])["Users"]
    assert {user["Username"] for user in users} == listed.all
    for user in users:
        person = user["Username"].rsplit("-", 1)[1]
        assert name_value_map(user["Attributes"]) == {
            "email": {"ann": f"ann.{listed.tag}@example.com", "bao": f"bao.{listed.tag}@example.org",
                      "chi": f"chi.{listed.tag}@example.com"}[person],
            "given_name": person.capitalize(),
        }
        assert isinstance(user["Enabled"], bool) and user["UserStatus"]


def walk_with_limit_one(idp: Any, pool_id: str, **arguments: Any) -> list[str]:
    """ListUsers with Limit=1, following PaginationToken to the end: every page holds one user, and a page has a
    token exactly when another follows."""
    names: list[str] = []
    token = None
    while True:
        page = idp.list_users(UserPoolId=pool_id, Limit=1, **arguments,
                              **({"PaginationToken": token} if token else {}))
        assert len(page["Users"]) <= 1, page
        names.extend(user_names(page["Users"]))
        token = page.get("PaginationToken")
        if not token:
            return names
        assert page["Users"], "a page with a PaginationToken must hold a user"
        assert len(names) < 100_000, "pagination does not end"


def test_list_users_pagination_with_limit_one_walks_every_user(
    idp: Any, pool_id: str, listed: ListedUsers
) -> None:
    mine = walk_with_limit_one(idp, pool_id, Filter=f'username ^= "lf{listed.tag}-"')
    assert sorted(mine) == sorted(listed.all)

    everyone = walk_with_limit_one(idp, pool_id)
    assert len(everyone) == len(set(everyone)), "a user appears on two pages"
    at_once = user_names(all_users(idp, pool_id))
    assert sorted(everyone) == sorted(at_once)
    assert listed.all | {"admin"} <= set(everyone)
    estimated = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["EstimatedNumberOfUsers"]
    assert estimated == len(everyone)


def test_describe_user_pool_and_list_user_pools(idp: Any, pool_id: str, bootstrap: dict[str, Any]) -> None:
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Id"] == pool_id
    assert isinstance(pool["Name"], str) and pool["Name"]
    assert isinstance(pool["CreationDate"], dt.datetime) and pool["CreationDate"].tzinfo is not None
    assert isinstance(pool["LastModifiedDate"], dt.datetime)
    assert isinstance(pool["EstimatedNumberOfUsers"], int) and pool["EstimatedNumberOfUsers"] >= 1
    assert pool["Arn"].startswith(f"arn:aws:cognito-idp:{bootstrap['region']}:")
    assert pool["Arn"].endswith(f":userpool/{pool_id}")
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] >= 8 and isinstance(policy["RequireSymbols"], bool)

    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    ours = [item for item in pools if item["Id"] == pool_id]
    assert len(ours) == 1
    assert ours[0]["Name"] == pool["Name"]
    assert ours[0]["CreationDate"] == pool["CreationDate"]
    assert isinstance(ours[0]["LastModifiedDate"], dt.datetime)


# --------------------------------------------------------------------------------------------------
# The aws cli


def aws(server: HRSystemServer, *args: str) -> subprocess.CompletedProcess[str]:
    """`aws cognito-idp …` from the venv, with the admin's key from bootstrap.json (no AWS config files)."""
    executable = Path(sys.executable).with_name("aws")
    assert executable.is_file(), f"the aws cli is not installed next to {sys.executable}"
    key = bootstrap_key(server)
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key.key_id, AWS_SECRET_ACCESS_KEY=key.secret)
    command = [str(executable), "cognito-idp", *args, "--endpoint-url", server.endpoint,
               "--region", server.bootstrap["region"], "--output", "json"]
    return subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                          timeout=AWS_CLI_TIMEOUT_SECONDS)


def aws_ok(server: HRSystemServer, *args: str) -> Any:
    result = aws(server, *args)
    assert result.returncode == 0, f"aws {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
    return json.loads(result.stdout) if result.stdout.strip() else None


def test_aws_cli_creates_a_user_adds_them_to_a_group_lists_disables_and_deletes_them(
    server: HRSystemServer, idp: Any, pool_id: str, client_id: str
) -> None:
    username = unique_username("awscli")
    email = f"{username}@example.com"
    temporary = strong_password()
    created = aws_ok(server, "admin-create-user", "--user-pool-id", pool_id, "--username", username,
                     "--temporary-password", temporary, "--message-action", "SUPPRESS",
                     "--user-attributes", f"Name=email,Value={email}", "Name=email_verified,Value=true",
                     "Name=name,Value=Lan")["User"]
    assert created["Username"] == username and created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert created["Enabled"] is True
    attributes = name_value_map(created["Attributes"])
    assert (attributes["email"], attributes["email_verified"], attributes["name"]) == (email, "true", "Lan")
    assert password_auth(idp, client_id, username, temporary)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    assert aws_ok(server, "admin-add-user-to-group", "--user-pool-id", pool_id, "--username", username,
                  "--group-name", "employee") is None
    assert [group["GroupName"] for group in
            idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=username)["Groups"]] == ["employee"]

    listed = aws_ok(server, "list-users", "--user-pool-id", pool_id, "--filter", f'email = "{email}"')
    assert user_names(listed["Users"]) == [username]

    assert aws_ok(server, "admin-disable-user", "--user-pool-id", pool_id, "--username", username) is None
    fetched = aws_ok(server, "admin-get-user", "--user-pool-id", pool_id, "--username", username)
    assert fetched["Enabled"] is False

    assert aws_ok(server, "admin-delete-user", "--user-pool-id", pool_id, "--username", username) is None
    missing = aws(server, "admin-get-user", "--user-pool-id", pool_id, "--username", username)
    assert missing.returncode != 0
    assert "(UserNotFoundException)" in missing.stderr, missing.stderr
    assert_user_absent(idp, pool_id, username)


# --------------------------------------------------------------------------------------------------
# Refusals: signatures and keys


@pytest.fixture
def target(idp: Any, pool_id: str) -> PoolUser:
    """A user that refused calls aim at; the test checks it is unchanged afterwards."""
    return create_user(idp, pool_id, "target")


def destructive_calls(client: Any, pool_id: str, username: str) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("AdminDisableUser", lambda: client.admin_disable_user(UserPoolId=pool_id, Username=username)),
        ("AdminAddUserToGroup", lambda: client.admin_add_user_to_group(
            UserPoolId=pool_id, Username=username, GroupName="hr_admin")),
        ("AdminUpdateUserAttributes", lambda: client.admin_update_user_attributes(
            UserPoolId=pool_id, Username=username, UserAttributes=[{"Name": "name", "Value": "Mallory"}])),
        ("AdminSetUserPassword", lambda: client.admin_set_user_password(
            UserPoolId=pool_id, Username=username, Password=strong_password(), Permanent=True)),
        ("AdminDeleteUser", lambda: client.admin_delete_user(UserPoolId=pool_id, Username=username)),
    ]


def assert_refused_without_effect(client: Any, idp: Any, pool_id: str, client_id: str, user: PoolUser,
                                  code: str) -> None:
    """Every destructive call through `client` answers `code`; the user, their password and groups are unchanged
    and no group was created."""
    before = user_state(idp, pool_id, user.username)
    for _operation, call in destructive_calls(client, pool_id, user.username):
        refused(code, call, status=None)
    refused(code, lambda: client.create_group(UserPoolId=pool_id, GroupName=f"{user.username}-group"), status=None)
    assert user_state(idp, pool_id, user.username) == before
    sign_in(idp, client_id, user.username, user.password)
    refused("ResourceNotFoundException", lambda: idp.get_group(UserPoolId=pool_id, GroupName=f"{user.username}-group"))


SIGNATURE_FAULTS: list[tuple[str, Callable[[HRSystemServer], Any], str]] = [
    ("unsigned", lambda server: admin_client(server, signature_version=UNSIGNED),
     "MissingAuthenticationTokenException"),
    ("wrong-secret", lambda server: admin_client(
        server, AccessKey(bootstrap_key(server).key_id, "x" * 40)), "InvalidSignatureException"),
    ("unknown-key-id", lambda server: admin_client(
        server, AccessKey("AKIA" + "Z" * 16, bootstrap_key(server).secret)), "UnrecognizedClientException"),
    ("session-token", lambda server: admin_client(
        server, session_token="FwoGZXIvYXdzEJr//////////wEaDM"), "UnrecognizedClientException"),
]


@pytest.mark.parametrize("make_client, code", [(m, c) for _, m, c in SIGNATURE_FAULTS],
                         ids=[name for name, _, _ in SIGNATURE_FAULTS])
def test_badly_signed_calls_are_refused_without_effect(
    server: HRSystemServer, idp: Any, pool_id: str, client_id: str, target: PoolUser,
    make_client: Callable[[HRSystemServer], Any], code: str
) -> None:
    assert_refused_without_effect(make_client(server), idp, pool_id, client_id, target, code)


def create_key(cli: HRSystemCli) -> AccessKey:
    created = cli.json("key", "create", "--json")
    assert ACCESS_KEY_ID_RE.match(created["AccessKeyId"]), created
    assert created["Status"] == "Active"
    return AccessKey(created["AccessKeyId"], created["SecretAccessKey"])


def key_status(cli: HRSystemCli, key_id: str) -> str | None:
    for item in cli.json("key", "list", "--json")["AccessKeys"]:
        if item["AccessKeyId"] == key_id:
            return item["Status"]
    return None


def test_deactivated_key_is_refused_at_once_and_works_again_once_activated(
    server: HRSystemServer, cli: HRSystemCli, idp: Any, pool_id: str, client_id: str, target: PoolUser
) -> None:
    key = create_key(cli)
    client = admin_client(server, key)
    assert client.admin_get_user(UserPoolId=pool_id, Username=target.username)["Username"] == target.username

    cli.run("key", "deactivate", key.key_id)
    assert key_status(cli, key.key_id) == "Inactive"
    assert_refused_without_effect(client, idp, pool_id, client_id, target, "UnrecognizedClientException")

    cli.run("key", "activate", key.key_id)
    assert key_status(cli, key.key_id) == "Active"
    client.admin_add_user_to_group(UserPoolId=pool_id, Username=target.username, GroupName="manager")
    assert "manager" in user_state(idp, pool_id, target.username)["Groups"]


def test_deleted_key_is_refused(
    server: HRSystemServer, cli: HRSystemCli, idp: Any, pool_id: str, client_id: str, target: PoolUser
) -> None:
    key = create_key(cli)
    client = admin_client(server, key)
    client.list_user_pools(MaxResults=10)
    cli.run("key", "delete", key.key_id)
    assert key_status(cli, key.key_id) is None
    assert_refused_without_effect(client, idp, pool_id, client_id, target, "UnrecognizedClientException")
    assert cli.run("key", "activate", key.key_id, check=False).returncode != 0


@dataclass
class RawRequest:
    url: str
    headers: dict[str, str]
    body: bytes


def sign_raw(server: HRSystemServer, operation: str, body: dict[str, Any], *, key: AccessKey | None = None,
             at: dt.datetime | None = None, service: str = "cognito-idp") -> RawRequest:
    """A request signed by botocore's SigV4 signer, optionally as if signed at `at` (UTC)."""
    key = key or bootstrap_key(server)
    request = AWSRequest(method="POST", url=server.endpoint + "/", data=json.dumps(body).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": TARGET_PREFIX + operation})
    signer = SigV4Auth(Credentials(key.key_id, key.secret), service, server.bootstrap["region"])
    if at is None:
        signer.add_auth(request)
    else:
        naive_utc = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
        with mock.patch("botocore.auth.get_current_datetime", return_value=naive_utc):
            signer.add_auth(request)
    prepared = request.prepare()
    return RawRequest(prepared.url, dict(prepared.headers), prepared.body)


def send_raw(http: requests.Session, request: RawRequest, body: bytes | None = None) -> requests.Response:
    return http.post(request.url, data=request.body if body is None else body, headers=request.headers,
                     timeout=HTTP_TIMEOUT_SECONDS)


def assert_raw_error(response: requests.Response, code: str) -> str:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.headers.get("x-amzn-ErrorType", "").split(":")[0] == code, response.headers
    assert response.headers.get("x-amzn-RequestId"), response.headers
    body = response.json()
    assert body["__type"] == code, body
    return body["message"]


def test_raw_signing_helper_is_accepted_when_nothing_is_wrong(
    server: HRSystemServer, http: requests.Session, pool_id: str, target: PoolUser
) -> None:
    request = sign_raw(server, "AdminGetUser", {"UserPoolId": pool_id, "Username": target.username},
                       at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=4))
    response = send_raw(http, request)
    assert response.status_code == 200, response.text
    assert response.json()["Username"] == target.username


@pytest.mark.parametrize("offset_minutes, message_prefix",
                         [(-6, "Signature expired"), (6, "Signature not yet current")],
                         ids=["six-minutes-old", "six-minutes-ahead"])
def test_request_signed_outside_five_minutes_is_refused_without_effect(
    server: HRSystemServer, http: requests.Session, idp: Any, pool_id: str, client_id: str, target: PoolUser,
    offset_minutes: int, message_prefix: str
) -> None:
    before = user_state(idp, pool_id, target.username)
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=offset_minutes)
    for operation, body in [
        ("AdminDisableUser", {"UserPoolId": pool_id, "Username": target.username}),
        ("AdminDeleteUser", {"UserPoolId": pool_id, "Username": target.username}),
        ("AdminAddUserToGroup", {"UserPoolId": pool_id, "Username": target.username, "GroupName": "hr_admin"}),
    ]:
        message = assert_raw_error(send_raw(http, sign_raw(server, operation, body, at=at)),
                                   "InvalidSignatureException")
        assert message.startswith(message_prefix), message
    assert user_state(idp, pool_id, target.username) == before
    sign_in(idp, client_id, target.username, target.password)


def test_tampered_body_is_refused_without_effect(
    server: HRSystemServer, http: requests.Session, idp: Any, pool_id: str, client_id: str, target: PoolUser
) -> None:
    # Same prefix, so the same length: only the signature can tell the bodies apart.
    decoy = create_user(idp, pool_id, "target")
    assert len(decoy.username) == len(target.username)
    before = {name: user_state(idp, pool_id, name) for name in (target.username, decoy.username)}

    signed = sign_raw(server, "AdminDisableUser", {"UserPoolId": pool_id, "Username": decoy.username})
    tampered = signed.body.replace(decoy.username.encode(), target.username.encode())
    assert tampered != signed.body and len(tampered) == len(signed.body)
    assert_raw_error(send_raw(http, signed, tampered), "InvalidSignatureException")

    signed = sign_raw(server, "AdminGetUser", {"UserPoolId": pool_id, "Username": target.username})
    signed.headers["X-Amz-Target"] = TARGET_PREFIX + "AdminDeleteUser"
    assert_raw_error(send_raw(http, signed), "InvalidSignatureException")

    signed = sign_raw(server, "AdminDisableUser", {"UserPoolId": pool_id, "Username": target.username},
                      service="cognito-identity")
    assert_raw_error(send_raw(http, signed), "InvalidSignatureException")

    assert {name: user_state(idp, pool_id, name) for name in before} == before
    sign_in(idp, client_id, target.username, target.password)


# --------------------------------------------------------------------------------------------------
# Refusals: unknown users and invalid members


def missing_user_calls(idp: Any, pool_id: str, username: str) -> list[tuple[str, Callable[[], Any]]]:
    common = {"UserPoolId": pool_id, "Username": username}
    return [
        ("AdminGetUser", lambda: idp.admin_get_user(**common)),
        ("AdminDeleteUser", lambda: idp.admin_delete_user(**common)),
        ("AdminEnableUser", lambda: idp.admin_enable_user(**common)),
        ("AdminDisableUser", lambda: idp.admin_disable_user(**common)),
        ("AdminSetUserPassword", lambda: idp.admin_set_user_password(
            **common, Password=strong_password(), Permanent=True)),
        ("AdminUpdateUserAttributes", lambda: idp.admin_update_user_attributes(
            **common, UserAttributes=[{"Name": "name", "Value": "Ghost"}])),
        ("AdminDeleteUserAttributes", lambda: idp.admin_delete_user_attributes(**common, UserAttributeNames=["name"])),
        ("AdminAddUserToGroup", lambda: idp.admin_add_user_to_group(**common, GroupName="employee")),
        ("AdminRemoveUserFromGroup", lambda: idp.admin_remove_user_from_group(**common, GroupName="employee")),
        ("AdminListGroupsForUser", lambda: idp.admin_list_groups_for_user(**common)),
        ("AdminUserGlobalSignOut", lambda: idp.admin_user_global_sign_out(**common)),
        ("AdminCreateUser-RESEND", lambda: idp.admin_create_user(
            **common, MessageAction="RESEND", TemporaryPassword=strong_password())),
    ]


def test_operations_on_a_user_that_does_not_exist_are_user_not_found(idp: Any, pool_id: str) -> None:
    username = unique_username("ghost")
    members_before = user_names(all_users(idp, pool_id))
    for operation, call in missing_user_calls(idp, pool_id, username):
        message = refused("UserNotFoundException", call)
        assert message == "User does not exist.", operation
    assert_user_absent(idp, pool_id, username)
    assert user_names(all_users(idp, pool_id)) == members_before


def test_invalid_members_are_refused_without_effect(idp: Any, pool_id: str, client_id: str, target: PoolUser) -> None:
    spaced = f"{unique_username('spaced')} name"
    refused("InvalidParameterException", lambda: idp.admin_create_user(
        UserPoolId=pool_id, Username=spaced, TemporaryPassword=strong_password(), MessageAction="SUPPRESS"))
    assert spaced not in user_names(all_users(idp, pool_id))

    refused("InvalidParameterException", lambda: idp.list_users(UserPoolId=pool_id, Limit=61))
    refused("InvalidParameterException", lambda: idp.list_users_in_group(
        UserPoolId=pool_id, GroupName="employee", Limit=61))
    refused("InvalidParameterException", lambda: idp.admin_list_groups_for_user(
        UserPoolId=pool_id, Username=target.username, Limit=61))

    invited = unique_username("invite")
    message = refused("InvalidParameterException", lambda: idp.admin_create_user(
        UserPoolId=pool_id, Username=invited, TemporaryPassword=strong_password(), MessageAction="INVITE"))
    assert "messageAction" in message, message
    assert_user_absent(idp, pool_id, invited)

    unknown_attribute = unique_username("attr")
    refused("InvalidParameterException", lambda: idp.admin_create_user(
        UserPoolId=pool_id, Username=unknown_attribute, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "shoe_size", "Value": "42"}]))
    assert_user_absent(idp, pool_id, unknown_attribute)

    weak = unique_username("weak")
    refused("InvalidPasswordException", lambda: idp.admin_create_user(
        UserPoolId=pool_id, Username=weak, TemporaryPassword="short", MessageAction="SUPPRESS"))
    assert_user_absent(idp, pool_id, weak)

    before = user_state(idp, pool_id, target.username)
    refused("InvalidParameterException", lambda: idp.admin_update_user_attributes(
        UserPoolId=pool_id, Username=target.username, UserAttributes=[{"Name": "sub", "Value": str(uuid.uuid4())}]))
    refused("InvalidParameterException", lambda: idp.admin_delete_user_attributes(
        UserPoolId=pool_id, Username=target.username, UserAttributeNames=["sub"]))
    refused("InvalidPasswordException", lambda: idp.admin_set_user_password(
        UserPoolId=pool_id, Username=target.username, Password="short", Permanent=True))
    refused("InvalidParameterException", lambda: idp.list_users(UserPoolId=pool_id, Filter="username"))
    refused("InvalidParameterException", lambda: idp.list_users(UserPoolId=pool_id, Filter='shoe_size = "42"'))
    assert user_state(idp, pool_id, target.username) == before
    sign_in(idp, client_id, target.username, target.password)


def test_unknown_or_malformed_pool_is_refused(idp: Any) -> None:
    refused("ResourceNotFoundException", lambda: idp.describe_user_pool(UserPoolId="ap-southeast-1_doesNotExist1"))
    refused("ResourceNotFoundException", lambda: idp.admin_get_user(
        UserPoolId="ap-southeast-1_doesNotExist1", Username="admin"))
    refused("InvalidParameterException", lambda: idp.list_users(UserPoolId="not-a-pool-id"))


def test_group_name_with_a_space_is_invalid_and_creates_nothing(idp: Any, pool_id: str) -> None:
    name = f"{unique_username('spaced')} group"
    refused("InvalidParameterException", lambda: idp.create_group(UserPoolId=pool_id, GroupName=name))
    # GetGroup refuses the name just as CreateGroup does; the listing shows nothing was created.
    refused("InvalidParameterException", lambda: idp.get_group(UserPoolId=pool_id, GroupName=name))
    names = [g["GroupName"] for g in idp.get_paginator("list_groups").paginate(UserPoolId=pool_id).build_full_result()["Groups"]]
    assert name not in names


# --------------------------------------------------------------------------------------------------
# A script written for Amazon Cognito


def load_manage_users() -> ModuleType:
    path = REPO_ROOT / "docs" / "examples" / "manage_users.py"
    spec = importlib.util.spec_from_file_location("manage_users_example", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def team_of(tag: str) -> dict[str, Any]:
    prefix = f"t{tag}."
    return {
        "prefix": prefix,
        "groups": {f"team-{tag}": "Example team"},
        "members": [
            {"username": f"{prefix}lan", "email": f"lan.{tag}@example.com", "name": "Nguyễn Lan",
             "groups": ["employee", f"team-{tag}"], "temporary_password": strong_password()},
            {"username": f"{prefix}minh", "email": f"minh.{tag}@example.com", "name": "Trần Minh",
             "groups": ["employee"], "temporary_password": strong_password()},
            {"username": f"{prefix}hoa", "email": f"hoa.{tag}@example.com", "name": "Lê Hoa",
             "groups": ["employee", "manager", f"team-{tag}"], "temporary_password": strong_password()},
        ],
        "leaver": f"{prefix}minh",
    }


def check_team_applied(idp: Any, pool_id: str, client_id: str, team: dict[str, Any], report: dict[str, Any]) -> None:
    members = {member["username"]: member for member in team["members"]}
    assert report["createdGroups"] == list(team["groups"])
    assert sorted(report["created"]) == sorted(members)
    assert report["disabled"] == [team["leaver"]]
    assert [entry["username"] for entry in report["team"]] == sorted(members)
    for entry in report["team"]:
        member = members[entry["username"]]
        leaving = entry["username"] == team["leaver"]
        assert entry == {
            "username": member["username"], "email": member["email"], "name": member["name"],
            "status": "FORCE_CHANGE_PASSWORD", "enabled": not leaving, "groups": sorted(member["groups"]),
        }
        # Checked independently of the script's own listing.
        state = user_state(idp, pool_id, member["username"])
        assert state["Enabled"] is (not leaving)
        assert state["Groups"] == sorted(member["groups"])
        assert state["UserAttributes"]["email_verified"] == "true"
        if leaving:
            message = refused("NotAuthorizedException", lambda: password_auth(
                idp, client_id, member["username"], member["temporary_password"]))
            assert message == "User is disabled."
        else:
            challenge = password_auth(idp, client_id, member["username"], member["temporary_password"])
            assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    for group, description in team["groups"].items():
        assert idp.get_group(UserPoolId=pool_id, GroupName=group)["Group"]["Description"] == description


def test_cognito_script_runs_unchanged_with_only_endpoint_and_credentials_changed(
    server: HRSystemServer, idp: Any, pool_id: str, client_id: str
) -> None:
    manage_users = load_manage_users()
    team = team_of(uuid.uuid4().hex[:8])
    key = bootstrap_key(server)
    cognito = boto3.client("cognito-idp", region_name=server.bootstrap["region"], endpoint_url=server.endpoint,
                           aws_access_key_id=key.key_id, aws_secret_access_key=key.secret)
    report = manage_users.sync_team(cognito, pool_id, team["members"], prefix=team["prefix"],
                                    groups=team["groups"], leaver=team["leaver"])
    check_team_applied(idp, pool_id, client_id, team, report)

    # A second run changes nothing: the members exist, the groups too.
    again = manage_users.sync_team(cognito, pool_id, team["members"], prefix=team["prefix"],
                                   groups=team["groups"], leaver=team["leaver"])
    assert again["createdGroups"] == [] and again["created"] == []
    assert again["team"] == report["team"]


def test_cognito_script_command_line_as_documented(
    server: HRSystemServer, idp: Any, pool_id: str, client_id: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manage_users = load_manage_users()
    team = team_of(uuid.uuid4().hex[:8])
    team_file = tmp_path / "team.json"
    team_file.write_text(json.dumps(team, ensure_ascii=False), encoding="utf-8")
    key = bootstrap_key(server)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key.key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key.secret)
    status = manage_users.main([str(team_file), "--endpoint-url", server.endpoint,
                                "--region", server.bootstrap["region"], "--user-pool-id", pool_id])
    assert status == 0
    check_team_applied(idp, pool_id, client_id, team, json.loads(capsys.readouterr().out))
