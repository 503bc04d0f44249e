"""USER_SRP_AUTH through real SRP clients: pycognito (its `Cognito` class and its `AWSSRP` helper, which do the
client's side of Cognito's SRP-6a exchange), boto3 and the aws cli.

- The exchange: InitiateAuth answers PASSWORD_VERIFIER (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME, no
  Session); RespondToAuthChallenge with pycognito's claim answers tokens that verify against the pool's JWKS and that
  the HR API accepts; the aws cli's initiate-auth and respond-to-auth-challenge do the same round.
- A FORCE_CHANGE_PASSWORD user gets NEW_PASSWORD_REQUIRED (with a Session) after the proof, answered as usual, by hand
  and through pycognito's own new-password flow.
- Refusals, each NotAuthorizedException "Incorrect username or password.": a wrong password, a SECRET_BLOCK used
  twice, a tampered SECRET_BLOCK, a TIMESTAMP more than five minutes off (and one four minutes off accepted), a block
  from another client; wrong SRP passwords count toward the lockout shared with USER_PASSWORD_AUTH, and a locked user
  is refused with "Password attempts exceeded" even with the right password.
- Unknown users: with PreventUserExistenceErrors ENABLED (hr-web) a normal-looking challenge with the same SALT each
  time and a refusal at the second step; with LEGACY, UserNotFoundException at the first step.
- A disabled user: "User is disabled." only after a correct proof, "Incorrect username or password." otherwise.
- Invalid input: an SRP_A that is not hex or is 0 mod N, a client without ALLOW_USER_SRP_AUTH (both
  InvalidParameterException), and a client with a secret, which needs SECRET_HASH at both steps.
- Tests/UserPoolTests/Fixtures/srp-exchange-vectors.json is what scripts/srp-vectors.py prints.

Each SRP step costs the server a 3072-bit modular exponentiation (slow on a debug build), so the tests keep the
number of exchanges small and share one server and a few users.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from botocore import UNSIGNED
from botocore.config import Config
from pycognito import Cognito
from pycognito.aws_srp import N_HEX, AWSSRP, hex_to_long, long_to_hex

from conftest import HTTP_TIMEOUT_SECONDS, REPO_ROOT, HRSystemServer, strong_password, unique_username
from test_admin_api import (
    PoolUser,
    claims,
    client_id,  # noqa: F401 (a fixture)
    create_user,
    employees_status,
    idp,  # noqa: F401 (a fixture)
    pool_id,  # noqa: F401 (a fixture)
    refused,
)
from test_awscli import aws
from test_pool_clients import INCORRECT, create_client, password_auth_with, public, secret_hash  # noqa: F401

SRP_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
CHALLENGE_PARAMETERS = {"SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"}
HEX_WITHOUT_LEADING_ZEROS = re.compile(r"[1-9a-f][0-9a-f]*")
ATTEMPTS_EXCEEDED = "Password attempts exceeded"
USER_DISABLED = "User is disabled."
BIG_N = hex_to_long(N_HEX)
# The lockout of USER_PASSWORD_AUTH (docs/ARCHITECTURE.md): five failures are allowed, the sixth locks for 1 s, the
# seventh for 2 s; attempts during a lockout are refused without being counted.
ALLOWED_FAILURES = 5
FIRST_LOCK_SECONDS = 1.0
VECTORS = REPO_ROOT / "Tests" / "UserPoolTests" / "Fixtures" / "srp-exchange-vectors.json"
VECTOR_SCRIPT = REPO_ROOT / "scripts" / "srp-vectors.py"


# --------------------------------------------------------------------------------------------------
# Helpers


@dataclass
class Exchange:
    """A USER_SRP_AUTH started by pycognito: its AWSSRP (secret `a`, password), what it sent, and the challenge."""

    srp: AWSSRP
    auth_parameters: dict[str, str]
    challenge: dict[str, Any]

    @property
    def parameters(self) -> dict[str, str]:
        return self.challenge["ChallengeParameters"]


def srp_for(public: Any, pool_id: str, client_id: str, username: str, password: str,
            client_secret: str | None = None) -> AWSSRP:
    """pycognito's SRP client for one user, sending through `public` (unsigned boto3 at the server)."""
    return AWSSRP(username=username, password=password, pool_id=pool_id, client_id=client_id, client=public,
                  client_secret=client_secret)


def start(srp: AWSSRP) -> Exchange:
    """InitiateAuth USER_SRP_AUTH with pycognito's parameters (USERNAME, SRP_A and, with a secret, SECRET_HASH)."""
    parameters = srp.get_auth_params()
    challenge = srp.client.initiate_auth(ClientId=srp.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=parameters)
    return Exchange(srp, parameters, challenge)


def claim(exchange: Exchange, *, clock_offset: dt.timedelta = dt.timedelta(0),
          secret_block: str | None = None) -> dict[str, str]:
    """pycognito's PASSWORD_VERIFIER answer (its TIMESTAMP, PASSWORD_CLAIM_SECRET_BLOCK and PASSWORD_CLAIM_SIGNATURE),
    with its clock moved by `clock_offset` and, when given, another SECRET_BLOCK signed in place of the server's."""
    srp = exchange.srp
    srp.get_cognito_formatted_timestamp = (  # type: ignore[method-assign]
        lambda now: AWSSRP.get_cognito_formatted_timestamp(now + clock_offset))
    parameters = dict(exchange.parameters)
    if secret_block is not None:
        parameters["SECRET_BLOCK"] = secret_block
    return srp.process_challenge(parameters, exchange.auth_parameters)


def respond(client: Any, client_id: str, responses: dict[str, str]) -> dict[str, Any]:
    return client.respond_to_auth_challenge(ClientId=client_id, ChallengeName="PASSWORD_VERIFIER",
                                            ChallengeResponses=responses)


def assert_password_verifier(challenge: dict[str, Any], username: str) -> None:
    """The PASSWORD_VERIFIER challenge as Cognito sends it, in the form pycognito reads."""
    assert challenge["ChallengeName"] == "PASSWORD_VERIFIER", challenge
    assert "Session" not in challenge, challenge
    assert "AuthenticationResult" not in challenge, challenge
    parameters = challenge["ChallengeParameters"]
    assert set(parameters) == CHALLENGE_PARAMETERS, parameters
    assert parameters["USERNAME"] == parameters["USER_ID_FOR_SRP"] == username, parameters
    assert HEX_WITHOUT_LEADING_ZEROS.fullmatch(parameters["SALT"]), parameters["SALT"]
    assert HEX_WITHOUT_LEADING_ZEROS.fullmatch(parameters["SRP_B"]), parameters["SRP_B"]
    assert 0 < hex_to_long(parameters["SRP_B"]) < BIG_N, parameters["SRP_B"]
    assert base64.b64decode(parameters["SECRET_BLOCK"], validate=True), parameters["SECRET_BLOCK"]


def assert_tokens_for(result: dict[str, Any], username: str, client_id: str) -> None:
    """An AuthenticationResult for `username` from `client_id`."""
    assert result["TokenType"] == "Bearer" and result["ExpiresIn"] == 3600, result
    assert result["AccessToken"] and result["IdToken"] and result["RefreshToken"], result
    access, identity = claims(result["AccessToken"]), claims(result["IdToken"])
    assert access["token_use"] == "access" and identity["token_use"] == "id"
    assert access["username"] == identity["cognito:username"] == username
    assert access["client_id"] == identity["aud"] == client_id


def fail_password_auth(public: Any, client_id: str, username: str, times: int) -> None:
    """`times` USER_PASSWORD_AUTH sign-ins with a wrong password, each refused as a wrong password."""
    for _ in range(times):
        message = refused("NotAuthorizedException", lambda: password_auth_with(
            public, client_id, username, strong_password()))
        assert message == INCORRECT


def flipped(secret_block: str) -> str:
    """The SECRET_BLOCK with one bit of its middle byte changed."""
    data = bytearray(base64.b64decode(secret_block))
    data[len(data) // 2] ^= 0x01
    return base64.b64encode(bytes(data)).decode()


@pytest.fixture(scope="module")
def member(idp: Any, pool_id: str) -> PoolUser:
    """A confirmed employee for the tests that do not change the user."""
    return create_user(idp, pool_id, "srp-member")


@pytest.fixture(scope="module")
def srp_client(idp: Any, pool_id: str) -> dict[str, Any]:
    """An app client of the pool that allows USER_SRP_AUTH, with no secret, apart from hr-web."""
    return create_client(idp, pool_id, "srp", ExplicitAuthFlows=SRP_FLOWS)


@pytest.fixture(scope="module")
def disabled(idp: Any, pool_id: str) -> PoolUser:
    user = create_user(idp, pool_id, "srp-disabled")
    idp.admin_disable_user(UserPoolId=pool_id, Username=user.username)
    return user


# --------------------------------------------------------------------------------------------------
# The committed test vectors


def test_committed_vectors_are_what_the_vector_script_prints() -> None:
    printed = subprocess.run([sys.executable, str(VECTOR_SCRIPT)], capture_output=True, text=True, check=True,
                             stdin=subprocess.DEVNULL, timeout=60).stdout
    assert json.loads(printed) == json.loads(VECTORS.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------
# Signing in


def test_challenge_is_password_verifier_with_the_same_salt_and_a_new_b_each_time(
    public: Any, pool_id: str, client_id: str, member: PoolUser
) -> None:
    first = start(srp_for(public, pool_id, client_id, member.username, member.password))
    second = start(srp_for(public, pool_id, client_id, member.username, member.password))
    for exchange in (first, second):
        assert_password_verifier(exchange.challenge, member.username)
    assert first.parameters["SALT"] == second.parameters["SALT"]
    assert first.parameters["SRP_B"] != second.parameters["SRP_B"]
    assert first.parameters["SECRET_BLOCK"] != second.parameters["SECRET_BLOCK"]


def test_awssrp_authenticate_user_returns_the_users_tokens(
    public: Any, pool_id: str, client_id: str, member: PoolUser
) -> None:
    tokens = srp_for(public, pool_id, client_id, member.username, member.password).authenticate_user()
    assert "ChallengeName" not in tokens, tokens
    assert_tokens_for(tokens["AuthenticationResult"], member.username, client_id)


def test_pycognito_authenticate_gives_verified_tokens_the_hr_api_accepts(
    server: HRSystemServer, idp: Any, pool_id: str, client_id: str, http: requests.Session
) -> None:
    admin = create_user(idp, pool_id, "srp-hr", groups=("hr_admin",))
    user = Cognito(pool_id, client_id, username=admin.username, user_pool_region=server.bootstrap["region"],
                   botocore_config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1},
                                          read_timeout=HTTP_TIMEOUT_SECONDS),
                   boto3_client_kwargs={"endpoint_url": server.endpoint})
    # authenticate() verifies both tokens with the pool's JWKS at {endpoint}/{pool id}/.well-known/jwks.json and
    # checks their issuer, audience and token_use.
    user.authenticate(password=admin.password)
    assert user.token_type == "Bearer"
    assert user.access_claims["username"] == admin.username
    assert "hr_admin" in user.id_claims["cognito:groups"]
    assert employees_status(http, server, user.access_token) == 200

    user.renew_access_token()  # REFRESH_TOKEN_AUTH with the refresh token of the SRP sign-in
    assert employees_status(http, server, user.access_token) == 200


def test_aws_cli_initiate_auth_returns_the_challenge_and_respond_signs_in(
    server: HRSystemServer, public: Any, pool_id: str, client_id: str, member: PoolUser
) -> None:
    srp = srp_for(public, pool_id, client_id, member.username, member.password)  # for its arithmetic only
    auth_parameters = srp.get_auth_params()
    started = aws(server, "initiate-auth", "--no-sign-request", "--client-id", client_id,
                  "--auth-flow", "USER_SRP_AUTH",
                  "--auth-parameters", f"USERNAME={member.username},SRP_A={auth_parameters['SRP_A']}")
    assert started.returncode == 0, started.stderr
    challenge = json.loads(started.stdout)
    assert_password_verifier(challenge, member.username)

    responses = srp.process_challenge(challenge["ChallengeParameters"], auth_parameters)
    answered = aws(server, "respond-to-auth-challenge", "--no-sign-request", "--client-id", client_id,
                   "--challenge-name", "PASSWORD_VERIFIER", "--challenge-responses", json.dumps(responses))
    assert answered.returncode == 0, answered.stderr
    assert_tokens_for(json.loads(answered.stdout)["AuthenticationResult"], member.username, client_id)


def test_force_change_password_user_gets_new_password_required_after_the_proof(
    idp: Any, public: Any, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "srp-first", permanent=False)
    exchange = start(srp_for(public, pool_id, client_id, user.username, user.password))
    assert_password_verifier(exchange.challenge, user.username)
    challenge = respond(public, client_id, claim(exchange))
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED", challenge
    assert "AuthenticationResult" not in challenge, challenge
    assert len(challenge["Session"]) >= 20, challenge
    assert challenge["ChallengeParameters"]["USER_ID_FOR_SRP"] == user.username, challenge

    new_password = strong_password()
    answered = public.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": user.username, "NEW_PASSWORD": new_password})
    assert_tokens_for(answered["AuthenticationResult"], user.username, client_id)
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "CONFIRMED"

    again = srp_for(public, pool_id, client_id, user.username, new_password).authenticate_user()
    assert_tokens_for(again["AuthenticationResult"], user.username, client_id)


def test_pycognito_new_password_challenge_completes_a_first_sign_in(
    server: HRSystemServer, idp: Any, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "srp-first-py", permanent=False)
    cognito = Cognito(pool_id, client_id, username=user.username, user_pool_region=server.bootstrap["region"],
                      botocore_config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1}),
                      boto3_client_kwargs={"endpoint_url": server.endpoint})
    # pycognito answers NEW_PASSWORD_REQUIRED with its PASSWORD_VERIFIER answer plus USERNAME and NEW_PASSWORD.
    cognito.new_password_challenge(password=user.password, new_password=strong_password())
    assert cognito.access_claims["username"] == user.username
    assert idp.admin_get_user(UserPoolId=pool_id, Username=user.username)["UserStatus"] == "CONFIRMED"


# --------------------------------------------------------------------------------------------------
# Refused proofs


def test_wrong_password_is_incorrect_username_or_password(
    public: Any, pool_id: str, client_id: str, member: PoolUser
) -> None:
    srp = srp_for(public, pool_id, client_id, member.username, member.password + "x")
    assert refused("NotAuthorizedException", srp.authenticate_user) == INCORRECT


def test_secret_block_is_usable_only_once(public: Any, pool_id: str, client_id: str, member: PoolUser) -> None:
    exchange = start(srp_for(public, pool_id, client_id, member.username, member.password))
    responses = claim(exchange)
    assert respond(public, client_id, responses)["AuthenticationResult"]
    assert refused("NotAuthorizedException", lambda: respond(public, client_id, responses)) == INCORRECT
    resigned = claim(exchange, clock_offset=dt.timedelta(seconds=1))  # a new TIMESTAMP and signature, same block
    assert refused("NotAuthorizedException", lambda: respond(public, client_id, resigned)) == INCORRECT


def test_tampered_secret_block_is_refused(public: Any, pool_id: str, client_id: str, member: PoolUser) -> None:
    exchange = start(srp_for(public, pool_id, client_id, member.username, member.password))
    responses = claim(exchange, secret_block=flipped(exchange.parameters["SECRET_BLOCK"]))
    assert refused("NotAuthorizedException", lambda: respond(public, client_id, responses)) == INCORRECT


@pytest.mark.parametrize("minutes", [-6, 6], ids=["six-minutes-behind", "six-minutes-ahead"])
def test_timestamp_more_than_five_minutes_off_is_refused(
    public: Any, pool_id: str, client_id: str, member: PoolUser, minutes: int
) -> None:
    exchange = start(srp_for(public, pool_id, client_id, member.username, member.password))
    responses = claim(exchange, clock_offset=dt.timedelta(minutes=minutes))
    assert refused("NotAuthorizedException", lambda: respond(public, client_id, responses)) == INCORRECT


def test_timestamp_four_minutes_behind_is_accepted(
    public: Any, pool_id: str, client_id: str, member: PoolUser
) -> None:
    exchange = start(srp_for(public, pool_id, client_id, member.username, member.password))
    result = respond(public, client_id, claim(exchange, clock_offset=dt.timedelta(minutes=-4)))
    assert_tokens_for(result["AuthenticationResult"], member.username, client_id)


def test_secret_block_from_another_client_is_refused(
    public: Any, pool_id: str, client_id: str, member: PoolUser, srp_client: dict[str, Any]
) -> None:
    exchange = start(srp_for(public, pool_id, srp_client["ClientId"], member.username, member.password))
    assert_password_verifier(exchange.challenge, member.username)
    responses = claim(exchange)  # a correct proof, sent to hr-web instead of the client that issued the block
    assert refused("NotAuthorizedException", lambda: respond(public, client_id, responses)) == INCORRECT


# --------------------------------------------------------------------------------------------------
# Lockout, shared with USER_PASSWORD_AUTH


def test_wrong_srp_password_counts_toward_the_lockout(
    public: Any, idp: Any, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "srp-lock")
    wrong = start(srp_for(public, pool_id, client_id, user.username, user.password + "x"))
    fail_password_auth(public, client_id, user.username, ALLOWED_FAILURES + 1)  # the sixth locks for 1 s
    time.sleep(FIRST_LOCK_SECONDS + 0.1)
    # The seventh failure, by SRP: counted, it locks for 2 s; not counted, the right password would sign in below.
    assert refused("NotAuthorizedException", lambda: respond(public, client_id, claim(wrong))) == INCORRECT
    message = refused("NotAuthorizedException", lambda: password_auth_with(
        public, client_id, user.username, user.password))
    assert message == ATTEMPTS_EXCEEDED


def test_locked_user_is_refused_by_srp_even_with_the_right_password(
    public: Any, idp: Any, pool_id: str, client_id: str
) -> None:
    user = create_user(idp, pool_id, "srp-locked")
    right = start(srp_for(public, pool_id, client_id, user.username, user.password))
    fail_password_auth(public, client_id, user.username, ALLOWED_FAILURES + 1)
    time.sleep(FIRST_LOCK_SECONDS + 0.1)
    fail_password_auth(public, client_id, user.username, 1)  # the seventh failure locks for 2 s
    message = refused("NotAuthorizedException", lambda: respond(public, client_id, claim(right)))
    assert message == ATTEMPTS_EXCEEDED


# --------------------------------------------------------------------------------------------------
# Unknown and disabled users


def test_unknown_user_with_prevent_user_existence_errors_gets_a_challenge_then_incorrect(
    public: Any, pool_id: str, client_id: str
) -> None:
    ghost = unique_username("srp-ghost")
    first = start(srp_for(public, pool_id, client_id, ghost, strong_password()))
    second = start(srp_for(public, pool_id, client_id, ghost, strong_password()))
    for exchange in (first, second):
        assert_password_verifier(exchange.challenge, ghost)
    assert first.parameters["SALT"] == second.parameters["SALT"]
    assert first.parameters["SRP_B"] != second.parameters["SRP_B"]
    assert refused("NotAuthorizedException", lambda: respond(public, client_id, claim(first))) == INCORRECT


def test_unknown_user_with_legacy_errors_is_user_not_found(idp: Any, public: Any, pool_id: str) -> None:
    legacy = create_client(idp, pool_id, "srp-legacy", ExplicitAuthFlows=SRP_FLOWS, PreventUserExistenceErrors="LEGACY")
    srp = srp_for(public, pool_id, legacy["ClientId"], unique_username("srp-ghost"), strong_password())
    assert refused("UserNotFoundException", lambda: start(srp)) == "User does not exist."


def test_disabled_user_with_the_right_password_is_told_the_user_is_disabled(
    public: Any, pool_id: str, client_id: str, disabled: PoolUser
) -> None:
    srp = srp_for(public, pool_id, client_id, disabled.username, disabled.password)
    assert refused("NotAuthorizedException", srp.authenticate_user) == USER_DISABLED


def test_disabled_user_with_a_wrong_password_is_incorrect_username_or_password(
    public: Any, pool_id: str, client_id: str, disabled: PoolUser
) -> None:
    srp = srp_for(public, pool_id, client_id, disabled.username, disabled.password + "x")
    assert refused("NotAuthorizedException", srp.authenticate_user) == INCORRECT


# --------------------------------------------------------------------------------------------------
# Invalid parameters and client settings


INVALID_SRP_A: list[tuple[str, str]] = [
    ("not-hex", "xyz-not-hex"),
    ("zero", "0"),
    ("n", N_HEX.lower()),
    ("two-n", long_to_hex(2 * BIG_N)),
]


@pytest.mark.parametrize("srp_a", [value for _, value in INVALID_SRP_A], ids=[name for name, _ in INVALID_SRP_A])
def test_srp_a_that_is_not_hex_or_is_zero_mod_n_is_an_invalid_parameter(
    public: Any, client_id: str, member: PoolUser, srp_a: str
) -> None:
    refused("InvalidParameterException", lambda: public.initiate_auth(
        ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters={"USERNAME": member.username, "SRP_A": srp_a}))


def test_client_without_user_srp_auth_refuses_it(idp: Any, public: Any, pool_id: str, member: PoolUser) -> None:
    client = create_client(idp, pool_id, "srp-none", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])
    srp = srp_for(public, pool_id, client["ClientId"], member.username, member.password)
    message = refused("InvalidParameterException", lambda: start(srp))
    assert "USER_SRP_AUTH" in message, message


@pytest.fixture(scope="module")
def secret_client(idp: Any, pool_id: str) -> dict[str, Any]:
    return create_client(idp, pool_id, "srp-secret", GenerateSecret=True, ExplicitAuthFlows=SRP_FLOWS)


def test_client_with_a_secret_refuses_user_srp_auth_without_the_right_secret_hash(
    public: Any, pool_id: str, member: PoolUser, secret_client: dict[str, Any]
) -> None:
    client_id, secret = secret_client["ClientId"], secret_client["ClientSecret"]
    srp_a = srp_for(public, pool_id, client_id, member.username, member.password).get_auth_params()["SRP_A"]
    for extra in ({}, {"SECRET_HASH": secret_hash("x" + secret, member.username, client_id)}):
        refused("NotAuthorizedException", lambda: public.initiate_auth(
            ClientId=client_id, AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": member.username, "SRP_A": srp_a, **extra}))


def test_client_with_a_secret_needs_the_secret_hash_in_the_answer_too(
    public: Any, pool_id: str, member: PoolUser, secret_client: dict[str, Any]
) -> None:
    client_id, secret = secret_client["ClientId"], secret_client["ClientSecret"]
    exchange = start(srp_for(public, pool_id, client_id, member.username, member.password, client_secret=secret))
    assert_password_verifier(exchange.challenge, member.username)
    responses = claim(exchange)
    assert responses["SECRET_HASH"] == secret_hash(secret, exchange.parameters["USER_ID_FOR_SRP"], client_id)
    del responses["SECRET_HASH"]
    refused("NotAuthorizedException", lambda: respond(public, client_id, responses))


def test_client_with_a_secret_signs_in_with_pycognito_given_the_secret(
    public: Any, pool_id: str, member: PoolUser, secret_client: dict[str, Any]
) -> None:
    srp = srp_for(public, pool_id, secret_client["ClientId"], member.username, member.password,
                  client_secret=secret_client["ClientSecret"])
    tokens = srp.authenticate_user()
    assert_tokens_for(tokens["AuthenticationResult"], member.username, secret_client["ClientId"])
