"""The operations a signed-in user calls on their own account with their access token, and the token operations an
app calls with a refresh token, through boto3's `cognito-idp` client without credentials (as an app calls them):

- GlobalSignOut: an empty answer; the access token is then refused by GetUser ("Access Token has been revoked") and
  by the HR API within a second, and the refresh token by REFRESH_TOKEN_AUTH; a sign-in right after it, even within
  the same second, is a new session that works. An invalid access token is NotAuthorizedException.
- RevokeToken: an empty answer; that sign-in's refresh token, and its access token at GetUser and at the HR API
  (within a second), stop working while another session of the same user keeps working. An access token is
  UnsupportedTokenTypeException, a client without token revocation UnsupportedOperationException, a client with a
  secret needs its ClientSecret, and an unknown refresh token is answered as if revoked (RFC 7009).
- ChangePassword: the new password signs in, the old one no longer does, and the current access token keeps working
  (Amazon Cognito does not revoke on ChangePassword). A wrong previous password (NotAuthorizedException) or a
  proposed password that breaks the policy (InvalidPasswordException) changes nothing; after five wrong previous
  passwords even the right one is LimitExceededException until the lockout ends (Amazon Cognito locks a user out for
  2^(n-5) s after n >= 5 failures).
- GetTokensFromRefreshToken: an access token and an id token (no refresh token) that the HR API accepts; an invalid
  refresh token is NotAuthorizedException, and a client with a secret needs its ClientSecret.
- UpdateUserAttributes, DeleteUserAttributes: the change shows in GetUser and a new email is unverified;
  email_verified, unknown attributes and sub are InvalidParameterException and change nothing.
- DeleteUser: the user is gone (AdminGetUser: UserNotFoundException) and their token is refused by the HR API within
  a second.
- The audit trail: each self-service change is one event with the actor `user:<sub>`. No API shows the identity
  audit trail, so it is read from the server's database (SQLite file or PostgreSQL database).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import subprocess
import time
from typing import Any

import pytest
import requests

from conftest import (
    PSQL_TIMEOUT_SECONDS,
    UUID_RE,
    HRSystemServer,
    psql_binary,
    strong_password,
    unique_username,
)
from test_admin_api import (
    REVOCATION_BOUND_SECONDS,
    PoolUser,
    assert_refused_by_hr_api_within_bound,
    claims,
    client_id,  # noqa: F401 (a fixture)
    create_user,
    employees_status,
    idp,  # noqa: F401 (a fixture)
    name_value_map,
    pool_id,  # noqa: F401 (a fixture)
    refused,
)
from test_pool_clients import (
    INCORRECT,
    PASSWORD_FLOWS,
    create_client,
    password_auth_with,
    public,  # noqa: F401 (a fixture)
    secret_hash,
)
from test_srp import ALLOWED_FAILURES, FIRST_LOCK_SECONDS

ACCESS_TOKEN_REVOKED = "Access Token has been revoked"
REFRESH_TOKEN_REVOKED = "Refresh Token has been revoked"
ATTEMPT_LIMIT_EXCEEDED = "Attempt limit exceeded, please try after some time."
SAME_SECOND_ATTEMPTS = 3


# --------------------------------------------------------------------------------------------------
# Users and helpers


@pytest.fixture(scope="module")
def member(idp: Any, pool_id: str) -> PoolUser:
    """A confirmed employee for the tests that only sign in and end their own sessions (making users is slow)."""
    return create_user(idp, pool_id, "self-member")


@pytest.fixture(scope="module")
def steady(idp: Any, pool_id: str) -> PoolUser:
    """A confirmed employee with an email and a name, shared by the refusals, none of which may change them."""
    username = unique_username("self-steady")
    return create_user(idp, pool_id, "", username=username, attributes={
        "email": f"{username}@example.com", "email_verified": "true", "given_name": "Steady"})


def answer(response: dict[str, Any]) -> dict[str, Any]:
    """The body the server answered, without botocore's ResponseMetadata."""
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def password_sign_in(public: Any, client_id: str, user: PoolUser, password: str | None = None,
                     **parameters: str) -> dict[str, Any]:
    """USER_PASSWORD_AUTH that must succeed without a challenge; returns the AuthenticationResult."""
    response = password_auth_with(public, client_id, user.username, password or user.password, **parameters)
    assert "ChallengeName" not in response, response
    return response["AuthenticationResult"]


def refresh(public: Any, client_id: str, refresh_token: str) -> dict[str, Any]:
    """REFRESH_TOKEN_AUTH; returns the AuthenticationResult."""
    return public.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                AuthParameters={"REFRESH_TOKEN": refresh_token})["AuthenticationResult"]


def own_attributes(public: Any, access_token: str) -> dict[str, str]:
    """GetUser's attributes, as a dict."""
    return name_value_map(public.get_user(AccessToken=access_token)["UserAttributes"])


def assert_password_unchanged(public: Any, client_id: str, user: PoolUser, refused_password: str) -> None:
    """`refused_password` does not sign the user in and their own password still does (in this order, so that the
    success clears the failure it counts)."""
    message = refused("NotAuthorizedException", lambda: password_auth_with(
        public, client_id, user.username, refused_password))
    assert message == INCORRECT
    password_sign_in(public, client_id, user)


def wrong_secret(secret: str) -> str:
    """The client secret with its last character changed."""
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


def wait_until_elapsed(since: float, seconds: float) -> None:
    """Sleeps until `seconds` have passed since `since` (monotonic)."""
    remaining = since + seconds - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def audit_events_by(server: HRSystemServer, actor: str) -> list[tuple[str, str]]:
    """(entity type, action) of every audit event recorded with `actor`, oldest first, read from the server's
    database: no API shows the identity audit trail."""
    query = "SELECT entity_type, action FROM audit_events WHERE actor = {} ORDER BY occurred_at, id"
    if server.database.engine != "postgres":
        path = server.data_dir / "hrsystem.sqlite"
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
            return [(row[0], row[1]) for row in db.execute(query.format("?"), (actor,))]
    assert server.database.url is not None
    assert actor.startswith("user:") and UUID_RE.match(actor[len("user:"):]), actor  # safe as a literal
    psql = psql_binary()
    assert psql is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    result = subprocess.run(
        [psql, server.database.url, "-X", "-q", "-t", "-A", "-F", "|", "-v", "ON_ERROR_STOP=1",
         "-c", query.format(f"'{actor}'")],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=PSQL_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    return [(line.split("|")[0], line.split("|")[1]) for line in result.stdout.splitlines() if line]


# --------------------------------------------------------------------------------------------------
# GlobalSignOut


def test_global_sign_out_revokes_the_access_and_refresh_tokens(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "self-signout")
    tokens = password_sign_in(public, client_id, user)
    assert employees_status(http, server, tokens["AccessToken"]) == 200

    assert answer(public.global_sign_out(AccessToken=tokens["AccessToken"])) == {}
    signed_out_at = time.monotonic()
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], signed_out_at)
    message = refused("NotAuthorizedException", lambda: public.get_user(AccessToken=tokens["AccessToken"]))
    assert message == ACCESS_TOKEN_REVOKED
    message = refused("NotAuthorizedException", lambda: refresh(public, client_id, tokens["RefreshToken"]))
    assert message == REFRESH_TOKEN_REVOKED


def test_sign_in_right_after_global_sign_out_is_a_new_session_that_works(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    """The new tokens are issued within the same second as the sign-out (tried again if the machine was too slow):
    a revocation of "every token issued until now" must not catch them."""
    user = create_user(idp, pool_id, "self-resignin")
    for _ in range(SAME_SECOND_ATTEMPTS):
        old = password_sign_in(public, client_id, user)
        time.sleep(1.02 - time.time() % 1)  # at the start of a second, so that both calls fit in it
        signed_out_second = int(time.time())
        public.global_sign_out(AccessToken=old["AccessToken"])
        new = password_sign_in(public, client_id, user)
        assert own_attributes(public, new["AccessToken"])["sub"] == claims(old["AccessToken"])["sub"]
        assert employees_status(http, server, new["AccessToken"]) == 200
        assert refresh(public, client_id, new["RefreshToken"])["AccessToken"]
        if claims(new["AccessToken"])["iat"] == signed_out_second:
            return
    pytest.fail(f"no sign-in fell in the second of its sign-out in {SAME_SECOND_ATTEMPTS} attempts")


def test_global_sign_out_with_an_invalid_access_token_is_not_authorized(
    public: Any, client_id: str, member: PoolUser
) -> None:
    refused("NotAuthorizedException", lambda: public.global_sign_out(AccessToken="not-an-access-token"))
    tokens = password_sign_in(public, client_id, member)
    header, payload, signature = tokens["AccessToken"].split(".")
    tampered = ".".join([header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")])
    refused("NotAuthorizedException", lambda: public.global_sign_out(AccessToken=tampered))
    refused("NotAuthorizedException", lambda: public.global_sign_out(AccessToken=tokens["IdToken"]))
    # None of these signed the member out.
    assert own_attributes(public, tokens["AccessToken"])["sub"] == claims(tokens["AccessToken"])["sub"]
    assert refresh(public, client_id, tokens["RefreshToken"])["AccessToken"]


# --------------------------------------------------------------------------------------------------
# RevokeToken


def test_revoke_token_ends_that_sign_in_and_keeps_the_users_other_session(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "self-revoke")
    ended = password_sign_in(public, client_id, user)
    kept = password_sign_in(public, client_id, user)
    for tokens in (ended, kept):
        assert employees_status(http, server, tokens["AccessToken"]) == 200

    assert answer(public.revoke_token(Token=ended["RefreshToken"], ClientId=client_id)) == {}
    revoked_at = time.monotonic()
    assert_refused_by_hr_api_within_bound(http, server, ended["AccessToken"], revoked_at)
    refused("NotAuthorizedException", lambda: refresh(public, client_id, ended["RefreshToken"]))
    refused("NotAuthorizedException", lambda: public.get_user(AccessToken=ended["AccessToken"]))

    wait_until_elapsed(revoked_at, REVOCATION_BOUND_SECONDS)
    assert employees_status(http, server, kept["AccessToken"]) == 200
    assert own_attributes(public, kept["AccessToken"])["sub"] == claims(kept["AccessToken"])["sub"]
    refreshed = refresh(public, client_id, kept["RefreshToken"])
    assert employees_status(http, server, refreshed["AccessToken"]) == 200


def test_revoke_token_with_an_access_token_is_unsupported_token_type(
    public: Any, client_id: str, member: PoolUser
) -> None:
    tokens = password_sign_in(public, client_id, member)
    refused("UnsupportedTokenTypeException", lambda: public.revoke_token(
        Token=tokens["AccessToken"], ClientId=client_id))
    assert own_attributes(public, tokens["AccessToken"])["sub"] == claims(tokens["AccessToken"])["sub"]
    assert refresh(public, client_id, tokens["RefreshToken"])["AccessToken"]


def test_revoke_token_on_a_client_without_token_revocation_is_unsupported_operation(
    idp: Any, public: Any, pool_id: str, member: PoolUser
) -> None:
    client = create_client(idp, pool_id, "no-revocation", ExplicitAuthFlows=PASSWORD_FLOWS,
                           EnableTokenRevocation=False)
    tokens = password_sign_in(public, client["ClientId"], member)
    refused("UnsupportedOperationException", lambda: public.revoke_token(
        Token=tokens["RefreshToken"], ClientId=client["ClientId"]))
    assert refresh(public, client["ClientId"], tokens["RefreshToken"])["AccessToken"]


def test_revoke_token_on_a_client_with_a_secret_needs_its_secret(
    idp: Any, public: Any, pool_id: str, member: PoolUser
) -> None:
    client = create_client(idp, pool_id, "revoke-secret", ExplicitAuthFlows=PASSWORD_FLOWS, GenerateSecret=True)
    client_id, secret = client["ClientId"], client["ClientSecret"]
    tokens = password_sign_in(public, client_id, member,
                              SECRET_HASH=secret_hash(secret, member.username, client_id))
    token = tokens["RefreshToken"]

    refused("NotAuthorizedException", lambda: public.revoke_token(Token=token, ClientId=client_id))
    refused("NotAuthorizedException", lambda: public.revoke_token(
        Token=token, ClientId=client_id, ClientSecret=wrong_secret(secret)))
    assert public.get_tokens_from_refresh_token(RefreshToken=token, ClientId=client_id, ClientSecret=secret)

    assert answer(public.revoke_token(Token=token, ClientId=client_id, ClientSecret=secret)) == {}
    refused("NotAuthorizedException", lambda: public.get_tokens_from_refresh_token(
        RefreshToken=token, ClientId=client_id, ClientSecret=secret))


def test_revoke_token_with_an_unknown_refresh_token_answers_empty(public: Any, client_id: str) -> None:
    assert answer(public.revoke_token(Token=secrets.token_urlsafe(96), ClientId=client_id)) == {}


# --------------------------------------------------------------------------------------------------
# ChangePassword


def test_change_password_replaces_the_password_and_keeps_the_current_tokens(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "self-password")
    tokens = password_sign_in(public, client_id, user)
    new_password = strong_password()

    assert answer(public.change_password(PreviousPassword=user.password, ProposedPassword=new_password,
                                         AccessToken=tokens["AccessToken"])) == {}
    changed_at = time.monotonic()
    password_sign_in(public, client_id, user, new_password)
    message = refused("NotAuthorizedException", lambda: password_auth_with(
        public, client_id, user.username, user.password))
    assert message == INCORRECT
    assert own_attributes(public, tokens["AccessToken"])["sub"] == claims(tokens["AccessToken"])["sub"]
    wait_until_elapsed(changed_at, REVOCATION_BOUND_SECONDS)  # a revocation would have reached the HR API by now
    assert employees_status(http, server, tokens["AccessToken"]) == 200


def test_change_password_with_a_wrong_previous_password_is_refused_and_keeps_the_password(
    public: Any, client_id: str, steady: PoolUser
) -> None:
    tokens = password_sign_in(public, client_id, steady)
    proposed = strong_password()
    message = refused("NotAuthorizedException", lambda: public.change_password(
        PreviousPassword=steady.password + "x", ProposedPassword=proposed, AccessToken=tokens["AccessToken"]))
    assert message == INCORRECT
    assert_password_unchanged(public, client_id, steady, proposed)


@pytest.mark.parametrize("weak_password", ["Ab1!xyz", "NoSymbol123"], ids=["too-short", "no-symbol"])
def test_change_password_to_a_password_breaking_the_policy_is_invalid_and_keeps_the_password(
    public: Any, client_id: str, steady: PoolUser, weak_password: str
) -> None:
    tokens = password_sign_in(public, client_id, steady)
    message = refused("InvalidPasswordException", lambda: public.change_password(
        PreviousPassword=steady.password, ProposedPassword=weak_password, AccessToken=tokens["AccessToken"]))
    assert message.startswith("Password did not conform with policy"), message
    assert_password_unchanged(public, client_id, steady, weak_password)


def test_change_password_past_the_allowed_wrong_previous_passwords_is_limit_exceeded(
    idp: Any, public: Any, pool_id: str, client_id: str
) -> None:
    """Wrong previous passwords count toward the sign-in lockout: five are allowed, the sixth locks, and then even the
    right one is refused (and not checked) until the lockout ends."""
    user = create_user(idp, pool_id, "self-lockout")
    tokens = password_sign_in(public, client_id, user)
    proposed = strong_password()
    for attempt in range(ALLOWED_FAILURES + 1):
        message = refused("NotAuthorizedException", lambda: public.change_password(
            PreviousPassword=strong_password(), ProposedPassword=proposed, AccessToken=tokens["AccessToken"]))
        assert message == INCORRECT, attempt
    message = refused("LimitExceededException", lambda: public.change_password(
        PreviousPassword=user.password, ProposedPassword=proposed, AccessToken=tokens["AccessToken"]))
    assert message == ATTEMPT_LIMIT_EXCEEDED

    time.sleep(FIRST_LOCK_SECONDS + 0.1)
    password_sign_in(public, client_id, user)  # the password is unchanged (and the lockout is over)
    message = refused("NotAuthorizedException", lambda: password_auth_with(
        public, client_id, user.username, proposed))
    assert message == INCORRECT


# --------------------------------------------------------------------------------------------------
# GetTokensFromRefreshToken


def test_get_tokens_from_refresh_token_returns_an_access_and_an_id_token(
    public: Any, client_id: str, member: PoolUser, server: HRSystemServer, http: requests.Session
) -> None:
    tokens = password_sign_in(public, client_id, member)
    result = answer(public.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=client_id))
    assert set(result) == {"AuthenticationResult"}, result
    issued = result["AuthenticationResult"]
    assert set(issued) == {"AccessToken", "IdToken", "ExpiresIn", "TokenType"}, issued
    assert issued["TokenType"] == "Bearer"
    assert issued["ExpiresIn"] == 3600
    for kind, use in (("AccessToken", "access"), ("IdToken", "id")):
        assert claims(issued[kind])["token_use"] == use, kind
        assert claims(issued[kind])["sub"] == claims(tokens[kind])["sub"], kind
        assert claims(issued[kind])["jti"] != claims(tokens[kind])["jti"], kind
    assert employees_status(http, server, issued["AccessToken"]) == 200


def test_get_tokens_from_an_invalid_refresh_token_is_not_authorized(public: Any, client_id: str) -> None:
    refused("NotAuthorizedException", lambda: public.get_tokens_from_refresh_token(
        RefreshToken=secrets.token_urlsafe(96), ClientId=client_id))


def test_get_tokens_from_refresh_token_on_a_client_with_a_secret_needs_its_secret(
    idp: Any, public: Any, pool_id: str, member: PoolUser
) -> None:
    client = create_client(idp, pool_id, "refresh-secret", ExplicitAuthFlows=PASSWORD_FLOWS, GenerateSecret=True)
    client_id, secret = client["ClientId"], client["ClientSecret"]
    token = password_sign_in(public, client_id, member,
                             SECRET_HASH=secret_hash(secret, member.username, client_id))["RefreshToken"]
    refused("NotAuthorizedException", lambda: public.get_tokens_from_refresh_token(
        RefreshToken=token, ClientId=client_id))
    refused("NotAuthorizedException", lambda: public.get_tokens_from_refresh_token(
        RefreshToken=token, ClientId=client_id, ClientSecret=wrong_secret(secret)))
    issued = public.get_tokens_from_refresh_token(RefreshToken=token, ClientId=client_id,
                                                  ClientSecret=secret)["AuthenticationResult"]
    assert claims(issued["AccessToken"])["client_id"] == client_id


# --------------------------------------------------------------------------------------------------
# UpdateUserAttributes, DeleteUserAttributes


def test_update_user_attributes_changes_them_and_a_new_email_is_unverified(
    idp: Any, public: Any, pool_id: str, client_id: str
) -> None:
    username = unique_username("self-attrs")
    user = create_user(idp, pool_id, "", username=username, attributes={
        "email": f"{username}@example.com", "email_verified": "true", "given_name": "Before"})
    tokens = password_sign_in(public, client_id, user)
    before = own_attributes(public, tokens["AccessToken"])
    new_email = f"{username}.new@example.com"

    updated = public.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[
        {"Name": "given_name", "Value": "X"}, {"Name": "email", "Value": new_email}])
    assert answer(updated) == {"CodeDeliveryDetailsList": []}
    assert own_attributes(public, tokens["AccessToken"]) == {
        **before, "given_name": "X", "email": new_email, "email_verified": "false"}


@pytest.mark.parametrize("attribute", [
    {"Name": "email_verified", "Value": "true"},
    {"Name": "shoe_size", "Value": "42"},
], ids=["email-verified", "unknown-attribute"])
def test_update_user_attributes_refuses_what_a_user_may_not_set_and_changes_nothing(
    public: Any, client_id: str, steady: PoolUser, attribute: dict[str, str]
) -> None:
    tokens = password_sign_in(public, client_id, steady)
    before = own_attributes(public, tokens["AccessToken"])
    refused("InvalidParameterException", lambda: public.update_user_attributes(
        AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "given_name", "Value": "Changed"}, attribute]))
    assert own_attributes(public, tokens["AccessToken"]) == before


def test_delete_user_attributes_removes_them(idp: Any, public: Any, pool_id: str, client_id: str) -> None:
    user = create_user(idp, pool_id, "self-delattr", attributes={"given_name": "Gone", "family_name": "Kept"})
    tokens = password_sign_in(public, client_id, user)
    before = own_attributes(public, tokens["AccessToken"])
    assert before["given_name"] == "Gone"

    deleted = public.delete_user_attributes(AccessToken=tokens["AccessToken"], UserAttributeNames=["given_name"])
    assert answer(deleted) == {}
    assert own_attributes(public, tokens["AccessToken"]) == {
        name: value for name, value in before.items() if name != "given_name"}


def test_delete_user_attributes_refuses_sub_and_changes_nothing(
    public: Any, client_id: str, steady: PoolUser
) -> None:
    tokens = password_sign_in(public, client_id, steady)
    before = own_attributes(public, tokens["AccessToken"])
    refused("InvalidParameterException", lambda: public.delete_user_attributes(
        AccessToken=tokens["AccessToken"], UserAttributeNames=["sub"]))
    assert own_attributes(public, tokens["AccessToken"]) == before


# --------------------------------------------------------------------------------------------------
# DeleteUser


def test_delete_user_removes_the_user_and_their_token_is_refused_within_a_second(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer, http: requests.Session
) -> None:
    user = create_user(idp, pool_id, "self-delete")
    tokens = password_sign_in(public, client_id, user)
    assert employees_status(http, server, tokens["AccessToken"]) == 200

    assert answer(public.delete_user(AccessToken=tokens["AccessToken"])) == {}
    deleted_at = time.monotonic()
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], deleted_at)
    message = refused("UserNotFoundException", lambda: idp.admin_get_user(UserPoolId=pool_id, Username=user.username))
    assert message == "User does not exist."


# --------------------------------------------------------------------------------------------------
# The audit trail


def test_each_self_service_change_is_audited_with_the_user_as_actor(
    idp: Any, public: Any, pool_id: str, client_id: str, server: HRSystemServer
) -> None:
    user = create_user(idp, pool_id, "self-audit", attributes={"given_name": "Audited"})
    first = password_sign_in(public, client_id, user)
    second = password_sign_in(public, client_id, user)
    actor = f"user:{claims(first['AccessToken'])['sub']}"
    assert audit_events_by(server, actor) == []
    new_password = strong_password()

    changes = [
        ("UpdateUserAttributes", lambda: public.update_user_attributes(
            AccessToken=first["AccessToken"], UserAttributes=[{"Name": "family_name", "Value": "Trail"}])),
        ("DeleteUserAttributes", lambda: public.delete_user_attributes(
            AccessToken=first["AccessToken"], UserAttributeNames=["given_name"])),
        ("ChangePassword", lambda: public.change_password(
            PreviousPassword=user.password, ProposedPassword=new_password, AccessToken=first["AccessToken"])),
        ("RevokeToken", lambda: public.revoke_token(Token=second["RefreshToken"], ClientId=client_id)),
        ("GlobalSignOut", lambda: public.global_sign_out(AccessToken=first["AccessToken"])),
        ("DeleteUser", lambda: public.delete_user(
            AccessToken=password_sign_in(public, client_id, user, new_password)["AccessToken"])),
    ]
    for count, (operation, change) in enumerate(changes, start=1):
        change()
        events = audit_events_by(server, actor)
        assert len(events) == count, (operation, events)
        assert events[-1][0] == "user", (operation, events)
