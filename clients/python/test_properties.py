"""Property-based tests of the HR API's inputs, driven as an attacker would.

The module runs its own server (a fresh data directory and, with PostgreSQL, a fresh database) with an hr_admin,
a manager whose login is linked to an employee, that manager's report, and an employee hired on 1900-01-01 (so
the first hire's month, where pay periods start, is 1900-01). Every request must be answered with 2xx or 4xx,
never 5xx; after every test the process must still be running and /health and an authorized read must answer.

The documented date ranges, checked at and beyond both ends (a well-formed date outside its range is a 422
whose errors[0].field names the field; a malformed one a 400 naming it):
- hire dates, compensation, leave and attendance work dates, schedules, policies, queries: 1900-01-01 … today
  + 1 year (today in the company's time zone);
- leave and attendance: also inside the employment (before the hire date: 422 `outside_employment`);
- check-in and check-out instants: not before 1900-01-01T00:00:00Z (and not in the future);
- holidays: 1900-01-01 … 31 December of the year after next;
- pay periods: the month of the first hire … the current month.

Amounts are integer minor units from 0 to 10^15. Strings carry control characters, bidirectional controls,
emoji, combining marks and 10 KB values (and NUL, field by field, in every free text); what the server accepts
must read back unchanged (attendance texts trimmed) and must satisfy the limits the OpenAPI document states for
the field. Last, every status answered during the module must be documented for its operation.

Hypothesis runs derandomized, without an example database, a few dozen examples per test, so every run tries
the same inputs. A failure message starts with the request that reproduces it.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterator
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jwt
import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import (
    HTTP_TIMEOUT_SECONDS,
    HRSystemCli,
    HRSystemServer,
    cognito_client_for,
    complete_first_login,
    new_employee_body,
    sign_in,
    start_server,
    strong_password,
    unique_username,
)

EMPLOYEES = "/api/v1/employees"
EMPLOYEE = "/api/v1/employees/{id}"
ATTENDANCE = "/api/v1/attendance"
ATTENDANCE_RECORD = "/api/v1/attendance/{id}"
PAYROLL = "/api/v1/payroll"
CLOSE = "/api/v1/payroll/periods/{period}/close"
REOPEN = "/api/v1/payroll/periods/{period}/reopen"
POLICY = "/api/v1/policy"
SCHEDULES = "/api/v1/schedules"
SCHEDULE = "/api/v1/schedules/{id}"
CALENDARS = "/api/v1/holiday-calendars"

EARLIEST = date(1900, 1, 1)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MICROS_PER_SECOND = 1_000_000
MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND
EARLIEST_INSTANT = (EARLIEST.toordinal() - EPOCH_ORDINAL) * MICROS_PER_DAY  # microseconds since 1970, negative
MAX_AMOUNT = 10**15
ANCIENT_HIRE = date(1900, 1, 1)  # the earliest possible hire: pay periods start in 1900-01
REPORT_HIRE = date(2000, 1, 3)  # the manager's report: leave before it is outside the employment
BASE_SALARY = 30_000_000  # VND, minor units


def examples(count: int) -> settings:
    """A few examples, no deadline (requests go to a real server), the same inputs on every run. The liveness
    check is a function-scoped autouse fixture on purpose: it runs once per test, after all of its examples."""
    return settings(
        max_examples=count, deadline=None, derandomize=True, database=None, print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                               HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


# --------------------------------------------------------------------------------------------------
# The server and the requests


NO_BODY = object()


class Api:
    """The module's server, its callers' tokens and the employees the tests work on."""

    def __init__(self, server: HRSystemServer, http: requests.Session, tokens: dict[str, str]) -> None:
        self.server = server
        self.http = http
        self.tokens = tokens
        self.zone = ZoneInfo("UTC")
        self.ancient_id = self.manager_id = self.report_id = ""
        # (method, path template) → statuses answered, for the check against the OpenAPI document.
        self.seen: dict[tuple[str, str], set[int]] = {}
        self.last_request = ""
        self.counter = 0

    def __repr__(self) -> str:  # Hypothesis prints a failing example's arguments: no tokens
        return f"<the server at {self.server.endpoint}>"

    def today(self) -> date:
        """Today in the company's time zone, as the server's date limits use it."""
        return datetime.now(self.zone).date()

    def unique(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}{uuid.uuid4().hex[:6].upper()}"

    def send(self, method: str, template: str, *, role: str = "hr_admin", path: dict[str, str] | None = None,
             query: list[tuple[str, str]] | None = None, body: Any = NO_BODY, raw: bytes | None = None,
             headers: dict[str, str] | None = None) -> requests.Response:
        """One request; fails the test on a 5xx, on no answer at all, or when the server process has exited."""
        target = template.format(**{k: quote(v, safe="") for k, v in (path or {}).items()})
        if query:
            target += "?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query)
        payload = raw
        if payload is None and body is not NO_BODY:
            payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        all_headers = {"Authorization": f"Bearer {self.tokens[role]}", **(headers or {})}
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        self.last_request = describe(method, target, role, headers or {}, payload)
        try:
            response = self.http.request(method, self.server.url(target), data=payload, headers=all_headers,
                                         timeout=HTTP_TIMEOUT_SECONDS)
        except requests.RequestException as error:
            pytest.fail(f"no answer ({error!r}); server process status: {self.exit_status()}\n{self.last_request}",
                        pytrace=False)
        self.seen.setdefault((method, template), set()).add(response.status_code)
        assert response.status_code < 500, (
            f"server error {response.status_code}\n{self.last_request}\n→ {response.text[:2000]}")
        assert self.server.process is not None and self.server.process.poll() is None, (
            f"the server exited ({self.exit_status()}) after\n{self.last_request}")
        return response

    def exit_status(self) -> str:
        process = self.server.process
        if process is None:
            return "not running"
        code = process.poll()
        return "running" if code is None else f"exited with {code}"

    def created(self, response: requests.Response) -> dict[str, Any]:
        assert response.status_code == 201, f"{self.last_request}\n→ {response.status_code} {response.text[:2000]}"
        return response.json()

    def etag(self, template: str, record_id: str) -> str:
        response = self.send("GET", template, path={"id": record_id})
        assert response.status_code == 200, response.text
        return response.headers["ETag"]


def describe(method: str, target: str, role: str, headers: dict[str, str], payload: bytes | None) -> str:
    """The request as text to reproduce it: the body with non-ASCII escaped, long bodies shortened."""
    lines = [f"{method} {target}", f"Authorization: Bearer <{role} access token>"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if payload is not None:
        try:
            text = json.dumps(json.loads(payload), ensure_ascii=True)
        except (ValueError, RecursionError):
            text = payload.decode("utf-8", "backslashreplace")
        if len(text) > 1500:
            text = text[:1500] + f"… ({len(payload)} bytes in all)"
        lines.append(f"Content-Type: application/json\n\n{text}")
    return "\n".join(lines)


def outcome(response: requests.Response, field: str | None = None) -> str:
    """A response as one label: `ok` for 2xx; `invalid` for a 400 `validation_failed` naming `field`; else
    `<status>:<code>@<errors[0].field>` (or `<status>:<code>` without field errors)."""
    if 200 <= response.status_code < 300:
        return "ok"
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    code = problem.get("code", problem.get("message"))
    errors = problem.get("errors") or []
    fields = [e.get("field") for e in errors if isinstance(e, dict)]
    if response.status_code == 400 and code == "validation_failed" and field is not None and field in fields:
        return "invalid"
    return f"{response.status_code}:{code}" + (f"@{fields[0]}" if fields else "")


def check(api: Api, response: requests.Response, allowed: set[str], field: str | None = None) -> str:
    label = outcome(response, field)
    assert label in allowed, (
        f"answered {label}, expected one of {sorted(allowed)}\n{api.last_request}\n"
        f"→ {response.status_code} {response.text[:2000]}")
    if label != "ok":
        assert response.headers.get("content-type", "").startswith("application/problem+json"), response.headers
    return label


# --------------------------------------------------------------------------------------------------
# Dates, periods and instants as the server reads them


DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PERIOD_RE = re.compile(r"[0-9]{4}-[0-9]{2}")
INSTANT_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})")


def parse_date(value: Any) -> date | None:
    """Exactly `YYYY-MM-DD`, years 1–9999; anything else (another type included) is None."""
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        return None
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return None


def parse_period(value: str) -> tuple[int, int] | None:
    if not PERIOD_RE.fullmatch(value):
        return None
    year, month = int(value[:4]), int(value[5:])
    return (year, month) if 1 <= year <= 9999 and 1 <= month <= 12 else None


def parse_instant(value: Any) -> int | None:
    """Microseconds since 1970 of an RFC 3339 date-time with an offset (a finer fraction cut off, as the server
    keeps whole microseconds), or None."""
    if not isinstance(value, str) or not INSTANT_RE.fullmatch(value):
        return None
    match = INSTANT_RE.fullmatch(value)
    assert match is not None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    try:
        day_number = date(year, month, day).toordinal() - EPOCH_ORDINAL
    except ValueError:
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = 0
    zone = match.group(8)
    if zone not in ("Z", "z"):
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            return None
        offset = (hours * 3600 + minutes * 60) * (-1 if zone[0] == "-" else 1)
    micros = int((match.group(7) or ".")[1:].ljust(6, "0")[:6])
    return (day_number * 86_400 + hour * 3600 + minute * 60 + second - offset) * MICROS_PER_SECOND + micros


def years_after(day: date, years: int) -> date:
    """The same day `years` later, 28 February for 29 February in a common year (held to years 1–9999)."""
    year = min(max(day.year + years, 1), 9999)
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def shifted(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def latest(today: date) -> date:
    return years_after(today, 1)


def latest_holiday(today: date) -> date:
    return date(min(today.year + 2, 9999), 12, 31)


def date_labels(value: Any, field: str, today: date, *, upper: date | None = None,
                inside: Callable[[date], set[str]] | None = None) -> set[str]:
    """What a date field must answer: 400 naming it when malformed, 422 `date_out_of_range` naming it outside
    1900-01-01 … `upper` (default today + 1 year), else what `inside` says (default: accepted)."""
    parsed = parse_date(value)
    if parsed is None:
        return {"invalid"}
    if parsed < EARLIEST or parsed > (upper or latest(today)):
        return {f"422:date_out_of_range@{field}"}
    return inside(parsed) if inside else {"ok"}


def around_now(api: Api, send: Callable[[], requests.Response],
               labels: Callable[[date], set[str]]) -> tuple[requests.Response, set[str]]:
    """Sends, and allows what either side of the request's date would: a run across midnight stays exact."""
    before = api.today()
    response = send()
    after = api.today()
    return response, labels(before) | labels(after)


# Malformed dates: impossible days, years 0 and 10000, other layouts, stray characters, look-alike digits.
MALFORMED_DATES = [
    "2026-02-30", "2025-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
    "0000-01-01", "0000-12-31", "10000-01-01", "2026-1-5", "26-01-05", "2026/01/05", "05/01/2026", "20260105",
    "2026-01-05T00:00:00Z", "+2026-01-05", "-2026-01-05", " 2026-01-05", "2026-01-05 ", "2026-01-05\n",
    "2026-01-05\u0000", "\u0662\u0660\u0662\u0666-01-05", "\uff12\uff10\uff12\uff16-01-05", "2026\u201001\u201005",
    "", "null", "2026-W01-1", "2026-005", "9999-12-32", "-001-01-01",
]
NON_STRING_DATES: list[Any] = [20260105, 2026.0105, True, None, [], {}, ["2026-01-05"]]


def date_edges(today: date) -> list[date]:
    return [
        date(1, 1, 1), date(1, 1, 2), date(1899, 12, 31), EARLIEST, date(1900, 1, 2), date(1970, 1, 1),
        date(2000, 2, 29), REPORT_HIRE, years_after(today, -1), today, years_after(today, 1),
        years_after(today, 1) + timedelta(days=1), latest_holiday(today), latest_holiday(today) + timedelta(days=1),
        date(9999, 12, 30), date(9999, 12, 31),
    ]


def date_texts(today: date) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([d.isoformat() for d in date_edges(today)]),
        st.dates().map(date.isoformat),
        st.dates(min_value=years_after(today, -3), max_value=years_after(today, 3)).map(date.isoformat),
        st.sampled_from(MALFORMED_DATES),
        st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)).map(
            lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    )


def date_values(today: date) -> st.SearchStrategy[Any]:
    """Date texts and, now and then, a JSON value of another type."""
    return st.one_of(date_texts(today), date_texts(today), date_texts(today), st.sampled_from(NON_STRING_DATES))


OFFSETS = ["Z", "z", "+00:00", "-00:00", "+23:59", "-23:59", "+14:00", "-12:00", "+05:45", "+24:00", "-99:99",
           "+0700", "+07", "", " Z", "Z\u0000", "UTC"]
FRACTIONS = ["", ".0", ".5", ".999999", ".123456789", ".1234567891", ".", ".\u0661"]


def instant_text(year: int, month: int, day: int, hour: int, minute: int, second: int, fraction: str,
                 separator: str, offset: str) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}{separator}{hour:02d}:{minute:02d}:{second:02d}{fraction}{offset}"


def format_instant(seconds: float, offset_minutes: int) -> str | None:
    """`seconds` since 1970 written with an offset of `offset_minutes`, or None outside years 1–9999 there."""
    try:
        local = datetime(1970, 1, 1) + timedelta(seconds=seconds, minutes=offset_minutes)
    except OverflowError:
        return None
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    zone = "Z" if offset_minutes == 0 else f"{sign}{hours:02d}:{minutes:02d}"
    micros = f".{local.microsecond:06d}" if local.microsecond else ""
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local:%H:%M:%S}{micros}{zone}"


def instant_texts(today: date) -> st.SearchStrategy[str]:
    extreme = st.builds(
        instant_text,
        st.one_of(st.sampled_from([0, 1, 2, 1899, 1900, 1901, 1970, 2000, today.year, today.year + 1, 9999]),
                  st.integers(0, 9999)),
        st.one_of(st.integers(1, 12), st.sampled_from([0, 13])),
        st.one_of(st.integers(1, 28), st.sampled_from([0, 29, 30, 31, 32])),
        st.one_of(st.integers(0, 23), st.just(24)),
        st.one_of(st.integers(0, 59), st.just(60)),
        st.one_of(st.integers(0, 59), st.just(60)),
        st.sampled_from(FRACTIONS),
        st.sampled_from(["T", "T", "T", "t", " ", "_"]),
        st.one_of(st.sampled_from(OFFSETS), st.builds(lambda s, h, m: f"{s}{h:02d}:{m:02d}",
                                                      st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59))),
    )
    edges = st.sampled_from([
        "1899-12-31T23:59:59Z", "1899-12-31T23:59:59.999999Z", "1900-01-01T00:00:00Z", "1900-01-01T00:00:00+00:01",
        "1900-01-01T00:00:00-00:01", "1900-01-01T23:59:00+23:59", "0001-01-01T00:00:00+23:59",
        "0001-01-01T00:00:00-23:59", "9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59+23:59",
        "9999-12-31T23:59:59.999999999Z",
    ])
    return st.one_of(extreme, edges)


# --------------------------------------------------------------------------------------------------
# Strings


# ECMA-262 \s, the whitespace the OpenAPI document's patterns mean, and what the server trims from free text.
ECMA_WHITESPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {
    chr(c) for c in range(0x2000, 0x200B)}
SWIFT_TRIMMED = "".join(sorted(ECMA_WHITESPACE))
C0_C1 = {chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}

TEN_KB = 10 * 1024
NASTY_STRINGS = [
    "\x00", "a\x00b", "Lan\x00Nguy\u1ec5n", "\x01\x02\x1f", "\x07\x08\x1b[31m", "\x7f", "\x85", "\x9f", "\t", "\n",
    "\r\n", " ", "   ", "\u00a0", "\u2028", "\u2029", "\ufeff", "\ufeffLan", "\u200b", "\u200d", "\u180e", "\u3000",
    "\u202eLan Nguy\u1ec5n", "\u202b\u0645\u0631\u062d\u0628\u0627\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd\u200f",
    "\u0645\u0631\u062d\u0628\u0627", "\U0001F469\U0001F3FD\u200d\U0001F4BB", "\U0001F1FB\U0001F1F3",
    "\U0001F600" * 30, "e\u0301", "Nguye\u0302\u0303n", "Z\u0351\u0352\u0353\u0354\u0355" * 10, "\u0301" * 10,
    "e" + "\u0301" * (TEN_KB // 2), "A" * TEN_KB, "\U0001F600" * (TEN_KB // 4), "\u1ec5" * (TEN_KB // 3),
    "\uffff", "\ufffe", "\U0010ffff", "\ue000", "\u0130\u0131", "\u00df" * 60, "x" * 100, "x" * 101, "x" * 250,
    "x" * 251, "x" * 254, "x" * 255, " " * 300 + "x", "x" + " " * 300,
    "'; DROP TABLE employees; --", "%00", "%s%n", "${jndi:ldap://x}", "<script>alert(1)</script>", "\\", "\"",
    "../../etc/passwd", "\\u0000", "null", "true", "0", "-1",
]


def nasty_strings() -> st.SearchStrategy[str]:
    odd_characters = st.characters(categories=["Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp", "So", "Co", "Lo"])
    return st.one_of(
        st.sampled_from(NASTY_STRINGS),
        st.sampled_from(NASTY_STRINGS),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
        st.text(odd_characters, min_size=1, max_size=30),
        st.builds(lambda a, b, c: a + b + c, st.sampled_from(["", "Lan", " "]), st.sampled_from(NASTY_STRINGS),
                  st.sampled_from(["", "Nguy\u1ec5n", "\u0301", " "])),
    )


def swift_trim(value: str) -> str:
    return value.strip(SWIFT_TRIMMED)


def documented_name(value: str, max_length: int) -> bool:
    """The OpenAPI document's person name: 1 to max_length characters, no C0 or C1 control character, not
    only whitespace."""
    return (1 <= len(value) <= max_length and not any(c in C0_C1 for c in value)
            and any(c not in ECMA_WHITESPACE for c in value))


# --------------------------------------------------------------------------------------------------
# The module's server and its people


def create_employee(api: Api, **overrides: Any) -> dict[str, Any]:
    return api.created(api.send("POST", EMPLOYEES, body=new_employee_body(**overrides)))


def monthly(effective_from: str, amount: int = BASE_SALARY) -> dict[str, Any]:
    return {"effectiveFrom": effective_from, "payType": "monthly", "currency": "VND",
            "components": [{"code": "base", "kind": "base", "amountMinor": amount}]}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    server = start_server(tmp_path_factory, "properties")
    try:
        bootstrap = server.bootstrap
        cognito = cognito_client_for(server.endpoint, bootstrap["region"])
        admin = bootstrap["admin"]
        first = complete_first_login(cognito, bootstrap["clientId"], admin["username"], admin["temporaryPassword"])
        cli = HRSystemCli(server)
        manager_name, temporary, password = unique_username("manager"), strong_password(), strong_password()
        cli.run("user", "create", manager_name, "--group", "manager", "--temporary-password", temporary)
        cli.run("user", "set-password", manager_name, "--password", password, "--permanent")
        manager_token = sign_in(cognito, bootstrap["clientId"], manager_name, password)["AccessToken"]
        claims = jwt.decode(manager_token, options={"verify_signature": False})
        with requests.Session() as http:
            http.trust_env = False
            api = Api(server, http, {"hr_admin": first.respond["AuthenticationResult"]["AccessToken"],
                                     "manager": manager_token})
            ancient = create_employee(api, hireDate=ANCIENT_HIRE.isoformat(),
                                      compensation=[monthly(ANCIENT_HIRE.isoformat())])
            api.ancient_id = ancient["id"]
            api.zone = ZoneInfo(ancient["timeZone"])  # no timeZone given: the company's
            api.manager_id = create_employee(api, hireDate=REPORT_HIRE.isoformat(), issuer=claims["iss"],
                                             userSub=claims["sub"])["id"]
            api.report_id = create_employee(api, hireDate=REPORT_HIRE.isoformat(), managerId=api.manager_id,
                                            compensation=[monthly(REPORT_HIRE.isoformat())])["id"]
            yield api
    finally:
        server.close()


@pytest.fixture(autouse=True)
def server_stays_up(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test (every batch of examples): the process runs, /health and an authorized read answer."""
    yield
    if "api" not in request.fixturenames:
        return
    api: Api = request.getfixturevalue("api")
    assert api.server.process is not None and api.server.process.poll() is None, (
        f"the server is down ({api.exit_status()}); last request:\n{api.last_request}")
    health = api.http.get(api.server.url("/health"), timeout=HTTP_TIMEOUT_SECONDS)
    assert health.status_code == 200, health.text
    read = api.send("GET", EMPLOYEE, path={"id": api.report_id})
    assert read.status_code == 200, read.text
    assert read.json()["id"] == api.report_id


# --------------------------------------------------------------------------------------------------
# Drivers: one request each, with what it must answer


def hire(api: Api, value: Any) -> tuple[requests.Response, set[str], str]:
    response, allowed = around_now(
        api, lambda: api.send("POST", EMPLOYEES, body=new_employee_body(hireDate=value)),
        lambda today: date_labels(value, "/hireDate", today))
    if outcome(response) == "ok":
        assert response.json()["hireDate"] == value
    return response, allowed, "/hireDate"


def replace_hire(api: Api, value: Any) -> tuple[requests.Response, set[str], str]:
    """PUT of a fresh employee (no compensation, no attendance) with only its hire date changed."""
    employee = create_employee(api, hireDate=REPORT_HIRE.isoformat())
    body = {**employee, "hireDate": value}
    response, allowed = around_now(
        api, lambda: api.send("PUT", EMPLOYEE, path={"id": employee["id"]}, body=body,
                              headers={"If-Match": f'"{employee["version"]}"'}),
        lambda today: date_labels(value, "/hireDate", today))
    return response, allowed, "/hireDate"


def terminate(api: Api, value: Any) -> tuple[requests.Response, set[str], str]:
    """DELETE of a fresh employee hired on REPORT_HIRE with ?terminationDate=: before the hire date 422
    `outside_employment`, more than 90 days ahead 422 `termination_too_far`, both naming the field."""
    employee = create_employee(api, hireDate=REPORT_HIRE.isoformat())
    pointer = "/terminationDate"

    def labels(today: date) -> set[str]:
        parsed = parse_date(value)
        if parsed is None:
            return {"invalid"}
        if parsed < REPORT_HIRE:
            return {f"422:outside_employment@{pointer}"}
        if parsed > today + timedelta(days=90):
            return {f"422:termination_too_far@{pointer}"}
        return {"ok"}

    response, allowed = around_now(
        api, lambda: api.send("DELETE", EMPLOYEE, path={"id": employee["id"]}, query=[("terminationDate", value)]),
        labels)
    if outcome(response) == "ok":
        assert response.json()["terminationDate"] == value, response.text
    return response, allowed, pointer


def compensation_from(api: Api, value: Any) -> tuple[requests.Response, set[str], str]:
    """A new employee hired on 1900-01-01 with one entry. An entry is never before the hire date (400 naming the
    field), and no hire date is before 1900: a date before 1900 answers that 400 or the range's 422."""
    pointer = "/compensation/0/effectiveFrom"

    def labels(today: date) -> set[str]:
        expected = date_labels(value, pointer, today)
        parsed = parse_date(value)
        if parsed is not None and parsed < EARLIEST:
            expected.add("invalid")
        return expected

    body = new_employee_body(hireDate=ANCIENT_HIRE.isoformat(), compensation=[monthly(value)])
    response, allowed = around_now(api, lambda: api.send("POST", EMPLOYEES, body=body), labels)
    return response, allowed, pointer


def leave(api: Api, value: Any, role: str, employee: str = "report") -> tuple[requests.Response, set[str], str]:
    """Leave for the report (hired REPORT_HIRE) or the ancient employee (hired 1900-01-01), entered by `role`."""
    employee_id, hired = (api.report_id, REPORT_HIRE) if employee == "report" else (api.ancient_id, ANCIENT_HIRE)
    body = {"employeeId": employee_id, "type": "paid_leave", "workDate": value, "dayFraction": "0.5",
            "reason": "property test"}

    def inside(day: date) -> set[str]:
        return {"422:outside_employment@/workDate"} if day < hired else {"ok", "409:overlapping_record"}

    response, allowed = around_now(api, lambda: api.send("POST", ATTENDANCE, role=role, body=body),
                                   lambda today: date_labels(value, "/workDate", today, inside=inside))
    return response, allowed, "/workDate"


def new_leave_record(api: Api, employee_id: str, day: date) -> str:
    response = api.send("POST", ATTENDANCE, body={"employeeId": employee_id, "type": "unpaid_leave",
                                                  "workDate": day.isoformat(), "dayFraction": "0.5",
                                                  "reason": "to be corrected"})
    return api.created(response)["id"]


def correct_leave(api: Api, record_id: str, value: Any, role: str,
                  hired: date) -> tuple[requests.Response, set[str], str]:
    etag = api.etag(ATTENDANCE_RECORD, record_id)

    def inside(day: date) -> set[str]:
        return {"422:outside_employment@/workDate"} if day < hired else {"ok", "409:overlapping_record"}

    def labels(today: date) -> set[str]:  # null: the date stays
        return {"ok"} if value is None else date_labels(value, "/workDate", today, inside=inside)

    response, allowed = around_now(
        api, lambda: api.send("PUT", ATTENDANCE_RECORD, role=role, path={"id": record_id},
                              body={"workDate": value, "reason": "property test"}, headers={"If-Match": etag}),
        labels)
    return response, allowed, "/workDate"


WORK_OUTCOMES = {"ok", "422:outside_employment@/workDate", "409:overlapping_record", "422:future_timestamp@/checkInAt",
                 "422:future_timestamp@/checkOutAt", "422:checkout_before_checkin@/checkOutAt",
                 "422:zero_length_record@/checkOutAt", "422:record_too_long@/checkOutAt"}


def interval_labels(check_in: Any, check_out: Any, now: int, hired: date) -> tuple[set[str], str | None]:
    """What a work interval must answer (and the field a 400 names), `now` in microseconds since 1970. Exact
    where the rules decide alone; near the clock (the skew allowance is at most an hour) and near the hire date
    both sides are allowed."""
    hour = 3600 * MICROS_PER_SECOND
    start, end = parse_instant(check_in), parse_instant(check_out)
    if start is None:
        return {"invalid"}, "/checkInAt"
    if end is None:
        return {"invalid"}, "/checkOutAt"
    if start < EARLIEST_INSTANT:
        return {"422:date_out_of_range@/checkInAt"}, None
    if end < EARLIEST_INSTANT:
        return {"422:date_out_of_range@/checkOutAt"}, None
    if start > now + hour:
        return {"422:future_timestamp@/checkInAt"}, None
    if start < now - hour and end > now + hour:
        return {"422:future_timestamp@/checkOutAt"}, None
    if start < now - hour and end < now - hour:
        if end < start:
            return {"422:checkout_before_checkin@/checkOutAt"}, None
        if end == start:
            return {"422:zero_length_record@/checkOutAt"}, None
        if end - start > MICROS_PER_DAY:
            return {"422:record_too_long@/checkOutAt"}, None
        start_day = date.fromordinal(EPOCH_ORDINAL + start // MICROS_PER_DAY)
        if start_day < hired - timedelta(days=1):
            return {"422:outside_employment@/workDate"}, None
        if start_day > hired + timedelta(days=1):
            return {"ok", "409:overlapping_record"}, None
    return set(WORK_OUTCOMES), None


def work(api: Api, check_in: Any, check_out: Any, employee: str, *, role: str = "hr_admin",
         zone: str | None = None) -> tuple[requests.Response, set[str], str | None]:
    employee_id, hired = (api.report_id, REPORT_HIRE) if employee == "report" else (api.ancient_id, ANCIENT_HIRE)
    body = {"employeeId": employee_id, "type": "work", "checkInAt": check_in, "checkOutAt": check_out,
            "reason": "property test"}
    if zone is not None:
        body["timeZone"] = zone
    now = int(datetime.now(timezone.utc).timestamp() * MICROS_PER_SECOND)
    response = api.send("POST", ATTENDANCE, role=role, body=body)
    allowed, pointer = interval_labels(check_in, check_out, now, hired)
    return response, allowed, pointer


def correct_work(api: Api, record_id: str, check_in: Any, check_out: Any,
                 hired: date) -> tuple[requests.Response, set[str], str | None]:
    etag = api.etag(ATTENDANCE_RECORD, record_id)
    now = int(datetime.now(timezone.utc).timestamp() * MICROS_PER_SECOND)
    response = api.send("PUT", ATTENDANCE_RECORD, path={"id": record_id}, headers={"If-Match": etag},
                        body={"checkInAt": check_in, "checkOutAt": check_out, "reason": "property test"})
    allowed, pointer = interval_labels(check_in, check_out, now, hired)
    return response, allowed, pointer


def attendance_range(api: Api, start: str | None, end: str | None,
                     employee: bool) -> tuple[requests.Response, set[str], str | None]:
    """GET /attendance?from=&to= (either may be left out): 400 naming a malformed one; 422 naming the first one
    outside 1900-01-01 … today + 1 year; 400 naming /to when it is before from or the range spans over 93 days."""
    query = [("employeeId", api.report_id)] if employee else []
    query += [(k, v) for k, v in (("from", start), ("to", end)) if v is not None]

    def labels(today: date) -> set[str]:
        first = parse_date(start) if start is not None else today.replace(day=1)
        if first is None:
            return {"invalid"}
        last = parse_date(end) if end is not None else max(first, today)
        if last is None:
            return {"invalid"}
        for key, value in (("from", first), ("to", last)):
            if value < EARLIEST or value > latest(today):
                return {f"422:date_out_of_range@/{key}"}
        if last < first or (last - first).days > 92:
            return {"invalid"}
        return {"ok"}

    response, allowed = around_now(api, lambda: api.send("GET", ATTENDANCE, query=query), labels)
    pointer = "/from" if start is not None and parse_date(start) is None else "/to"
    if outcome(response) == "ok":
        body = response.json()
        assert isinstance(body["data"], list) and isinstance(body["summaries"], list), body
    return response, allowed, pointer


def period_after(period: tuple[int, int], months: int) -> str:
    index = period[0] * 12 + period[1] - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def payroll(api: Api, period: str) -> tuple[requests.Response, set[str], str]:
    """The ancient employee's payslip of `period`: 400 when malformed, 422 `future_period` after the current month,
    422 `period_out_of_range` before 1900-01 (the first hire's month), else 200."""

    def labels(today: date) -> set[str]:
        parsed = parse_period(period)
        if parsed is None:
            return {"invalid"}
        if parsed > (today.year, today.month):
            return {"422:future_period@/period"}
        if parsed < (EARLIEST.year, EARLIEST.month):
            return {"422:period_out_of_range@/period"}
        return {"ok"}

    response, allowed = around_now(
        api, lambda: api.send("GET", PAYROLL, query=[("period", period), ("employeeId", api.ancient_id),
                                                      ("totals", "true")]), labels)
    if outcome(response) == "ok":
        body = response.json()
        assert body["period"] == period and [slip["employee"]["id"] for slip in body["data"]] == [api.ancient_id]
        assert all(0 <= total["grossMinor"] < 2**63 for total in body["totals"]), body["totals"]
    return response, allowed, "/period"


def close_period(api: Api, period: str) -> tuple[requests.Response, set[str], str]:
    """Closing: 400 when malformed, 422 `period_not_ended` from the current month on, 422 `period_out_of_range`
    before 1900-01; else closed (200; or 422 when a payslip of the month cannot be computed), then reopened."""

    def labels(today: date) -> set[str]:
        parsed = parse_period(period)
        if parsed is None:
            return {"invalid"}
        if parsed >= (today.year, today.month):
            return {"422:period_not_ended@/period"}
        if parsed < (EARLIEST.year, EARLIEST.month):
            return {"422:period_out_of_range@/period"}
        return {"ok", "422:amount_out_of_range", "422:mixed_currency"}

    response, allowed = around_now(
        api, lambda: api.send("POST", CLOSE, path={"period": period}, body={"reason": "property test"}), labels)
    if outcome(response) == "ok":
        assert response.json()["state"] == "closed", response.text
        final = api.send("GET", PAYROLL, query=[("period", period), ("employeeId", api.ancient_id)])
        assert final.status_code == 200 and final.json()["status"] == "final", final.text
        reopened = api.send("POST", REOPEN, path={"period": period}, body={"reason": "property test"})
        assert reopened.status_code == 200 and reopened.json()["state"] == "open", reopened.text
    return response, allowed, "/period"


def policy_on(api: Api, value: str) -> tuple[requests.Response, set[str], str]:
    response, allowed = around_now(api, lambda: api.send("GET", POLICY, query=[("date", value)]),
                                   lambda today: date_labels(value, "/date", today))
    return response, allowed, "/date"


def schedules_on(api: Api, value: str) -> tuple[requests.Response, set[str], str]:
    response, allowed = around_now(api, lambda: api.send("GET", SCHEDULES, query=[("date", value)]),
                                   lambda today: date_labels(value, "/date", today))
    return response, allowed, "/date"


def set_policy(api: Api, value: Any) -> tuple[requests.Response, set[str], str]:
    """A policy version with the built-in defaults from `value` (a second version on one date is a conflict)."""
    response, allowed = around_now(
        api, lambda: api.send("POST", POLICY, body={"effectiveFrom": value, "policy": {}}),
        lambda today: date_labels(value, "/effectiveFrom", today, inside=lambda _: {"ok", "409:duplicate"}))
    return response, allowed, "/effectiveFrom"


def schedule_body(api: Api, value: Any) -> dict[str, Any]:
    return {"code": api.unique("S"), "name": "Office hours", "minutesByWeekday": [480, 480, 480, 480, 480, 0, 0],
            "effectiveFrom": value}


def schedule_labels(value: Any, today: date) -> set[str]:
    """A schedule's effectiveFrom may be null: from today."""
    return {"ok"} if value is None else date_labels(value, "/effectiveFrom", today)


def create_schedule(api: Api, value: Any) -> tuple[requests.Response, set[str], str]:
    response, allowed = around_now(api, lambda: api.send("POST", SCHEDULES, body=schedule_body(api, value)),
                                   lambda today: schedule_labels(value, today))
    return response, allowed, "/effectiveFrom"


def replace_schedule(api: Api, schedule_id: str, value: Any) -> tuple[requests.Response, set[str], str]:
    etag = api.etag(SCHEDULE, schedule_id)
    current = api.send("GET", SCHEDULE, path={"id": schedule_id}).json()
    body = {"code": current["code"], "name": current["name"], "minutesByWeekday": [450, 450, 450, 450, 450, 240, 0],
            "effectiveFrom": value}
    response, allowed = around_now(
        api, lambda: api.send("PUT", SCHEDULE, path={"id": schedule_id}, body=body, headers={"If-Match": etag}),
        lambda today: schedule_labels(value, today))
    return response, allowed, "/effectiveFrom"


def create_calendar(api: Api, value: Any) -> tuple[requests.Response, set[str], str]:
    pointer = "/holidays/0/date"
    body = {"code": api.unique("H"), "name": "Holidays", "holidays": [{"date": value, "name": "A holiday"}]}
    response, allowed = around_now(
        api, lambda: api.send("POST", CALENDARS, body=body),
        lambda today: date_labels(value, pointer, today, upper=latest_holiday(today)))
    return response, allowed, pointer


# --------------------------------------------------------------------------------------------------
# Dates at and beyond both ends of every range


def edge(name: str, today: date) -> str:
    return {
        "0001-01-01": "0001-01-01", "1899-12-31": "1899-12-31", "1900-01-01": "1900-01-01",
        "today-1y": years_after(today, -1).isoformat(), "today": today.isoformat(),
        "today+1y": latest(today).isoformat(), "today+1y+1d": (latest(today) + timedelta(days=1)).isoformat(),
        "9999-12-31": "9999-12-31", "2026-02-30": "2026-02-30",
    }[name]


DATE_EDGES = ["0001-01-01", "1899-12-31", "1900-01-01", "today-1y", "today", "today+1y", "today+1y+1d",
              "9999-12-31", "2026-02-30"]
OUT_OF_RANGE_EDGES = {"0001-01-01", "1899-12-31", "today+1y+1d", "9999-12-31"}

DATE_INPUTS: dict[str, Callable[[Api, str], tuple[requests.Response, set[str], str | None]]] = {
    "hireDate": hire,
    "hireDate-replace": replace_hire,
    "terminationDate": terminate,
    "compensation-effectiveFrom": compensation_from,
    "leave-as-hr_admin": lambda api, value: leave(api, value, "hr_admin", employee="ancient"),
    "leave-as-manager": lambda api, value: leave(api, value, "manager"),
    "attendance-range-from": lambda api, value: attendance_range(api, value, day_after(value), employee=True),
    "attendance-range-to": lambda api, value: attendance_range(api, start_for(api, value), value, employee=False),
    "policy-date": policy_on,
    "schedules-date": schedules_on,
    "policy-effectiveFrom": set_policy,
    "schedule-effectiveFrom": create_schedule,
}


def day_after(value: str) -> str:
    """The day after `value` (`value` itself at 9999-12-31, or when it is malformed)."""
    parsed = parse_date(value)
    following = shifted(parsed, 1) if parsed else None
    return following.isoformat() if following else value


def start_for(api: Api, value: str) -> str:
    """A first day inside the range for a range ending on `value`, so that `to` alone decides."""
    today = api.today()
    parsed = parse_date(value) or today
    before = shifted(parsed, -1) or parsed
    return max(EARLIEST, min(before, latest(today))).isoformat()


@pytest.mark.parametrize("edge_name", DATE_EDGES)
@pytest.mark.parametrize("input_name", list(DATE_INPUTS))
def test_dates_at_the_ends_of_every_range(api: Api, input_name: str, edge_name: str) -> None:
    """Each date input at 0001-01-01, 1899-12-31, 1900-01-01, today ± 1 year, today + 1 year + 1 day, 9999-12-31
    and 2026-02-30: out of range a 422 naming the field, malformed a 400 naming it, else accepted."""
    value = edge(edge_name, api.today())
    response, allowed, pointer = DATE_INPUTS[input_name](api, value)
    label = check(api, response, allowed, pointer)
    if edge_name in OUT_OF_RANGE_EDGES and input_name != "compensation-effectiveFrom":
        assert label.startswith("422:"), label
    if edge_name == "2026-02-30":
        assert label == "invalid", label


@pytest.mark.parametrize("edge_name", DATE_EDGES)
def test_leave_correction_at_the_ends(api: Api, edge_name: str) -> None:
    """PUT with If-Match moving a leave record (of the employee hired on 1900-01-01) to each edge date."""
    api.counter += 1
    record = new_leave_record(api, api.ancient_id, date(1961, 1, 1) + timedelta(days=api.counter))
    response, allowed, pointer = correct_leave(api, record, edge(edge_name, api.today()), "hr_admin", ANCIENT_HIRE)
    label = check(api, response, allowed, pointer)
    if edge_name in OUT_OF_RANGE_EDGES:
        assert label == "422:date_out_of_range@/workDate", label


HOLIDAY_EDGES = ["0001-01-01", "1899-12-31", "1900-01-01", "today+1y+1d", "last-holiday", "last-holiday+1d",
                 "9999-12-31", "2026-02-30"]


@pytest.mark.parametrize("edge_name", HOLIDAY_EDGES)
def test_holiday_dates_at_the_ends(api: Api, edge_name: str) -> None:
    """Holidays run to 31 December of the year after next, further than other dates."""
    today = api.today()
    value = {"last-holiday": latest_holiday(today).isoformat(),
             "last-holiday+1d": (latest_holiday(today) + timedelta(days=1)).isoformat()}.get(edge_name) \
        or edge(edge_name, today)
    response, allowed, pointer = create_calendar(api, value)
    label = check(api, response, allowed, pointer)
    expected_ok = edge_name in ("1900-01-01", "today+1y+1d", "last-holiday")
    assert (label == "ok") == expected_ok, label


PERIOD_EDGES = ["0001-01", "1899-12", "1900-01", "last-month", "current", "next-month", "9999-12", "2026-13",
                "0000-01", "2026-1", "2026-01-01"]


def period_edge(name: str, today: date) -> str:
    current = (today.year, today.month)
    return {"last-month": period_after(current, -1), "current": period_after(current, 0),
            "next-month": period_after(current, 1)}.get(name, name)


@pytest.mark.parametrize("edge_name", PERIOD_EDGES)
def test_pay_periods_at_the_ends(api: Api, edge_name: str) -> None:
    """GET /payroll?period= and POST …/periods/{period}/close from 0001-01 to 9999-12 and malformed months."""
    period = period_edge(edge_name, api.today())
    for driver in (payroll, close_period):
        response, allowed, pointer = driver(api, period)
        label = check(api, response, allowed, pointer)
        if edge_name in ("0001-01", "1899-12", "9999-12", "next-month"):
            assert label.startswith("422:") and label.endswith("@/period"), label


INSTANT_EDGES = [
    ("1899-12-31T23:59:59Z", "1900-01-01T01:00:00Z"),
    ("1899-12-31T23:59:59.999999Z", "1900-01-01T01:00:00Z"),
    ("1900-01-01T00:00:00+00:01", "1900-01-01T01:00:00Z"),
    ("0001-01-01T00:00:00+23:59", "0001-01-01T08:00:00+23:59"),
    ("0001-01-01T00:00:00-23:59", "0001-01-02T00:00:00Z"),
    ("1900-01-01T08:00:00Z", "1899-12-31T23:00:00-23:59"),
    ("1900-01-01T12:00:00Z", "1899-12-31T23:59:59Z"),
    ("1900-01-01T00:00:00Z", "1900-01-01T01:00:00Z"),
    ("1900-01-01T23:00:00+23:59", "1900-01-01T23:30:00+23:59"),
    ("9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-23:59"),
    ("9999-12-31T20:00:00Z", "9999-12-31T23:59:59.999999999Z"),
    ("2026-02-30T08:00:00Z", "2026-02-30T09:00:00Z"),
    ("2026-01-05T24:00:00Z", "2026-01-05T25:00:00Z"),
    ("2026-01-05T08:00:00+24:00", "2026-01-05T09:00:00Z"),
]


@pytest.mark.parametrize(("check_in", "check_out"), INSTANT_EDGES)
def test_instants_at_the_ends(api: Api, check_in: str, check_out: str) -> None:
    """Work entries whose instants are just before 1900 in UTC, in year 1 or 9999 with ±23:59 offsets, or invalid."""
    response, allowed, pointer = work(api, check_in, check_out, "ancient")
    label = check(api, response, allowed, pointer)
    start, end = parse_instant(check_in), parse_instant(check_out)
    if start is not None and end is not None and min(start, end) < EARLIEST_INSTANT:
        assert label.startswith("422:date_out_of_range@"), label


# --------------------------------------------------------------------------------------------------
# Dates and instants at random


@examples(25)
@given(data=st.data())
def test_hire_and_termination_dates(api: Api, data: st.DataObject) -> None:
    """Hire dates (POST and PUT) and termination dates, anywhere in years 0–9999, malformed, or not strings."""
    driver = data.draw(st.sampled_from([hire, hire, replace_hire, terminate]), label="request")
    values = date_texts(api.today()) if driver is terminate else date_values(api.today())
    value = data.draw(values, label="date")
    check(api, *driver(api, value))


@examples(15)
@given(data=st.data())
def test_compensation_effective_dates(api: Api, data: st.DataObject) -> None:
    """A compensation entry's effectiveFrom for an employee hired on 1900-01-01."""
    value = data.draw(date_values(api.today()), label="effectiveFrom")
    check(api, *compensation_from(api, value))


@examples(25)
@given(data=st.data())
def test_leave_work_dates_as_hr_admin_and_manager(api: Api, data: st.DataObject) -> None:
    """Leave entered by hr_admin (for the report or the 1900 hire) or by the manager for the report."""
    role = data.draw(st.sampled_from(["hr_admin", "manager"]), label="role")
    employee = "report" if role == "manager" else data.draw(st.sampled_from(["report", "ancient"]), label="employee")
    value = data.draw(date_values(api.today()), label="workDate")
    check(api, *leave(api, value, role, employee))


@pytest.fixture(scope="module")
def leave_record(api: Api) -> str:
    return new_leave_record(api, api.report_id, api.today() - timedelta(days=40))


@examples(15)
@given(data=st.data())
def test_leave_corrections_with_if_match(api: Api, leave_record: str, data: st.DataObject) -> None:
    """A leave record moved to another date by hr_admin or the manager, with the current ETag."""
    role = data.draw(st.sampled_from(["hr_admin", "manager"]), label="role")
    value = data.draw(date_values(api.today()), label="workDate")
    check(api, *correct_leave(api, leave_record, value, role, REPORT_HIRE))


def in_range_intervals(today: date) -> st.SearchStrategy[tuple[str, str]]:
    """Plausible intervals since 1900 written with any offset, so that many are accepted."""
    start = datetime(1900, 1, 1, tzinfo=timezone.utc).timestamp()
    stop = datetime.combine(today - timedelta(days=2), datetime.min.time(), timezone.utc).timestamp()

    def render(begin: int, minutes: int, offset_in: int, offset_out: int) -> tuple[str, str]:
        return (format_instant(begin, offset_in) or "", format_instant(begin + minutes * 60, offset_out) or "")

    return st.builds(render, st.integers(int(start), int(stop)), st.integers(-30, 1600),
                     st.integers(-1439, 1439), st.integers(-1439, 1439))


@examples(30)
@given(data=st.data())
def test_work_entries_with_extreme_instants(api: Api, data: st.DataObject) -> None:
    """Work intervals with years 0–9999, offsets up to ±23:59 (and invalid ones), fractions, other zones."""
    today = api.today()
    check_in, check_out = data.draw(st.one_of(
        in_range_intervals(today), st.tuples(instant_texts(today), instant_texts(today)),
        st.tuples(instant_texts(today), st.sampled_from(["2026-01-05T09:00:00Z", "1900-01-01T09:00:00Z"]))),
        label="interval")
    employee = data.draw(st.sampled_from(["report", "ancient"]), label="employee")
    zone = data.draw(st.sampled_from([None, None, "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns",
                                      "Asia/Kathmandu", "UTC"]), label="timeZone")
    role = "manager" if employee == "report" and data.draw(st.booleans(), label="as manager") else "hr_admin"
    check(api, *work(api, check_in, check_out, employee, role=role, zone=zone))


@pytest.fixture(scope="module")
def work_record(api: Api) -> str:
    day = api.today() - timedelta(days=45)
    start = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=1)
    response, _, _ = work(api, format_instant(start.timestamp(), 0), format_instant(start.timestamp() + 3600, 420),
                          "report")
    return api.created(response)["id"]


@examples(20)
@given(data=st.data())
def test_work_corrections_with_extreme_instants(api: Api, work_record: str, data: st.DataObject) -> None:
    """A work record's check-in and check-out replaced with the current ETag."""
    today = api.today()
    check_in, check_out = data.draw(st.one_of(in_range_intervals(today),
                                              st.tuples(instant_texts(today), instant_texts(today))), label="interval")
    check(api, *correct_work(api, work_record, check_in, check_out, REPORT_HIRE))


@examples(25)
@given(data=st.data())
def test_attendance_range_queries(api: Api, data: st.DataObject) -> None:
    """?from=&to= anywhere, left out, reversed, or spanning more than 93 days; with and without employeeId."""
    today = api.today()
    start = data.draw(st.one_of(st.none(), date_texts(today)), label="from")
    span = data.draw(st.one_of(st.integers(-3, 100), st.none()), label="to - from (days)")
    end: str | None
    if span is not None and parse_date(start) is not None:
        end = (shifted(parse_date(start), span) or date.max).isoformat()  # type: ignore[arg-type]
    else:
        end = data.draw(st.one_of(st.none(), date_texts(today)), label="to")
    employee = data.draw(st.booleans(), label="employeeId")
    check(api, *attendance_range(api, start, end, employee))


@examples(12)
@given(value=st.sampled_from(["%", "%zz", "%FF", "%C0%80", "%ED%A0%80", "%00", "2026-01-05%00", "%2B2026-01-05",
                              "%EF%BC%92026-01-05", "%F4%90%80%80"]),
       key=st.sampled_from(["from", "to", "employeeId", "limit"]))
def test_attendance_range_with_broken_percent_encoding(api: Api, key: str, value: str) -> None:
    """Query strings sent as they are: bad escapes, invalid UTF-8, NUL. Never a server error; a value that
    decodes to something malformed is a 400 (an undecodable escape may also be taken literally or dropped)."""
    target = f"{ATTENDANCE}?{key}={value}"
    api.last_request = f"GET {target}\nAuthorization: Bearer <hr_admin access token>"
    response = api.http.get(api.server.url(target), headers={"Authorization": f"Bearer {api.tokens['hr_admin']}"},
                            timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code < 500, f"{api.last_request}\n→ {response.status_code} {response.text[:1000]}"
    api.seen.setdefault(("GET", ATTENDANCE), set()).add(response.status_code)
    decodable = value in ("%00", "2026-01-05%00", "%2B2026-01-05", "%EF%BC%92026-01-05")
    assert response.status_code in ((400,) if decodable else (200, 400)), (
        f"{api.last_request}\n→ {response.status_code} {response.text[:1000]}")


def period_texts(today: date) -> st.SearchStrategy[str]:
    current = (today.year, today.month)
    return st.one_of(
        st.sampled_from(["0001-01", "1899-12", "1900-01", "1900-02", period_after(current, -1), period_after(current, 0),
                         period_after(current, 1), period_after(current, 12), "9999-12"]),
        st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
        st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1895, today.year + 1), st.integers(1, 12)),
        st.sampled_from(["2026-1", "26-01", "2026-001", "2026-01-01", "2026/01", "+2026-01", "\uff12\uff10\uff12\uff16-01",
                         "2026-01\u0000", " 2026-01", "2026_01", "10000-01", "-001-01", "2026-0x"]),
    )


@examples(20)
@given(data=st.data())
def test_pay_periods(api: Api, data: st.DataObject) -> None:
    """Payslips of a month, then closing (and reopening) it, or reopening a month that is not closed."""
    period = data.draw(period_texts(api.today()), label="period")
    check(api, *payroll(api, period))
    if data.draw(st.booleans(), label="also close"):
        check(api, *close_period(api, period))
    else:
        def labels(today: date) -> set[str]:
            parsed = parse_period(period)
            if parsed is None:
                return {"invalid"}
            if parsed > (today.year, today.month) or parsed < (EARLIEST.year, EARLIEST.month):
                return {"422:period_out_of_range@/period"}
            return {"409:period_not_closed"}

        response, allowed = around_now(
            api, lambda: api.send("POST", REOPEN, path={"period": period}, body={}), labels)
        check(api, response, allowed, "/period")


@pytest.fixture(scope="module")
def schedule_id(api: Api) -> str:
    return api.created(api.send("POST", SCHEDULES, body=schedule_body(api, api.today().isoformat())))["id"]


@examples(30)
@given(data=st.data())
def test_work_rule_dates(api: Api, schedule_id: str, data: st.DataObject) -> None:
    """?date= of the policy and schedules, policy and schedule effectiveFrom (POST and PUT), holiday dates."""
    kind = data.draw(st.sampled_from(["policy-date", "schedules-date", "schedule-date", "policy-effectiveFrom",
                                      "schedule-effectiveFrom", "schedule-replace", "holiday"]), label="input")
    if kind in ("policy-date", "schedules-date", "schedule-date"):
        value = data.draw(date_texts(api.today()), label="date")
    else:
        value = data.draw(date_values(api.today()), label="date")
    if kind == "policy-date":
        check(api, *policy_on(api, value))
    elif kind == "schedules-date":
        check(api, *schedules_on(api, value))
    elif kind == "schedule-date":
        response, allowed = around_now(
            api, lambda: api.send("GET", SCHEDULE, path={"id": schedule_id}, query=[("date", value)]),
            lambda today: date_labels(value, "/date", today))
        check(api, response, allowed, "/date")
    elif kind == "policy-effectiveFrom":
        check(api, *set_policy(api, value))
    elif kind == "schedule-effectiveFrom":
        check(api, *create_schedule(api, value))
    elif kind == "schedule-replace":
        check(api, *replace_schedule(api, schedule_id, value))
    else:
        check(api, *create_calendar(api, value))


# --------------------------------------------------------------------------------------------------
# Amounts


AMOUNT_EDGES: list[Any] = [
    0, 1, MAX_AMOUNT, MAX_AMOUNT + 1, 2**53, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -1, -(2**63), -(2**63) - 1,
    10**30, -(10**30), 10**100, 0.5, 1.5, -0.0, 1000.0, float(MAX_AMOUNT), 1e300, 1e-300, "1000", "", None, True,
    [1000], {"amount": 1000},
]
# Literals json.dumps cannot write: numbers out of the double range, exponents, NaN and infinities.
RAW_AMOUNTS = ["1e400", "-1e400", "1e-400", "5e-324", "1E+2", "1e2", "100e-2", "NaN", "Infinity", "-Infinity", "0x10",
               "01", "+1", "1.", ".5", "-", "1_000", "9" * 400, "-" + "9" * 400, "0." + "0" * 400 + "1",
               "1" + "0" * 15 + ".0"]


def amounts() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(AMOUNT_EDGES),
        st.integers(0, MAX_AMOUNT),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
    )


def wire_integer(value: Any) -> int | None:
    """The 64-bit integer a JSON value is, or None: an integer literal within 64 bits, or a number written with a
    fraction or an exponent whose value is a whole number within 64 bits (JSON has one number type, and the
    document's `integer` admits 1000.0)."""
    if type(value) is int:
        return value if -(2**63) <= value < 2**63 else None
    if type(value) is float and value.is_integer() and -(2.0**63) <= value < 2.0**63:
        return int(value)
    return None


def amount_expectation(values: list[Any]) -> tuple[set[str], str]:
    """Whole numbers 0 … 10^15 are accepted. Otherwise a 400 naming a component's amountMinor: every one that is
    no 64-bit integer is named; only when there is none, every one outside 0 … 10^15."""
    wire = [wire_integer(v) for v in values]
    pointer = "/compensation/0/components/{}/amountMinor"
    if None in wire:
        return {"invalid"}, pointer.format(wire.index(None))
    outside = [i for i, v in enumerate(wire) if not 0 <= v <= MAX_AMOUNT]  # type: ignore[operator]
    if outside:
        return {"invalid"}, pointer.format(outside[0])
    return {"ok"}, pointer.format(0)


@examples(25)
@given(data=st.data())
def test_compensation_amounts(api: Api, data: st.DataObject) -> None:
    """One to four components (base, allowances, insurance base) with amounts at and beyond 0 … 10^15, beyond 64
    bits, negative, fractional or not numbers; what is accepted reads back exactly and its payslips compute or
    answer 422 `amount_out_of_range`, never overflow."""
    count = data.draw(st.integers(1, 4), label="components")
    values = [data.draw(amounts(), label=f"amountMinor {i}") for i in range(count)]
    pay_type = data.draw(st.sampled_from(["monthly", "hourly"]), label="payType")
    hired = (api.today() - timedelta(days=400)).isoformat()
    components = [{"code": "base" if i == 0 else f"A{i}", "kind": "base" if i == 0 else
                   ("allowance" if i % 2 else "insurance_base"), "amountMinor": value} for i, value in enumerate(values)]
    entry = {"effectiveFrom": hired, "payType": pay_type, "currency": "VND", "components": components}
    response = api.send("POST", EMPLOYEES, body=new_employee_body(hireDate=hired, compensation=[entry]))
    label = check(api, response, *amount_expectation(values))
    if label != "ok":
        return
    employee = response.json()
    stored = [c["amountMinor"] for c in employee["compensation"][0]["components"]]
    assert stored == [wire_integer(v) for v in values], (stored, values)
    read = api.send("GET", EMPLOYEE, path={"id": employee["id"]})
    assert [c["amountMinor"] for c in read.json()["compensation"][0]["components"]] == stored
    today = api.today()
    for period in (period_after((today.year, today.month), 0), period_after((today.year, today.month), -1)):
        slips = api.send("GET", PAYROLL, query=[("period", period), ("employeeId", employee["id"]), ("totals", "true")])
        label = check(api, slips, {"ok", "422:amount_out_of_range"})
        if label == "ok":
            slip = slips.json()["data"][0]
            for key in ("grossMinor", "totalDeductionsMinor", "netMinor"):
                assert type(slip[key]) is int and 0 <= slip[key] < 2**63, (key, slip[key])
            assert slip["netMinor"] == max(0, slip["grossMinor"] - slip["totalDeductionsMinor"]), slip


@pytest.mark.parametrize("literal", RAW_AMOUNTS, ids=lambda v: v if len(v) <= 24 else f"{v[:12]}...{len(v)}-chars")
def test_compensation_amount_literals(api: Api, literal: str) -> None:
    """Number literals as they are on the wire: not JSON (400 `malformed_json`), or a 400 naming the amount; only
    the whole numbers 100 (1E+2, 1e2), 1 (100e-2) and 10^15 (with a zero fraction) are accepted. A tiny fraction
    such as 1e-400 is no whole number even where a double rounds it to 0."""
    body = new_employee_body(hireDate="2024-01-01", compensation=[monthly("2024-01-01", 123456789)])
    raw = json.dumps(body).replace("123456789", literal).encode()
    response = api.send("POST", EMPLOYEES, raw=raw)
    label = check(api, response, {"ok", "invalid", "400:malformed_json"}, "/compensation/0/components/0/amountMinor")
    if label == "ok":
        assert literal in ("1E+2", "1e2", "100e-2", "1" + "0" * 15 + ".0"), literal


# --------------------------------------------------------------------------------------------------
# Strings


class Document(dict):  # type: ignore[type-arg]
    """The OpenAPI document, printed short when Hypothesis shows a failing example's arguments."""

    def __repr__(self) -> str:
        return "<the server's OpenAPI document>"

    def property_schema(self, schema: str, name: str) -> dict[str, Any]:
        return self["components"]["schemas"][schema]["properties"][name]


@pytest.fixture(scope="module")
def openapi(api: Api) -> Document:
    response = api.http.get(api.server.url("/openapi.json"), timeout=HTTP_TIMEOUT_SECONDS)
    assert response.status_code == 200, response.text
    return Document(response.json())


NAME_FIELDS = ["firstName", "middleName", "lastName", "displayName"]
EMPLOYEE_FIELDS = NAME_FIELDS + ["employeeNumber", "nameOrder", "workEmail", "phone", "jobTitle", "departmentId",
                                 "scheduleId", "managerId", "employmentType", "hireDate", "timeZone", "issuer",
                                 "userSub", "compensation/currency", "compensation/payType", "compensation/code",
                                 "compensation/kind"]
ENUMERATIONS = {"nameOrder": {"given_first", "family_first"},
                "employmentType": {"full_time", "part_time", "contract", "intern"},
                "compensation/payType": {"monthly", "hourly"},
                "compensation/kind": {"base"}, "compensation/currency": {"VND"}}
# Free texts whose accepted values must read back unchanged.
VERBATIM_FIELDS = NAME_FIELDS + ["employeeNumber", "workEmail", "phone", "jobTitle", "issuer", "userSub"]


def employee_body_with(field_name: str, value: str) -> tuple[dict[str, Any], str]:
    """A valid new employee whose `field_name` is `value`, and the pointer that names that field."""
    body = new_employee_body(compensation=[monthly("2026-01-05")])
    entry = body["compensation"][0]
    if field_name == "compensation/code":
        entry["components"][0]["code"] = value
        return body, "/compensation/0/components/0/code"
    if field_name == "compensation/kind":
        entry["components"][0]["kind"] = value
        return body, "/compensation/0/components/0/kind"
    if field_name.startswith("compensation/"):
        entry[field_name.split("/")[1]] = value
        return body, "/compensation/0/" + field_name.split("/")[1]
    body[field_name] = value
    if field_name == "issuer":
        body["userSub"] = str(uuid.uuid4())
    elif field_name == "userSub":
        body["issuer"] = f"https://issuer.example/{uuid.uuid4().hex}"
    return body, "/" + field_name


def without_nul() -> st.SearchStrategy[str]:
    """Nasty strings but NUL, which test_nul_in_every_text_field covers field by field."""
    return nasty_strings().map(lambda value: value.replace("\x00", "\x01"))


@examples(30)
@given(data=st.data())
def test_employee_string_fields(api: Api, data: st.DataObject) -> None:
    """Control characters, bidirectional controls, emoji, combining marks, 10 KB: a 400 naming the field or
    accepted, and then read back unchanged, searched for and listed."""
    field_name = data.draw(st.sampled_from(EMPLOYEE_FIELDS), label="field")
    value = data.draw(without_nul(), label="value")
    body, pointer = employee_body_with(field_name, value)
    response = api.send("POST", EMPLOYEES, body=body)
    request = api.last_request
    label = check(api, response, {"ok", "invalid", "409:duplicate", f"409:duplicate@{pointer}"}, pointer)
    if field_name in ENUMERATIONS:
        assert (label == "ok") == (value in ENUMERATIONS[field_name]), label
    elif field_name.endswith("Id") or (field_name == "hireDate" and parse_date(value) is None):
        assert label == "invalid", label
    elif field_name in NAME_FIELDS and any(unicodedata.category(c) == "Cc" for c in value):
        assert label == "invalid", f"a control character in {field_name} was accepted\n{request}"
    if label != "ok":
        return
    employee = response.json()
    read = api.send("GET", EMPLOYEE, path={"id": employee["id"]})
    assert read.status_code == 200, read.text
    stored = read.json()
    if field_name in VERBATIM_FIELDS:
        assert stored[field_name] == value, f"{field_name} reads back as {stored[field_name]!r}\n{request}"
    elif field_name == "compensation/code":
        code = stored["compensation"][0]["components"][0]["code"]
        assert code == value, f"the component code reads back as {code!r}\n{request}"
    search = api.send("GET", EMPLOYEES, query=[("q", value[:200]), ("includeTerminated", "true")])
    assert search.status_code in (200, 400), search.text
    listed = api.send("GET", EMPLOYEES, query=[("sort", "-createdAt"), ("limit", "5")])
    assert listed.status_code == 200 and employee["id"] in {row["id"] for row in listed.json()["data"]}


COMBINING_10KB = "e" + "\u0301" * (TEN_KB // 2)  # one character (grapheme cluster) of 10 KB


@examples(25)
@example(field_name="firstName", value="\u2028")
@example(field_name="lastName", value="\ufeff")
@example(field_name="displayName", value="x" * 100 + "\u0301")
@example(field_name="jobTitle", value=COMBINING_10KB)
@example(field_name="issuer", value=COMBINING_10KB)
@given(field_name=st.sampled_from(NAME_FIELDS + ["jobTitle", "issuer", "userSub", "workEmail"]), value=without_nul())
def test_employee_strings_the_document_refuses_are_refused(api: Api, openapi: Document, field_name: str,
                                                           value: str) -> None:
    """What the OpenAPI document refuses (longer than maxLength code points; for names also a control character
    or only whitespace, as its pattern says) is answered 400 naming the field, not stored."""
    schema = openapi.property_schema("EmployeeCreate", field_name)
    limit = schema.get("maxLength")
    documented_ok = documented_name(value, limit) if field_name in NAME_FIELDS else (limit is None or len(value) <= limit)
    body, pointer = employee_body_with(field_name, value)
    response = api.send("POST", EMPLOYEES, body=body)
    label = check(api, response, {"ok", "invalid"}, pointer)
    if not documented_ok:
        assert label == "invalid", (
            f"accepted a {field_name} the OpenAPI document refuses ({len(value)} code points; maxLength {limit}"
            f"{', pattern ' + schema['pattern'] if 'pattern' in schema else ''})\n{api.last_request}")


@pytest.fixture(scope="module")
def open_record_cleanup(api: Api) -> Callable[[], None]:
    """Voids the manager's open self-service record, if any, so that the next check-in can open one."""

    def cleanup() -> None:
        probe = api.send("POST", ATTENDANCE, role="manager", body={"action": "check_in"})
        assert probe.status_code in (201, 409), probe.text
        record_id = probe.json()["id"] if probe.status_code == 201 else probe.json()["recordId"]
        etag = api.etag(ATTENDANCE_RECORD, record_id)
        voided = api.send("PUT", ATTENDANCE_RECORD, path={"id": record_id}, headers={"If-Match": etag},
                          body={"state": "voided", "reason": "property test cleanup"})
        assert voided.status_code == 200 and voided.json()["state"] == "voided", voided.text

    return cleanup


def one_character_each(value: str) -> bool:
    """Whether every code point is a character of its own (no combining mark, joiner, modifier, CR LF or jamo),
    so that the server's count of characters (grapheme clusters) is len(value)."""
    return all(unicodedata.category(c) not in ("Mn", "Me", "Mc", "Cf", "So", "Sk", "Co", "Cn") and c != "\r"
               and not 0x1100 <= ord(c) <= 0x11FF for c in value)


def text_labels(value: str, required: bool) -> set[str]:
    """Attendance texts: trimmed, at most 250 characters, a reason not empty. The count is exact when every code
    point is a character of its own; otherwise either answer is allowed here (the document's limit is checked by
    test_attendance_texts_the_document_refuses_are_refused)."""
    trimmed = swift_trim(value)
    if required and not trimmed:
        return {"invalid"}
    if one_character_each(trimmed):
        return {"ok"} if len(trimmed) <= 250 else {"invalid"}
    return {"ok", "invalid"}


ATTENDANCE_TEXT_CASES = ["work/reason", "work/note", "work/location", "work/timeZone", "leave/reason", "leave/note",
                         "leave/type", "leave/dayFraction", "leave/employeeId", "check_in/note", "check_in/location",
                         "check_out/note", "correct/note", "correct/location", "correct/reason", "correct/state",
                         "correct/type", "action"]


def send_attendance_text(api: Api, case: str, value: str, work_record: str,
                         cleanup: Callable[[], None]) -> requests.Response:
    """One attendance request whose `case` field (kind/name) is `value`: a manager's work entry for the report
    (a fresh ten-minute interval each time), hr_admin's half day of leave, the manager's own check-in or check-out,
    a manager's correction of the report's work record, or a bare action."""
    kind, _, name = case.partition("/")
    api.counter += 1
    if kind == "work":
        begin = datetime.combine(api.today() - timedelta(days=200), datetime.min.time(), timezone.utc) + \
            timedelta(minutes=17 * api.counter)
        body: dict[str, Any] = {"employeeId": api.report_id, "type": "work",
                                "checkInAt": format_instant(begin.timestamp(), 0),
                                "checkOutAt": format_instant(begin.timestamp() + 600, 0), "reason": "entered"}
        body[name] = value
        return api.send("POST", ATTENDANCE, role="manager", body=body)
    if kind == "leave":
        day = api.today() - timedelta(days=100 + api.counter % 200)
        body = {"employeeId": api.report_id, "type": "unpaid_leave", "workDate": day.isoformat(),
                "dayFraction": "0.5", "reason": "entered"}
        body[name] = value
        return api.send("POST", ATTENDANCE, body=body)
    if kind in ("check_in", "check_out"):
        cleanup()
        if kind == "check_out":
            opened = api.send("POST", ATTENDANCE, role="manager", body={"action": "check_in"})
            assert opened.status_code == 201, opened.text
        return api.send("POST", ATTENDANCE, role="manager", body={"action": kind, name: value})
    if kind == "correct":
        etag = api.etag(ATTENDANCE_RECORD, work_record)
        return api.send("PUT", ATTENDANCE_RECORD, role="manager", path={"id": work_record},
                        body={"reason": "corrected", name: value}, headers={"If-Match": etag})
    return api.send("POST", ATTENDANCE, role="manager", body={"action": value})


def read_text_back(api: Api, record_id: str, name: str) -> Any:
    """A record's note or location, or the reason of its latest audit event."""
    if name == "reason":
        read = api.send("GET", ATTENDANCE_RECORD, path={"id": record_id}, query=[("include", "history")])
        assert read.status_code == 200, read.text
        return read.json()["history"][-1].get("reason")
    read = api.send("GET", ATTENDANCE_RECORD, path={"id": record_id})
    assert read.status_code == 200, read.text
    return read.json().get(name)


@examples(30)
@given(data=st.data())
def test_attendance_string_fields(api: Api, work_record: str, open_record_cleanup: Callable[[], None],
                                  data: st.DataObject) -> None:
    """Every string field of the attendance bodies: a 400 naming it, or accepted and read back trimmed."""
    case = data.draw(st.sampled_from(ATTENDANCE_TEXT_CASES), label="field")
    value = data.draw(without_nul(), label="value")
    kind, _, name = case.partition("/")
    pointer = "/" + (name or "action")
    response = send_attendance_text(api, case, value, work_record, open_record_cleanup)
    request = api.last_request
    expected: set[str]
    if name in ("reason", "note", "location"):
        expected = text_labels(value, required=name == "reason")
    elif name == "timeZone":
        expected = {"ok", "invalid"} if re.fullmatch(r"[A-Za-z_+\-0-9/]+", value) else {"invalid"}
    elif name == "type":
        expected = {"ok"} if value in ("work", "paid_leave", "unpaid_leave") else {"invalid"}
    elif name == "dayFraction":
        expected = {"ok"} if value in ("1", "0.5") else {"invalid"}
    elif name == "state":
        expected = {"ok"} if value in ("open", "closed", "voided") else {"invalid"}
    else:  # employeeId, action
        expected = {"invalid"}
    if kind in ("work", "leave") and "ok" in expected:
        expected |= {"409:overlapping_record"}
    label = check(api, response, expected, pointer)
    if label != "ok" or kind == "check_out" or name not in ("reason", "note", "location"):
        return
    stored = read_text_back(api, response.json()["id"], name)
    trimmed = swift_trim(value)
    assert stored == (trimmed or None), f"the {name} reads back as {stored!r}\n{request}"


@examples(25)
@example(case="work/note", value="x" * 250 + "\u0301")
@example(case="leave/reason", value=COMBINING_10KB)
@example(case="correct/note", value="\U0001F469\u200d\U0001F4BB" * 100)
@given(case=st.sampled_from(["work/reason", "work/note", "work/location", "leave/reason", "leave/note",
                             "check_in/note", "check_in/location", "correct/note", "correct/reason"]),
       value=without_nul())
def test_attendance_texts_the_document_refuses_are_refused(api: Api, openapi: Document, work_record: str,
                                                           open_record_cleanup: Callable[[], None], case: str,
                                                           value: str) -> None:
    """A note, location or reason longer than the document's maxLength (in code points, after trimming), or a
    reason of nothing but characters the document's pattern counts as blank, is answered 400 naming it."""
    name = case.partition("/")[2]
    schema = openapi.property_schema("AttendanceWorkEntry" if case.startswith("work") else "AttendanceCorrection"
                                     if case.startswith("correct") else "AttendanceLeaveEntry"
                                     if case.startswith("leave") else "AttendanceCheckIn", name)
    limit = schema.get("maxLength", 250)
    trimmed = swift_trim(value)
    blank_for_document = name == "reason" and "pattern" in schema and not re.search(schema["pattern"], value)
    documented_ok = len(trimmed) <= limit and not blank_for_document
    response = send_attendance_text(api, case, value, work_record, open_record_cleanup)
    label = check(api, response, {"ok", "invalid", "409:overlapping_record"}, "/" + name)
    if not documented_ok:
        assert label == "invalid", (
            f"accepted a {name} the OpenAPI document refuses ({len(trimmed)} code points after trimming; "
            f"maxLength {limit}{', pattern ' + schema['pattern'] if 'pattern' in schema else ''})\n{api.last_request}")


NUL_TEXT = "a\x00b"


def nul_case(api: Api, case: str, work_record: str) -> tuple[requests.Response, str, Callable[[], Any] | None]:
    """Sends NUL_TEXT in one free-text field: the response, the field's pointer, and how to read it back."""
    admin = {"Authorization": f"Bearer {api.tokens['hr_admin']}"}
    if case.startswith("employee/"):
        field_name = case.partition("/")[2]
        body, pointer = employee_body_with(field_name, NUL_TEXT)
        response = api.send("POST", EMPLOYEES, body=body)

        def employee_field() -> Any:
            stored = api.send("GET", EMPLOYEE, path={"id": response.json()["id"]}).json()
            if field_name == "compensation/code":
                return stored["compensation"][0]["components"][0]["code"]
            return stored[field_name]

        return response, pointer, employee_field
    if case == "employees?q":
        return api.send("GET", EMPLOYEES, query=[("q", NUL_TEXT)]), "/q", None
    if case.startswith(("work/", "leave/", "check_in/", "check_out/", "correct/")):
        name = case.partition("/")[2]
        cleanup = lambda: None  # noqa: E731 - replaced below for self-service
        if case.startswith(("check_in/", "check_out/")):
            probe = api.send("POST", ATTENDANCE, role="manager", body={"action": "check_in"})
            record_id = probe.json()["id"] if probe.status_code == 201 else probe.json()["recordId"]

            def cleanup() -> None:
                etag = api.etag(ATTENDANCE_RECORD, record_id)
                api.send("PUT", ATTENDANCE_RECORD, path={"id": record_id}, headers={"If-Match": etag},
                         body={"state": "voided", "reason": "property test cleanup"})

        response = send_attendance_text(api, case, NUL_TEXT, work_record, cleanup)
        if case.startswith("check_out/"):
            return response, "/" + name, None
        return response, "/" + name, lambda: read_text_back(api, response.json()["id"], name)
    if case == "payroll-close/reason":
        response = api.send("POST", CLOSE, path={"period": "1900-02"}, body={"reason": NUL_TEXT})
        if response.status_code == 200:
            api.send("POST", REOPEN, path={"period": "1900-02"}, body={})
        return response, "/reason", None
    if case == "payroll-reopen/reason":
        closed = api.send("POST", CLOSE, path={"period": "1900-03"}, body={})
        assert closed.status_code in (200, 409), closed.text
        try:
            return api.send("POST", REOPEN, path={"period": "1900-03"}, body={"reason": NUL_TEXT}), "/reason", None
        finally:  # whatever happened, the month is open again for the tests after this one
            api.http.post(api.server.url(REOPEN.format(period="1900-03")), json={}, headers=admin,
                          timeout=HTTP_TIMEOUT_SECONDS)
    if case == "termination/reason":
        employee = create_employee(api, hireDate="2020-01-06")
        response = api.send("DELETE", EMPLOYEE, path={"id": employee["id"]}, body={"reason": NUL_TEXT})
        return response, "/reason", lambda: api.send("GET", EMPLOYEE, path={"id": employee["id"]}).json()[
            "terminationReason"]
    if case == "department/name":
        response = api.send("POST", "/api/v1/departments", body={"code": api.unique("D"), "name": NUL_TEXT})
        return response, "/name", lambda: api.http.get(
            api.server.url(f"/api/v1/departments/{response.json()['id']}"), headers=admin,
            timeout=HTTP_TIMEOUT_SECONDS).json()["name"]
    if case == "schedule/name":
        body = {**schedule_body(api, None), "name": NUL_TEXT}
        response = api.send("POST", SCHEDULES, body=body)
        return response, "/name", lambda: api.send("GET", SCHEDULE, path={"id": response.json()["id"]}).json()["name"]
    if case in ("calendar/name", "calendar/holiday-name"):
        holiday = {"date": "2026-01-01", "name": NUL_TEXT if case.endswith("holiday-name") else "New year"}
        body = {"code": api.unique("H"), "name": "Holidays" if case.endswith("holiday-name") else NUL_TEXT,
                "holidays": [holiday]}
        response = api.send("POST", CALENDARS, body=body)
        pointer = "/holidays/0/name" if case.endswith("holiday-name") else "/name"

        def calendar_text() -> Any:
            stored = api.http.get(api.server.url(f"{CALENDARS}/{response.json()['id']}"), headers=admin,
                                  timeout=HTTP_TIMEOUT_SECONDS).json()
            return stored["holidays"][0]["name"] if case.endswith("holiday-name") else stored["name"]

        return response, pointer, calendar_text
    raise AssertionError(case)


NUL_CASES = [
    "employee/firstName", "employee/workEmail", "employee/jobTitle", "employee/issuer", "employee/userSub",
    "employee/compensation/code", "employees?q", "work/reason", "work/note", "work/location", "leave/reason",
    "leave/note", "check_in/note", "check_in/location", "check_out/note", "correct/note", "correct/location",
    "correct/reason", "payroll-close/reason", "payroll-reopen/reason", "termination/reason", "department/name",
    "schedule/name", "calendar/name", "calendar/holiday-name",
]


@pytest.mark.parametrize("case", NUL_CASES)
def test_nul_in_every_text_field(api: Api, work_record: str, case: str) -> None:
    """NUL inside a text ("a\\u0000b"): refused with a 400 naming the field, or stored and read back whole."""
    response, pointer, read_back = nul_case(api, case, work_record)
    request = api.last_request
    label = check(api, response, {"ok", "invalid"}, pointer)
    if label == "ok" and read_back is not None:
        stored = read_back()
        assert stored == NUL_TEXT, f"{pointer} reads back as {stored!r}, not {NUL_TEXT!r}\n{request}"


# (the JSON string literal, True: accepted / False: refused / None: either). Escaped lone surrogates are JSON
# syntax but no Unicode text; bytes that are not UTF-8 make the body no JSON text at all (RFC 8259 §8.1).
INVALID_UNICODE_BODIES = [
    pytest.param(b'"\\ud800"', False, id="lone-high-surrogate"),
    pytest.param(b'"\\udfff"', False, id="lone-low-surrogate"),
    pytest.param(b'"a\\ud800b"', False, id="surrogate-inside"),
    pytest.param(b'"\\ude00\\ud83d"', False, id="reversed-pair"),
    pytest.param(b'"\\ud83d\\ude00"', True, id="escaped-emoji"),
    pytest.param(b'"\xff"', False, id="byte-ff"),
    pytest.param(b'"\xc0\x80"', False, id="overlong-nul"),
    pytest.param(b'"\xed\xa0\x80"', False, id="utf8-encoded-surrogate"),
    pytest.param(b'"\xf4\x90\x80\x80"', False, id="beyond-10ffff"),
    pytest.param(b'"caf\xc3\xa9"', True, id="utf8-accent"),
    pytest.param(b'"\xef\xbb\xbfLan"', None, id="byte-order-mark-inside"),
]


@pytest.mark.parametrize(("literal", "valid"), INVALID_UNICODE_BODIES)
@pytest.mark.parametrize("target", ["lastName", "note", "reason"])
def test_invalid_unicode_in_bodies(api: Api, target: str, literal: bytes, valid: bool | None) -> None:
    """Lone surrogates as escapes and bytes that are not UTF-8: refused with a 400, never a server error. A valid
    pair of surrogates is an emoji and is accepted."""
    marker = "MARKER-0123456789"
    if target == "lastName":
        template = json.dumps(new_employee_body(lastName=marker))
        pointer = "/lastName"
    else:
        api.counter += 1
        day = api.today() - timedelta(days=300 + api.counter)
        template = json.dumps({"employeeId": api.report_id, "type": "unpaid_leave", "workDate": day.isoformat(),
                               "dayFraction": "0.5", "reason": "entered", target: marker})
        pointer = "/" + target
    raw = template.encode().replace(f'"{marker}"'.encode(), literal)
    response = api.send("POST", EMPLOYEES if target == "lastName" else ATTENDANCE, raw=raw)
    allowed = {"ok"} if valid else {"invalid", "400:malformed_json"}
    if valid is None:
        allowed = {"ok", "invalid", "400:malformed_json"}
    check(api, response, allowed | ({"409:overlapping_record"} if target != "lastName" else set()), pointer)


@pytest.mark.parametrize("depth", [64, 600, 5_000, 100_000])
@pytest.mark.parametrize("target", [EMPLOYEES, ATTENDANCE, POLICY])
def test_deeply_nested_bodies(api: Api, target: str, depth: int) -> None:
    """Arrays nested thousands deep inside a field: refused with a 400 (413 past the route's body limit), and the
    server stays up."""
    inner = "[" * depth + "]" * depth
    raw = ('{"firstName": ' + inner + ', "employeeId": ' + inner + ', "policy": {"deductions": ' + inner + '}}').encode()
    response = api.send("POST", target, raw=raw)
    expected = 413 if target == ATTENDANCE and len(raw) > 64 * 1024 else 400
    assert response.status_code == expected, f"{api.last_request}\n→ {response.status_code} {response.text[:500]}"


BODY_LIMIT_RE = re.compile(r"Bodies are limited to ([0-9]+) (KiB|MiB)")


@pytest.mark.parametrize(("method", "template", "operation"), [
    ("POST", ATTENDANCE, "post"), ("PUT", ATTENDANCE_RECORD, "put"), ("POST", "/api/v1/departments", "post")])
def test_bodies_over_the_documented_limit_are_too_large(api: Api, openapi: Document, work_record: str, method: str,
                                                         template: str, operation: str) -> None:
    """A body just over the limit the operation's description states is answered 413, before it is read."""
    description = openapi["paths"][template][operation].get("description", "")
    match = BODY_LIMIT_RE.search(description)
    assert match, f"{method} {template} states no body limit: {description!r}"
    limit = int(match.group(1)) * (1024 if match.group(2) == "KiB" else 1024 * 1024)
    body = json.dumps({"note": "x" * (limit + 1024), "reason": "too large", "name": "x", "code": "BIG"})
    response = api.send(method, template, path={"id": work_record}, raw=body.encode(),
                        headers={"If-Match": api.etag(ATTENDANCE_RECORD, work_record)} if method == "PUT" else None)
    assert response.status_code == 413, (
        f"a body of {len(body)} bytes (the document says at most {limit}) answered {response.status_code}\n"
        f"{api.last_request}\n→ {response.text[:300]}")


# --------------------------------------------------------------------------------------------------
# Every status answered is documented


def test_every_status_answered_is_documented(api: Api, openapi: dict[str, Any]) -> None:
    """Runs last: each status the server gave during this module is listed for its operation in /openapi.json."""
    assert api.seen, "no request was recorded"
    missing = []
    for (method, template), statuses in sorted(api.seen.items()):
        operation = openapi["paths"][template][method.lower()]
        documented_statuses = {int(code) for code in operation["responses"] if code.isdigit()}
        for status in sorted(statuses - documented_statuses):
            missing.append(f"{method} {template} answered {status}; documented: {sorted(documented_statuses)}")
    assert not missing, "\n".join(missing)
