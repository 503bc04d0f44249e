"""Plain HTTP: the HR API behind the JWT authorizer, and the raw Cognito wire protocol."""

from __future__ import annotations

import base64
import json
from typing import Any, Callable

import pytest
import requests

from conftest import (
    HTTP_TIMEOUT_SECONDS,
    UUID_RE,
    HRSystemServer,
    TestUser,
    bearer,
    new_employee_body,
    sign_in,
)

UNAUTHORIZED_BODY = '{"message":"Unauthorized"}'
EMPLOYEES = "/api/v1/employees"


def get(http: requests.Session, server: HRSystemServer, path: str, **kwargs: Any) -> requests.Response:
    return http.get(server.url(path), timeout=HTTP_TIMEOUT_SECONDS, **kwargs)


def post(http: requests.Session, server: HRSystemServer, path: str, **kwargs: Any) -> requests.Response:
    return http.post(server.url(path), timeout=HTTP_TIMEOUT_SECONDS, **kwargs)


def assert_unauthorized(response: requests.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.text == UNAUTHORIZED_BODY
    assert response.headers.get("www-authenticate", "").startswith("Bearer"), response.headers
    assert response.headers.get("apigw-requestid"), response.headers


def assert_problem(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0].strip() == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["code"] == code, problem
    for member in ("type", "title", "detail"):
        assert isinstance(problem[member], str), (member, problem)
    return problem


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def assert_list_envelope(body: dict[str, Any]) -> None:
    assert isinstance(body["data"], list)
    assert body["meta"]["limit"] == 50
    assert body["meta"]["offset"] == 0
    assert isinstance(body["meta"]["total"], int) and body["meta"]["total"] >= len(body["data"])


# ---- authorizer ------------------------------------------------------------------------------------


def test_employee_list_with_access_token_returns_envelope(
    server: HRSystemServer, http: requests.Session, admin_tokens: dict[str, Any], created_employee: dict[str, Any]
) -> None:
    response = get(http, server, EMPLOYEES, headers=bearer(admin_tokens["AccessToken"]))
    assert response.status_code == 200, response.text
    assert response.headers.get("apigw-requestid")
    body = response.json()
    assert_list_envelope(body)
    assert body["meta"]["total"] >= 1
    assert created_employee["id"] in {row["id"] for row in body["data"]}


def test_employee_list_with_id_token_is_accepted(
    server: HRSystemServer, http: requests.Session, admin_tokens: dict[str, Any]
) -> None:
    response = get(http, server, EMPLOYEES, headers=bearer(admin_tokens["IdToken"]))
    assert response.status_code == 200, response.text
    assert_list_envelope(response.json())


def test_request_without_token_is_unauthorized(server: HRSystemServer, http: requests.Session) -> None:
    assert_unauthorized(get(http, server, EMPLOYEES))


@pytest.mark.parametrize(
    "authorization",
    ["Bearer garbage", "Bearer a.b.c", "Basic YWRtaW46YWRtaW4="],
    ids=["garbage", "three-garbage-parts", "basic-auth"],
)
def test_request_with_garbage_token_is_unauthorized(
    server: HRSystemServer, http: requests.Session, authorization: str
) -> None:
    assert_unauthorized(get(http, server, EMPLOYEES, headers={"Authorization": authorization}))


def test_token_with_alg_none_is_unauthorized(
    server: HRSystemServer, http: requests.Session, admin_tokens: dict[str, Any]
) -> None:
    header, payload, _ = admin_tokens["AccessToken"].split(".")
    kid = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]
    forged = f"{b64url(json.dumps({'alg': 'none', 'kid': kid}).encode())}.{payload}."
    assert_unauthorized(get(http, server, EMPLOYEES, headers=bearer(forged)))


def test_token_with_tampered_payload_is_unauthorized(
    server: HRSystemServer, http: requests.Session, make_user: Callable[..., TestUser],
    cognito: Any, bootstrap: dict[str, Any],
) -> None:
    user = make_user("tamper")
    tokens = sign_in(cognito, bootstrap["clientId"], user.username, user.password)
    header, payload, signature = tokens["AccessToken"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:groups"] = ["hr_admin"]  # an employee promoting itself
    forged = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    assert get(http, server, EMPLOYEES, headers=bearer(tokens["AccessToken"])).status_code == 200
    assert_unauthorized(get(http, server, EMPLOYEES, headers=bearer(forged)))


# ---- employees -------------------------------------------------------------------------------------


def test_admin_creates_employee_and_reads_it_back(
    server: HRSystemServer, http: requests.Session, admin_tokens: dict[str, Any]
) -> None:
    body = new_employee_body(employmentType="contract")
    created = post(http, server, EMPLOYEES, json=body, headers=bearer(admin_tokens["AccessToken"]))
    assert created.status_code == 201, created.text
    assert created.headers.get("etag")
    employee = created.json()
    assert UUID_RE.match(employee["id"]), employee["id"]
    assert employee["status"] == "active"
    assert isinstance(employee["version"], int)
    assert employee["timeZone"] == "Asia/Ho_Chi_Minh"
    for field in ("employeeNumber", "firstName", "lastName", "workEmail", "employmentType", "hireDate"):
        assert employee[field] == body[field], field

    fetched = get(http, server, f"{EMPLOYEES}/{employee['id']}", headers=bearer(admin_tokens["AccessToken"]))
    assert fetched.status_code == 200, fetched.text
    assert fetched.json()["id"] == employee["id"]
    assert fetched.json()["employeeNumber"] == body["employeeNumber"]


def test_duplicate_employee_number_is_a_conflict(
    server: HRSystemServer, http: requests.Session, admin_tokens: dict[str, Any], created_employee: dict[str, Any]
) -> None:
    body = new_employee_body(employeeNumber=created_employee["employeeNumber"])
    response = post(http, server, EMPLOYEES, json=body, headers=bearer(admin_tokens["AccessToken"]))
    assert_problem(response, 409, "duplicate")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"workEmail": None}, "/workEmail"),
        ({"employmentType": "freelance"}, "/employmentType"),
        ({"hireDate": "05/01/2026"}, "/hireDate"),
    ],
    ids=["missing-workEmail", "unknown-employmentType", "malformed-hireDate"],
)
def test_invalid_employee_body_is_a_problem_naming_the_field(
    server: HRSystemServer, http: requests.Session, admin_tokens: dict[str, Any],
    change: dict[str, Any], field: str,
) -> None:
    body = new_employee_body(**change)
    body = {k: v for k, v in body.items() if v is not None}
    response = post(http, server, EMPLOYEES, json=body, headers=bearer(admin_tokens["AccessToken"]))
    problem = assert_problem(response, 400, "validation_failed")
    assert field in {error["field"] for error in problem["errors"]}, problem
    assert all(isinstance(error["message"], str) and error["message"] for error in problem["errors"])


@pytest.fixture(scope="module")
def employee_user_tokens(
    make_user: Callable[..., TestUser], cognito: Any, bootstrap: dict[str, Any]
) -> dict[str, Any]:
    user = make_user("staff", group="employee")
    return sign_in(cognito, bootstrap["clientId"], user.username, user.password)


def test_employee_without_linked_record_sees_no_one_else(
    server: HRSystemServer, http: requests.Session, employee_user_tokens: dict[str, Any],
    created_employee: dict[str, Any],
) -> None:
    response = get(http, server, EMPLOYEES, headers=bearer(employee_user_tokens["AccessToken"]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert_list_envelope(body)
    # The role `employee` sees only its own row; this login is linked to none, while others exist.
    assert body["data"] == []
    assert body["meta"]["total"] == 0


def test_employee_cannot_read_someone_elses_record(
    server: HRSystemServer, http: requests.Session, employee_user_tokens: dict[str, Any],
    created_employee: dict[str, Any],
) -> None:
    response = get(http, server, f"{EMPLOYEES}/{created_employee['id']}",
                   headers=bearer(employee_user_tokens["AccessToken"]))
    assert_problem(response, 404, "not_found")


def test_employee_cannot_create_employees(
    server: HRSystemServer, http: requests.Session, employee_user_tokens: dict[str, Any]
) -> None:
    response = post(http, server, EMPLOYEES, json=new_employee_body(),
                    headers=bearer(employee_user_tokens["AccessToken"]))
    assert_problem(response, 403, "forbidden")


# ---- raw Cognito wire protocol ---------------------------------------------------------------------


def cognito_call(http: requests.Session, server: HRSystemServer, target: str, body: dict[str, Any]) -> requests.Response:
    return post(http, server, "/", data=json.dumps(body), headers={
        "X-Amz-Target": target,
        "Content-Type": "application/x-amz-json-1.1",
    })


def assert_wire_error(response: requests.Response, code: str) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    assert response.headers.get("x-amzn-ErrorType", "").split(":")[0] == code, response.headers
    assert response.headers.get("x-amzn-RequestId"), response.headers
    body = response.json()
    assert body["__type"] == code, body
    assert isinstance(body["message"], str)
    return body


def test_unknown_target_is_unknown_operation(server: HRSystemServer, http: requests.Session) -> None:
    response = cognito_call(http, server, "AWSCognitoIdentityProviderService.NoSuchOperation", {})
    assert_wire_error(response, "UnknownOperationException")


def test_real_but_unimplemented_operation_is_unsupported_not_5xx(
    server: HRSystemServer, http: requests.Session
) -> None:
    response = cognito_call(http, server, "AWSCognitoIdentityProviderService.ConfirmDevice", {"AccessToken": "x", "DeviceKey": "k"})
    body = assert_wire_error(response, "UnsupportedOperationException")
    assert "ConfirmDevice" in body["message"]


def test_unsigned_administrative_call_is_missing_authentication_token(
    server: HRSystemServer, http: requests.Session
) -> None:
    response = cognito_call(http, server, "AWSCognitoIdentityProviderService.ListUserPools", {"MaxResults": 10})
    body = assert_wire_error(response, "MissingAuthenticationTokenException")
    assert body["message"] == "Missing Authentication Token"


def test_wire_protocol_answers_initiate_auth_with_request_id(
    server: HRSystemServer, http: requests.Session, bootstrap: dict[str, Any], admin_password: str
) -> None:
    response = cognito_call(http, server, "AWSCognitoIdentityProviderService.InitiateAuth", {
        "ClientId": bootstrap["clientId"],
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "admin", "PASSWORD": admin_password},
    })
    assert response.status_code == 200, response.text
    assert response.headers.get("x-amzn-RequestId")
    assert response.json()["AuthenticationResult"]["TokenType"] == "Bearer"
