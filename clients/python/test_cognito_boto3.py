"""Sign-in flows through boto3's `cognito-idp` client, pointed at the server with `endpoint_url`."""

from __future__ import annotations

import json
from typing import Any, Callable

import jwt
import pytest
from botocore.exceptions import ClientError

from conftest import FirstLogin, TestUser, password_auth, sign_in, strong_password

INCORRECT = "Incorrect username or password."


def claims(token: str) -> dict[str, Any]:
    """Unverified claims (signatures are checked in test_tokens_pyjwt.py)."""
    return jwt.decode(token, options={"verify_signature": False})


def assert_cognito_error(error: ClientError, code: str, message: str | None = None) -> None:
    body = error.response
    assert body["Error"]["Code"] == code, body
    assert body["ResponseMetadata"]["HTTPStatusCode"] == 400, body
    headers = body["ResponseMetadata"]["HTTPHeaders"]  # botocore lower-cases header names
    assert headers.get("x-amzn-errortype", "").split(":")[0] == code, headers
    assert headers.get("x-amzn-requestid"), headers
    if message is not None:
        assert body["Error"]["Message"] == message, body


def assert_tokens(result: dict[str, Any], *, with_refresh_token: bool) -> None:
    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] == 3600
    assert result["AccessToken"].count(".") == 2
    assert result["IdToken"].count(".") == 2
    if with_refresh_token:
        assert isinstance(result["RefreshToken"], str) and result["RefreshToken"]
    else:
        assert "RefreshToken" not in result


# ---- NEW_PASSWORD_REQUIRED -------------------------------------------------------------------------


def test_admin_first_sign_in_returns_new_password_required_challenge(admin_first_login: FirstLogin) -> None:
    answer = admin_first_login.initiate
    assert answer["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert "AuthenticationResult" not in answer
    assert isinstance(answer["Session"], str) and len(answer["Session"]) >= 20
    parameters = answer["ChallengeParameters"]
    assert parameters["USER_ID_FOR_SRP"] == "admin"
    assert json.loads(parameters["requiredAttributes"]) == []
    assert isinstance(json.loads(parameters["userAttributes"]), dict)
    assert answer["ResponseMetadata"]["RequestId"]


def test_answering_new_password_challenge_issues_tokens(admin_first_login: FirstLogin) -> None:
    answer = admin_first_login.respond
    assert "ChallengeName" not in answer
    assert_tokens(answer["AuthenticationResult"], with_refresh_token=True)
    assert claims(answer["AuthenticationResult"]["IdToken"])["cognito:username"] == "admin"


def test_changed_password_signs_in_without_challenge(
    cognito: Any, bootstrap: dict[str, Any], admin_password: str
) -> None:
    result = sign_in(cognito, bootstrap["clientId"], "admin", admin_password)
    assert_tokens(result, with_refresh_token=True)


def test_temporary_password_stops_working_after_it_is_changed(
    cognito: Any, bootstrap: dict[str, Any], admin_password: str
) -> None:
    with pytest.raises(ClientError) as caught:
        password_auth(cognito, bootstrap["clientId"], "admin", bootstrap["admin"]["temporaryPassword"])
    assert_cognito_error(caught.value, "NotAuthorizedException", INCORRECT)


@pytest.fixture(scope="module")
def user_with_temporary_password(make_user: Callable[..., TestUser]) -> TestUser:
    return make_user("weakpw", permanent=False)


@pytest.mark.parametrize(
    "weak_password",
    ["Ab1!xyz", "lowercase1!", "UPPERCASE1!", "NoDigits!!", "NoSymbol123"],
    ids=["too-short", "no-uppercase", "no-lowercase", "no-number", "no-symbol"],
)
def test_new_password_breaking_policy_is_rejected(
    cognito: Any, bootstrap: dict[str, Any], user_with_temporary_password: TestUser, weak_password: str
) -> None:
    user = user_with_temporary_password
    challenge = password_auth(cognito, bootstrap["clientId"], user.username, user.password)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    with pytest.raises(ClientError) as caught:
        cognito.respond_to_auth_challenge(
            ClientId=bootstrap["clientId"],
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": user.username, "NEW_PASSWORD": weak_password},
        )
    assert_cognito_error(caught.value, "InvalidPasswordException")
    assert caught.value.response["Error"]["Message"].startswith("Password did not conform with policy")


def test_rejected_new_password_leaves_user_still_required_to_change_it(
    cognito: Any, bootstrap: dict[str, Any], make_user: Callable[..., TestUser]
) -> None:
    user = make_user("retry", permanent=False)
    first = password_auth(cognito, bootstrap["clientId"], user.username, user.password)
    with pytest.raises(ClientError):
        cognito.respond_to_auth_challenge(
            ClientId=bootstrap["clientId"], ChallengeName="NEW_PASSWORD_REQUIRED", Session=first["Session"],
            ChallengeResponses={"USERNAME": user.username, "NEW_PASSWORD": "weak"},
        )
    again = password_auth(cognito, bootstrap["clientId"], user.username, user.password)
    assert again["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    done = cognito.respond_to_auth_challenge(
        ClientId=bootstrap["clientId"], ChallengeName="NEW_PASSWORD_REQUIRED", Session=again["Session"],
        ChallengeResponses={"USERNAME": user.username, "NEW_PASSWORD": strong_password()},
    )
    assert_tokens(done["AuthenticationResult"], with_refresh_token=True)


# ---- wrong credentials -----------------------------------------------------------------------------


def test_wrong_password_is_refused_with_cognito_message(
    cognito: Any, bootstrap: dict[str, Any], make_user: Callable[..., TestUser]
) -> None:
    user = make_user("wrongpw")
    with pytest.raises(ClientError) as caught:
        password_auth(cognito, bootstrap["clientId"], user.username, user.password + "x")
    assert_cognito_error(caught.value, "NotAuthorizedException", INCORRECT)


def test_unknown_user_is_indistinguishable_from_wrong_password(cognito: Any, bootstrap: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as caught:
        password_auth(cognito, bootstrap["clientId"], "nobody-by-this-name", strong_password())
    assert_cognito_error(caught.value, "NotAuthorizedException", INCORRECT)


# ---- REFRESH_TOKEN_AUTH ----------------------------------------------------------------------------


def test_refresh_returns_new_tokens_of_the_same_family(
    cognito: Any, bootstrap: dict[str, Any], admin_tokens: dict[str, Any]
) -> None:
    answer = cognito.initiate_auth(
        ClientId=bootstrap["clientId"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": admin_tokens["RefreshToken"]},
    )
    assert "ChallengeName" not in answer
    refreshed = answer["AuthenticationResult"]
    assert_tokens(refreshed, with_refresh_token=False)
    for kind in ("IdToken", "AccessToken"):
        before, after = claims(admin_tokens[kind]), claims(refreshed[kind])
        assert after["origin_jti"] == before["origin_jti"], kind
        assert after["auth_time"] == before["auth_time"], kind
        assert after["jti"] != before["jti"], kind
        assert after["sub"] == before["sub"], kind
        assert after["token_use"] == before["token_use"], kind


def test_bogus_refresh_token_is_refused(cognito: Any, bootstrap: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as caught:
        cognito.initiate_auth(
            ClientId=bootstrap["clientId"],
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": "not-a-refresh-token.really-not"},
        )
    assert_cognito_error(caught.value, "NotAuthorizedException")


# ---- groups from the CLI ---------------------------------------------------------------------------


def test_groups_added_with_cli_appear_in_both_tokens(
    cognito: Any, bootstrap: dict[str, Any], make_user: Callable[..., TestUser], cli: Any
) -> None:
    user = make_user("groups", group="employee")
    cli.run("user", "add-to-group", user.username, "manager")
    result = sign_in(cognito, bootstrap["clientId"], user.username, user.password)
    for kind in ("IdToken", "AccessToken"):
        assert set(claims(result[kind])["cognito:groups"]) == {"employee", "manager"}, kind
