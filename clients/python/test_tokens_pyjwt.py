"""Tokens verified with PyJWT against the JWKS the server publishes, as any relying party would."""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any, Callable

import jwt
import pytest
import requests
from jwt import PyJWKClient

from conftest import HTTP_TIMEOUT_SECONDS, UUID_RE, HRSystemServer, TestUser, sign_in

LEEWAY_SECONDS = 5


@pytest.fixture(scope="module")
def jwks_client(bootstrap: dict[str, Any]) -> PyJWKClient:
    return PyJWKClient(bootstrap["jwksUri"], cache_keys=True, timeout=int(HTTP_TIMEOUT_SECONDS))


def verify_id_token(token: str, jwks_client: PyJWKClient, bootstrap: dict[str, Any]) -> dict[str, Any]:
    key = jwks_client.get_signing_key_from_jwt(token)
    return jwt.decode(
        token, key.key, algorithms=["RS256"], audience=bootstrap["clientId"], issuer=bootstrap["issuer"],
        leeway=LEEWAY_SECONDS, options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )


def verify_access_token(token: str, jwks_client: PyJWKClient, bootstrap: dict[str, Any]) -> dict[str, Any]:
    key = jwks_client.get_signing_key_from_jwt(token)
    return jwt.decode(
        token, key.key, algorithms=["RS256"], issuer=bootstrap["issuer"], leeway=LEEWAY_SECONDS,
        # An access token has no `aud`: its client is in `client_id`.
        options={"verify_aud": False, "require": ["exp", "iat", "iss", "sub"]},
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def assert_common_time_claims(c: dict[str, Any]) -> None:
    now = time.time()
    for name in ("auth_time", "iat", "exp"):
        assert isinstance(c[name], int) and not isinstance(c[name], bool), (name, c[name])
    assert c["auth_time"] <= c["iat"] <= now + LEEWAY_SECONDS
    assert c["exp"] - c["iat"] == 3600
    for name in ("jti", "origin_jti", "event_id"):
        assert isinstance(c[name], str) and c[name], (name, c.get(name))


# ---- discovery -------------------------------------------------------------------------------------


def test_openid_configuration_names_the_issuer_and_its_jwks(
    server: HRSystemServer, bootstrap: dict[str, Any], http: requests.Session
) -> None:
    response = http.get(f"{bootstrap['issuer']}/.well-known/openid-configuration", timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200
    document = response.json()
    assert document["issuer"] == bootstrap["issuer"]
    assert document["jwks_uri"] == bootstrap["jwksUri"]
    assert bootstrap["issuer"] == f"{server.endpoint}/{bootstrap['userPoolId']}"


def test_jwks_publishes_rsa_signature_keys(bootstrap: dict[str, Any], http: requests.Session) -> None:
    response = http.get(bootstrap["jwksUri"], timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert len(keys) >= 2, "id and access tokens are signed by different keys, so at least two are published"
    for key in keys:
        assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig", key
        assert key["e"] and key["n"] and key["kid"], key
        assert "d" not in key and "p" not in key, "a private key part is published"
    assert len({key["kid"] for key in keys}) == len(keys)


# ---- signatures ------------------------------------------------------------------------------------


def test_id_token_verifies_with_served_jwks(
    admin_tokens: dict[str, Any], jwks_client: PyJWKClient, bootstrap: dict[str, Any]
) -> None:
    c = verify_id_token(admin_tokens["IdToken"], jwks_client, bootstrap)
    assert c["aud"] == bootstrap["clientId"]
    assert c["iss"] == bootstrap["issuer"]
    assert c["token_use"] == "id"


def test_access_token_verifies_with_served_jwks(
    admin_tokens: dict[str, Any], jwks_client: PyJWKClient, bootstrap: dict[str, Any]
) -> None:
    c = verify_access_token(admin_tokens["AccessToken"], jwks_client, bootstrap)
    assert c["iss"] == bootstrap["issuer"]
    assert c["token_use"] == "access"


def test_id_and_access_tokens_are_signed_by_different_keys(admin_tokens: dict[str, Any]) -> None:
    id_header = jwt.get_unverified_header(admin_tokens["IdToken"])
    access_header = jwt.get_unverified_header(admin_tokens["AccessToken"])
    assert id_header["kid"] != access_header["kid"]


@pytest.mark.parametrize("kind", ["IdToken", "AccessToken"])
def test_token_header_is_exactly_kid_and_rs256(admin_tokens: dict[str, Any], kind: str) -> None:
    header = jwt.get_unverified_header(admin_tokens[kind])
    assert header["alg"] == "RS256"
    assert set(header) == {"kid", "alg"}, header  # as Cognito: no `typ`


# ---- claims ----------------------------------------------------------------------------------------


def test_id_token_carries_cognito_claims(
    admin_tokens: dict[str, Any], jwks_client: PyJWKClient, bootstrap: dict[str, Any]
) -> None:
    c = verify_id_token(admin_tokens["IdToken"], jwks_client, bootstrap)
    assert UUID_RE.match(c["sub"]), c["sub"]
    assert c["cognito:username"] == "admin"
    assert c["cognito:groups"] == ["hr_admin"]
    assert c["token_use"] == "id"
    assert_common_time_claims(c)
    if "email_verified" in c:
        assert isinstance(c["email_verified"], bool)
    assert "client_id" not in c and "scope" not in c


def test_access_token_carries_cognito_claims_and_no_audience(
    admin_tokens: dict[str, Any], jwks_client: PyJWKClient, bootstrap: dict[str, Any]
) -> None:
    c = verify_access_token(admin_tokens["AccessToken"], jwks_client, bootstrap)
    assert "aud" not in c
    assert UUID_RE.match(c["sub"]), c["sub"]
    assert c["client_id"] == bootstrap["clientId"]
    assert c["username"] == "admin"
    assert c["cognito:groups"] == ["hr_admin"]
    assert c["scope"] == "aws.cognito.signin.user.admin"
    assert c["token_use"] == "access"
    assert c["version"] == 2
    assert_common_time_claims(c)


def test_id_and_access_tokens_of_one_sign_in_share_subject_and_family(
    admin_tokens: dict[str, Any], jwks_client: PyJWKClient, bootstrap: dict[str, Any]
) -> None:
    id_claims = verify_id_token(admin_tokens["IdToken"], jwks_client, bootstrap)
    access_claims = verify_access_token(admin_tokens["AccessToken"], jwks_client, bootstrap)
    assert id_claims["sub"] == access_claims["sub"]
    assert id_claims["origin_jti"] == access_claims["origin_jti"]
    assert id_claims["auth_time"] == access_claims["auth_time"]
    assert id_claims["event_id"] == access_claims["event_id"]
    assert id_claims["jti"] != access_claims["jti"]


def test_id_token_of_user_with_email_has_email_and_boolean_email_verified(
    cognito: Any, bootstrap: dict[str, Any], make_user: Callable[..., TestUser], jwks_client: PyJWKClient
) -> None:
    email = f"thu.tran.{uuid.uuid4().hex[:8]}@example.com"
    user = make_user("mail", email=email)
    tokens = sign_in(cognito, bootstrap["clientId"], user.username, user.password)
    c = verify_id_token(tokens["IdToken"], jwks_client, bootstrap)
    assert c["email"] == email
    assert isinstance(c["email_verified"], bool)
    assert c["cognito:username"] == user.username
    assert c["cognito:groups"] == ["employee"]


# ---- forged copies of real tokens: refused by PyJWT and by the server's authorizer -------------------


def test_alg_none_copy_of_a_real_token_is_refused_by_pyjwt_and_the_server(
    admin_tokens: dict[str, Any], jwks_client: PyJWKClient, bootstrap: dict[str, Any], http: requests.Session
) -> None:
    payload = admin_tokens["IdToken"].split(".")[1]
    header = b64url(json.dumps({"alg": "none", "kid": jwt.get_unverified_header(admin_tokens["IdToken"])["kid"]}).encode())
    forged = f"{header}.{payload}."
    with pytest.raises(jwt.InvalidTokenError):
        verify_id_token(forged, jwks_client, bootstrap)
    response = http.get(f"{bootstrap['endpoint']}/api/v1/employees", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.text == '{"message":"Unauthorized"}'


def test_token_with_tampered_groups_is_refused_by_pyjwt_and_the_server(
    admin_tokens: dict[str, Any], jwks_client: PyJWKClient, bootstrap: dict[str, Any], http: requests.Session
) -> None:
    header, payload, signature = admin_tokens["AccessToken"].split(".")
    c = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    c["cognito:groups"] = ["hr_admin", "manager"]
    forged = f"{header}.{b64url(json.dumps(c).encode())}.{signature}"
    with pytest.raises(jwt.InvalidSignatureError):
        verify_access_token(forged, jwks_client, bootstrap)
    response = http.get(f"{bootstrap['endpoint']}/api/v1/employees", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert "invalid signature" in response.headers["www-authenticate"]
