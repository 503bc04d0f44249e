"""Per-address throttling of the unauthenticated sign-in operations, on a server started with a small budget
(HRSYSTEM_SIGNIN_RATE=5, HRSYSTEM_SIGNIN_BURST=10):

- a flood of InitiateAuth calls for random usernames from one address is answered TooManyRequestsException past
  the burst, quickly (no password work is done for it);
- another client address keeps its own budget meanwhile, and the HR API keeps answering;
- the budget refills at the configured rate.
"""

from __future__ import annotations

import http.client
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterator

import pytest

from conftest import HRSystemServer, ServerDatabase, hrsystem_binary

RATE = 5
BURST = 10
TARGET = "AWSCognitoIdentityProviderService.InitiateAuth"


class ThrottledServer(HRSystemServer):
    """A server whose sign-in budget per address is RATE a second with bursts of BURST."""

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env["HRSYSTEM_SIGNIN_RATE"] = str(RATE)
        env["HRSYSTEM_SIGNIN_BURST"] = str(BURST)
        return env


@pytest.fixture(scope="module")
def throttled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThrottledServer]:
    root = tmp_path_factory.mktemp("throttled")
    database = ServerDatabase.fresh()
    database.create()
    server = ThrottledServer(hrsystem_binary(), root / "hrsystem-data", root / "server.log", "throttled", database)
    try:
        server.start()
        yield server
    finally:
        server.close()


def initiate_auth(server: HRSystemServer, username: str, *, source: str = "127.0.0.1") -> tuple[int, str]:
    """One USER_PASSWORD_AUTH call from `source` (a loopback address); returns the status and the error type."""
    body = json.dumps({
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": server.bootstrap["clientId"],
        "AuthParameters": {"USERNAME": username, "PASSWORD": "Wrong-passw0rd!"},
    })
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30, source_address=(source, 0))
    try:
        connection.request("POST", "/", body=body, headers={
            "X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.1"})
        response = connection.getresponse()
        payload = json.loads(response.read() or b"{}")
        return response.status, payload.get("__type", "")
    finally:
        connection.close()


def test_a_flood_from_one_address_is_throttled_past_the_burst_without_password_work(throttled: ThrottledServer) -> None:
    usernames = [f"nobody-{uuid.uuid4().hex[:12]}" for _ in range(200)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda name: initiate_auth(throttled, name), usernames))
    elapsed = time.monotonic() - started
    throttled_answers = [a for a in answers if a == (400, "TooManyRequestsException")]
    others = [a for a in answers if a != (400, "TooManyRequestsException")]
    # The burst, plus what the rate refilled while the flood ran, got through; nothing else did.
    assert len(others) <= BURST + RATE * (elapsed + 1), (len(others), elapsed)
    assert len(throttled_answers) >= 200 - (BURST + RATE * (elapsed + 1))
    assert all(a == (400, "NotAuthorizedException") for a in others), set(others)


def drain(server: HRSystemServer, source: str = "127.0.0.1") -> None:
    """Uses up `source`'s budget (failing if it never runs out)."""
    for _ in range(BURST * 20):
        if initiate_auth(server, "drain", source=source)[1] == "TooManyRequestsException":
            return
    pytest.fail(f"{source} was never throttled")


def test_another_address_keeps_its_budget_and_the_api_keeps_answering(throttled: ThrottledServer) -> None:
    drain(throttled)
    assert initiate_auth(throttled, "still-throttled") == (400, "TooManyRequestsException")
    assert initiate_auth(throttled, "someone", source="127.0.0.2") == (400, "NotAuthorizedException")
    connection = http.client.HTTPConnection("127.0.0.1", throttled.port, timeout=30)
    try:
        connection.request("GET", "/health")
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_the_budget_refills_at_the_configured_rate(throttled: ThrottledServer) -> None:
    drain(throttled, "127.0.0.3")
    time.sleep(2.0 / RATE + 0.2)
    statuses: list[Any] = [initiate_auth(throttled, "again", source="127.0.0.3")[1] for _ in range(2)]
    assert statuses == ["NotAuthorizedException", "NotAuthorizedException"], statuses
