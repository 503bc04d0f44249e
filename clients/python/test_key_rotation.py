"""`hrsystem keys rotate` and `keys list` on a server of their own (rotation changes what every later token is
signed with):

- rotating publishes one new id key and one new access key at once, signing only after the lead time;
- the keys they replace stay published, retiring a day after the switch, so no live token loses its key;
- the JWKS of the running server shows the new keys within the refresh interval, or at once after a restart;
- a lead time outside 0–10080 minutes is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

import pytest
import requests

from conftest import HTTP_TIMEOUT_SECONDS, HRSystemCli, HRSystemServer, start_server


@pytest.fixture(scope="module")
def rotating(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HRSystemServer]:
    server = start_server(tmp_path_factory, "rotation")
    try:
        yield server
    finally:
        server.close()


def when(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def jwks_kids(server: HRSystemServer) -> set[str]:
    pool_id = server.bootstrap["userPoolId"]
    response = requests.get(server.url(f"/{pool_id}/.well-known/jwks.json"), timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200
    return {key["kid"] for key in response.json()["keys"]}


def test_rotation_publishes_new_keys_that_sign_after_the_lead_and_retires_the_old_ones_a_day_later(
    rotating: HRSystemServer,
) -> None:
    cli = HRSystemCli(rotating)
    before: list[dict[str, Any]] = cli.json("keys", "list", "--json")["Keys"]
    assert sorted(key["tokenUse"] for key in before) == ["access", "id"]
    assert all(key.get("retiredAt") is None for key in before)
    assert jwks_kids(rotating) == {key["kid"] for key in before}

    after: list[dict[str, Any]] = cli.json("keys", "rotate", "--lead-minutes", "30", "--json")["Keys"]
    old = {key["kid"]: key for key in after if key["kid"] in {k["kid"] for k in before}}
    new = [key for key in after if key["kid"] not in old]
    assert len(old) == 2 and sorted(key["tokenUse"] for key in new) == ["access", "id"]
    for key in new:
        assert key.get("retiredAt") is None
        lead = when(key["signsFrom"]) - dt.datetime.now(dt.timezone.utc)
        assert dt.timedelta(minutes=29) < lead <= dt.timedelta(minutes=30)
        replaced = next(k for k in old.values() if k["tokenUse"] == key["tokenUse"])
        assert when(replaced["retiredAt"]) - when(key["signsFrom"]) == dt.timedelta(days=1)

    # The running server learns of keys rotated by another process on its next refresh; a restart reads them at once.
    rotating.stop()
    rotating.start()
    assert jwks_kids(rotating) == {key["kid"] for key in after}


@pytest.mark.parametrize("lead", ["-1", "10081"])
def test_a_lead_time_out_of_range_is_refused(rotating: HRSystemServer, lead: str) -> None:
    cli = HRSystemCli(rotating)
    before = cli.json("keys", "list", "--json")["Keys"]
    result = cli.run("keys", "rotate", "--lead-minutes", lead, check=False)
    assert result.returncode != 0
    assert "--lead-minutes" in result.stderr
    assert cli.json("keys", "list", "--json")["Keys"] == before
