"""Forgotten passwords through boto3 (unsigned, as an app calls them) and the admin CLI's outbox: no e-mail is sent,
the codes wait in the outbox for the operator to read with `hrsystem outbox`.

- `hrsystem outbox list --json`: the queued messages, newest first, without their text; `hrsystem outbox show <id>
  --json`: one message with its text (the six-digit code), marked delivered in later listings; an unknown id fails.
  The server's log line for a queued message names it without its code.
- ForgotPassword: the masked e-mail in CodeDeliveryDetails and a forgot_password message for a user with a verified
  email; InvalidParameterException without one; an unknown user gets the same-shaped answer from hr-web
  (PreventUserExistenceErrors ENABLED) and UserNotFoundException from a LEGACY client; the sixth request of the hour
  is LimitExceededException; a client with a secret needs SecretHash.
- ConfirmForgotPassword: the new password signs in and the old one no longer does; tokens issued before the reset are
  refused by the HR API within a second and their refresh token fails; a code works once (ExpiredCodeException
  after), a wrong code is CodeMismatchException and five of them use the code up (LimitExceededException), a newer
  ForgotPassword replaces the code, a password the policy refuses is InvalidPasswordException and leaves the code
  usable, and a user locked out by wrong passwords signs in at once after the reset.
- AdminResetUserPassword: RESET_REQUIRED with a code in the outbox, PasswordResetRequiredException at sign-in, and
  ConfirmForgotPassword with that code confirms the user with the new password.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from conftest import HRSystemCli, HRSystemServer, strong_password, unique_username
from test_admin_api import (
    assert_refused_by_hr_api_within_bound,
    client_id,  # noqa: F401 (a fixture)
    create_user,
    employees_status,
    idp,  # noqa: F401 (a fixture)
    pool_id,  # noqa: F401 (a fixture)
    refused,
)
from test_pool_clients import (  # noqa: F401 (public is a fixture)
    INCORRECT,
    NO_VERIFIED_CONTACT,
    PASSWORD_FLOWS,
    create_client,
    password_auth_with,
    public,
    secret_hash,
)

PURPOSE = "forgot_password"
MESSAGE_MEMBERS = {"id", "createdAt", "channel", "destination", "userSub", "purpose"}
BODY_RE = re.compile(r"^Your password reset code is (\d{6})\. It is valid for one hour\.$")
MASKED_RE = re.compile(r"^[^@]\*\*\*@[^@]\*\*\*$")
MESSAGES_PER_HOUR = 5
WRONG_CODES_ALLOWED = 5
CODE_MISMATCH = "Invalid verification code provided, please try again."
ATTEMPTS_EXCEEDED = "Password attempts exceeded"
# The sign-in lockout (README, sign-in rules): five wrong passwords are allowed, the sixth locks for 1 s, the seventh
# for 2 s, the eighth for 4 s.
ALLOWED_SIGN_IN_FAILURES = 5
EIGHTH_FAILURE_LOCK_SECONDS = 4.0


# --------------------------------------------------------------------------------------------------
# Helpers


@dataclass(frozen=True)
class ResettableUser:
    """A confirmed employee with a verified email, so a reset code can be sent."""

    username: str
    password: str
    email: str
    sub: str


def create_resettable_user(idp: Any, pool_id: str, prefix: str) -> ResettableUser:
    """A user made with AdminCreateUser (email + email_verified "true") and a permanent password."""
    email = f"lan.{unique_username(prefix)}@hr.example.com"
    user = create_user(idp, pool_id, prefix, attributes={"email": email, "email_verified": "true"})
    return ResettableUser(user.username, user.password, email, user_sub(idp, pool_id, user.username))


def user_sub(idp: Any, pool_id: str, username: str) -> str:
    attributes = idp.admin_get_user(UserPoolId=pool_id, Username=username)["UserAttributes"]
    return next(item["Value"] for item in attributes if item["Name"] == "sub")


def forgot_password(public: Any, client_id: str, username: str, **extra: str) -> dict[str, Any]:
    return public.forgot_password(ClientId=client_id, Username=username, **extra)


def confirm_forgot_password(public: Any, client_id: str, username: str, code: str, password: str,
                            **extra: str) -> dict[str, Any]:
    return public.confirm_forgot_password(ClientId=client_id, Username=username, ConfirmationCode=code,
                                          Password=password, **extra)


def outbox(cli: HRSystemCli) -> list[dict[str, Any]]:
    """`hrsystem outbox list --json`, every message the listing can hold."""
    listing = cli.json("outbox", "list", "--limit", "1000", "--json")
    assert set(listing) == {"Messages"}, listing
    return listing["Messages"]


def messages_for(cli: HRSystemCli, sub: str) -> list[dict[str, Any]]:
    """The user's messages, newest first."""
    return [message for message in outbox(cli) if message["userSub"] == sub]


def latest_message(cli: HRSystemCli, sub: str) -> dict[str, Any]:
    messages = messages_for(cli, sub)
    assert messages, f"no message in the outbox for {sub}"
    return messages[0]


def show(cli: HRSystemCli, message_id: str) -> dict[str, Any]:
    return cli.json("outbox", "show", message_id, "--json")


def code_in(message: dict[str, Any]) -> str:
    match = BODY_RE.match(message["body"])
    assert match, message["body"]
    return match.group(1)


def latest_code(cli: HRSystemCli, sub: str) -> str:
    """The code of the user's newest message, read as the operator does (`hrsystem outbox show`)."""
    return code_in(show(cli, latest_message(cli, sub)["id"]))


def requested_code(public: Any, cli: HRSystemCli, client_id: str, user: ResettableUser) -> str:
    """ForgotPassword, then the code it queued."""
    forgot_password(public, client_id, user.username)
    return latest_code(cli, user.sub)


def other_code(code: str) -> str:
    """A six-digit code that is not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def assert_code_delivery(answer: dict[str, Any], destination: str | re.Pattern[str]) -> None:
    """ForgotPassword's answer: only CodeDeliveryDetails, by e-mail, to `destination` (a string or a pattern)."""
    assert set(answer) - {"ResponseMetadata"} == {"CodeDeliveryDetails"}, answer
    details = answer["CodeDeliveryDetails"]
    assert set(details) == {"Destination", "DeliveryMedium", "AttributeName"}, details
    assert details["DeliveryMedium"] == "EMAIL" and details["AttributeName"] == "email", details
    if isinstance(destination, str):
        assert details["Destination"] == destination, details
    else:
        assert destination.match(details["Destination"]), details


def refresh(public: Any, client_id: str, refresh_token: str) -> dict[str, Any]:
    return public.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                AuthParameters={"REFRESH_TOKEN": refresh_token})


def fail_sign_in(public: Any, client_id: str, username: str, times: int) -> None:
    """`times` USER_PASSWORD_AUTH sign-ins with a wrong password, each refused as a wrong password."""
    for _ in range(times):
        message = refused("NotAuthorizedException", lambda: password_auth_with(
            public, client_id, username, strong_password()))
        assert message == INCORRECT


# --------------------------------------------------------------------------------------------------
# The outbox


def test_forgot_password_answers_the_masked_email_and_queues_a_message(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-queued")
    assert messages_for(cli, user.sub) == []
    answer = forgot_password(public, client_id, user.username)
    assert_code_delivery(answer, "l***@h***")

    [message] = messages_for(cli, user.sub)
    assert set(message) == MESSAGE_MEMBERS, message  # no body (no code) and not delivered yet
    assert message["channel"] == "EMAIL"
    assert message["destination"] == user.email
    assert message["purpose"] == PURPOSE
    assert re.fullmatch(r"[0-9a-f-]{36}", message["id"], re.IGNORECASE), message


def test_outbox_lists_the_newest_message_first(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-order")
    forgot_password(public, client_id, user.username)
    first = latest_message(cli, user.sub)
    forgot_password(public, client_id, user.username)
    newest = outbox(cli)[0]
    assert newest["userSub"] == user.sub and newest["id"] != first["id"], newest
    assert [message["id"] for message in messages_for(cli, user.sub)] == [newest["id"], first["id"]]
    assert newest["createdAt"] >= first["createdAt"]


def test_outbox_show_prints_the_code_and_marks_the_message_delivered(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-show")
    forgot_password(public, client_id, user.username)
    listed = latest_message(cli, user.sub)

    shown = show(cli, listed["id"])
    assert set(shown) == MESSAGE_MEMBERS | {"body"}, shown
    assert {name: shown[name] for name in MESSAGE_MEMBERS} == listed
    code_in(shown)

    [delivered] = messages_for(cli, user.sub)
    assert set(delivered) == MESSAGE_MEMBERS | {"deliveredAt"}, delivered
    assert delivered["deliveredAt"] >= delivered["createdAt"]
    assert {name: delivered[name] for name in MESSAGE_MEMBERS} == listed


def test_outbox_show_of_an_unknown_message_fails(cli: HRSystemCli) -> None:
    result = cli.run("outbox", "show", "00000000-0000-4000-8000-000000000000", "--json", check=False)
    assert result.returncode != 0, result.stdout


def test_server_log_names_the_queued_message_without_its_code(
    public: Any, idp: Any, cli: HRSystemCli, server: HRSystemServer, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-log")
    forgot_password(public, client_id, user.username)
    message = latest_message(cli, user.sub)
    code = code_in(show(cli, message["id"]))

    log = server.log_text()
    lines = [line for line in log.splitlines() if message["id"] in line]
    assert lines, f"no server log line names message {message['id']}"
    for line in lines:
        assert not re.search(rf"(?<!\d){code}(?!\d)", line), line
    assert "Your password reset code" not in log


# --------------------------------------------------------------------------------------------------
# ForgotPassword


def test_user_without_a_verified_email_cannot_ask_for_a_code(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "fp-unverified")
    sub = user_sub(idp, pool_id, user.username)
    unverified = [{"Name": "email", "Value": f"{user.username}@example.com"},
                  {"Name": "email_verified", "Value": "false"}]
    for change in ([], unverified):  # no email at all, then an email that is not verified
        if change:
            idp.admin_update_user_attributes(UserPoolId=pool_id, Username=user.username, UserAttributes=change)
        message = refused("InvalidParameterException", lambda: forgot_password(public, client_id, user.username))
        assert message == NO_VERIFIED_CONTACT
    assert messages_for(cli, sub) == []
    assert password_auth_with(public, client_id, user.username, user.password)["AuthenticationResult"]


def test_unknown_user_gets_the_same_answer_from_a_client_that_prevents_user_existence_errors(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    assert idp.describe_user_pool_client(
        UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]["PreventUserExistenceErrors"] == "ENABLED"
    before = [message["id"] for message in outbox(cli)]
    answer = forgot_password(public, client_id, unique_username("fp-ghost"))
    assert_code_delivery(answer, MASKED_RE)
    assert [message["id"] for message in outbox(cli)] == before


def test_unknown_user_on_a_legacy_client_is_user_not_found(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str
) -> None:
    legacy = create_client(idp, pool_id, "fp-legacy", ExplicitAuthFlows=PASSWORD_FLOWS,
                           PreventUserExistenceErrors="LEGACY")
    before = [message["id"] for message in outbox(cli)]
    refused("UserNotFoundException", lambda: forgot_password(public, legacy["ClientId"], unique_username("fp-ghost")))
    assert [message["id"] for message in outbox(cli)] == before


def test_sixth_request_within_an_hour_is_limit_exceeded(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-limit")
    for _ in range(MESSAGES_PER_HOUR):
        assert_code_delivery(forgot_password(public, client_id, user.username), "l***@h***")
    refused("LimitExceededException", lambda: forgot_password(public, client_id, user.username))
    assert len(messages_for(cli, user.sub)) == MESSAGES_PER_HOUR


def test_client_with_a_secret_needs_the_secret_hash(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str
) -> None:
    client = create_client(idp, pool_id, "fp-hashed", GenerateSecret=True, ExplicitAuthFlows=PASSWORD_FLOWS)
    client_id, secret = client["ClientId"], client["ClientSecret"]
    user = create_resettable_user(idp, pool_id, "fp-hashed")
    right = secret_hash(secret, user.username, client_id)
    wrong = secret_hash("x" + secret, user.username, client_id)

    refused("NotAuthorizedException", lambda: forgot_password(public, client_id, user.username))
    refused("NotAuthorizedException", lambda: forgot_password(public, client_id, user.username, SecretHash=wrong))
    assert messages_for(cli, user.sub) == []
    assert_code_delivery(forgot_password(public, client_id, user.username, SecretHash=right), "l***@h***")
    code = latest_code(cli, user.sub)

    new_password = strong_password()
    refused("NotAuthorizedException", lambda: confirm_forgot_password(
        public, client_id, user.username, code, new_password))
    refused("NotAuthorizedException", lambda: confirm_forgot_password(
        public, client_id, user.username, code, new_password, SecretHash=wrong))
    confirm_forgot_password(public, client_id, user.username, code, new_password, SecretHash=right)
    assert password_auth_with(public, client_id, user.username, new_password,
                              SECRET_HASH=right)["AuthenticationResult"]


# --------------------------------------------------------------------------------------------------
# ConfirmForgotPassword


def test_confirm_sets_the_new_password_and_the_old_one_no_longer_signs_in(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-confirm")
    code = requested_code(public, cli, client_id, user)
    new_password = strong_password()
    answer = confirm_forgot_password(public, client_id, user.username, code, new_password)
    assert set(answer) - {"ResponseMetadata"} == set(), answer
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200

    assert password_auth_with(public, client_id, user.username, new_password)["AuthenticationResult"]
    refused("NotAuthorizedException", lambda: password_auth_with(public, client_id, user.username, user.password))
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "CONFIRMED"


def test_confirm_revokes_the_tokens_issued_before_it(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str, server: HRSystemServer,
    http: requests.Session
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-revoke")
    tokens = password_auth_with(public, client_id, user.username, user.password)["AuthenticationResult"]
    assert employees_status(http, server, tokens["AccessToken"]) == 200
    code = requested_code(public, cli, client_id, user)
    assert employees_status(http, server, tokens["AccessToken"]) == 200  # asking for a code revokes nothing

    new_password = strong_password()
    confirm_forgot_password(public, client_id, user.username, code, new_password)
    reset_at = time.monotonic()
    assert_refused_by_hr_api_within_bound(http, server, tokens["AccessToken"], reset_at)
    refused("NotAuthorizedException", lambda: refresh(public, client_id, tokens["RefreshToken"]))
    again = password_auth_with(public, client_id, user.username, new_password)["AuthenticationResult"]
    assert employees_status(http, server, again["AccessToken"]) == 200


def test_code_works_only_once(public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str) -> None:
    user = create_resettable_user(idp, pool_id, "fp-once")
    code = requested_code(public, cli, client_id, user)
    first = strong_password()
    confirm_forgot_password(public, client_id, user.username, code, first)
    refused("ExpiredCodeException", lambda: confirm_forgot_password(
        public, client_id, user.username, code, strong_password()))
    assert password_auth_with(public, client_id, user.username, first)["AuthenticationResult"]


def test_wrong_code_is_code_mismatch_and_changes_nothing(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-mismatch")
    code = requested_code(public, cli, client_id, user)
    message = refused("CodeMismatchException", lambda: confirm_forgot_password(
        public, client_id, user.username, other_code(code), strong_password()))
    assert message == CODE_MISMATCH
    assert password_auth_with(public, client_id, user.username, user.password)["AuthenticationResult"]


def test_five_wrong_codes_use_the_code_up(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-guesses")
    code = requested_code(public, cli, client_id, user)
    for _ in range(WRONG_CODES_ALLOWED):
        refused("CodeMismatchException", lambda: confirm_forgot_password(
            public, client_id, user.username, other_code(code), strong_password()))
    refused("LimitExceededException", lambda: confirm_forgot_password(
        public, client_id, user.username, code, strong_password()))
    assert password_auth_with(public, client_id, user.username, user.password)["AuthenticationResult"]


def test_newer_request_replaces_the_code(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-replaced")
    old = requested_code(public, cli, client_id, user)
    new = requested_code(public, cli, client_id, user)
    if new == old:  # one chance in a million: the two codes can only be told apart when they differ
        pytest.fail("the second ForgotPassword issued the same code as the first")
    refused("CodeMismatchException", lambda: confirm_forgot_password(
        public, client_id, user.username, old, strong_password()))
    new_password = strong_password()
    confirm_forgot_password(public, client_id, user.username, new, new_password)
    assert password_auth_with(public, client_id, user.username, new_password)["AuthenticationResult"]


def test_password_the_policy_refuses_is_invalid_and_the_code_still_works(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-policy")
    code = requested_code(public, cli, client_id, user)
    for weak in ("short", "alllowercase1!", "NoDigitsHere!"):
        refused("InvalidPasswordException", lambda: confirm_forgot_password(
            public, client_id, user.username, code, weak))
    assert password_auth_with(public, client_id, user.username, user.password)["AuthenticationResult"]
    new_password = strong_password()
    confirm_forgot_password(public, client_id, user.username, code, new_password)
    assert password_auth_with(public, client_id, user.username, new_password)["AuthenticationResult"]


def test_locked_out_user_signs_in_right_after_the_reset(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-locked")
    code = requested_code(public, cli, client_id, user)  # read first, so the reset itself is quick
    fail_sign_in(public, client_id, user.username, ALLOWED_SIGN_IN_FAILURES + 1)  # the sixth locks for 1 s
    time.sleep(1.1)
    fail_sign_in(public, client_id, user.username, 1)  # the seventh locks for 2 s
    time.sleep(2.1)
    fail_sign_in(public, client_id, user.username, 1)  # the eighth locks for 4 s
    locked_at = time.monotonic()
    message = refused("NotAuthorizedException", lambda: password_auth_with(
        public, client_id, user.username, user.password))
    assert message == ATTEMPTS_EXCEEDED

    new_password = strong_password()
    confirm_forgot_password(public, client_id, user.username, code, new_password)
    assert password_auth_with(public, client_id, user.username, new_password)["AuthenticationResult"]
    assert time.monotonic() - locked_at < EIGHTH_FAILURE_LOCK_SECONDS, "the lock would have ended by itself"


# --------------------------------------------------------------------------------------------------
# AdminResetUserPassword


def test_admin_reset_queues_a_code_and_requires_a_reset_at_sign_in(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-admin")
    idp.admin_reset_user_password(UserPoolId=pool_id, Username=user.username)
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "RESET_REQUIRED"
    [message] = messages_for(cli, user.sub)
    assert message["purpose"] == PURPOSE and message["destination"] == user.email, message
    assert message["channel"] == "EMAIL"
    refused("PasswordResetRequiredException", lambda: password_auth_with(
        public, client_id, user.username, user.password))


def test_confirm_with_the_code_of_an_admin_reset_confirms_the_user(
    public: Any, idp: Any, cli: HRSystemCli, pool_id: str, client_id: str
) -> None:
    user = create_resettable_user(idp, pool_id, "fp-admin-confirm")
    idp.admin_reset_user_password(UserPoolId=pool_id, Username=user.username)
    code = latest_code(cli, user.sub)
    new_password = strong_password()
    confirm_forgot_password(public, client_id, user.username, code, new_password)
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "CONFIRMED"
    assert password_auth_with(public, client_id, user.username, new_password)["AuthenticationResult"]
    refused("NotAuthorizedException", lambda: password_auth_with(public, client_id, user.username, user.password))
