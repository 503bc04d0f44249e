import Storage

/// The HR schema history (DESIGN §7 column conventions: instants epoch microseconds, dates
/// `TEXT 'YYYY-MM-DD'`, money integer minor units, lowercase UUID text ids).
public enum HRMigrations {
    public static let all: [Migration] = [
        Migration(
            id: "hr-0001-employees",
            statements: [
                """
                CREATE TABLE employees (
                    id TEXT PRIMARY KEY,
                    employee_number TEXT NOT NULL,
                    login_issuer TEXT,
                    login_sub TEXT,
                    first_name TEXT NOT NULL,
                    middle_name TEXT,
                    last_name TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    name_order TEXT NOT NULL CHECK (name_order IN ('given_first', 'family_first')),
                    work_email TEXT NOT NULL,
                    work_email_normalized TEXT NOT NULL,
                    phone TEXT,
                    job_title TEXT,
                    manager_id TEXT REFERENCES employees(id),
                    employment_type TEXT NOT NULL CHECK (employment_type IN ('full_time', 'part_time', 'contract', 'intern')),
                    status TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'terminated')),
                    hire_date TEXT NOT NULL,
                    termination_date TEXT,
                    termination_reason TEXT,
                    time_zone TEXT NOT NULL,
                    search_key TEXT NOT NULL,
                    last_name_key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    CHECK ((login_issuer IS NULL) = (login_sub IS NULL))
                )
                """,
                // Uniqueness holds among non-terminated employees, so a rehire is a new employment.
                "CREATE UNIQUE INDEX employees_number_current ON employees (employee_number) WHERE status <> 'terminated'",
                "CREATE UNIQUE INDEX employees_email_current ON employees (work_email_normalized) WHERE status <> 'terminated'",
                "CREATE UNIQUE INDEX employees_login_current ON employees (login_issuer, login_sub) WHERE status <> 'terminated' AND login_sub IS NOT NULL",
                "CREATE INDEX employees_manager ON employees (manager_id)",
                "CREATE INDEX employees_login ON employees (login_issuer, login_sub)",
            ]
        ),
        Migration(
            id: "hr-0002-departments-audit-idempotency",
            statements: [
                """
                CREATE TABLE departments (
                    id TEXT PRIMARY KEY,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    parent_id TEXT REFERENCES departments(id),
                    version INTEGER NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX departments_code ON departments (code)",
                "ALTER TABLE employees ADD COLUMN department_id TEXT REFERENCES departments(id)",
                "CREATE INDEX employees_department ON employees (department_id)",
                // Append-only: rows are inserted, never updated or deleted. Changes to an employee are
                // sealed with that employee's own key, so destroying the key erases them.
                """
                CREATE TABLE audit_events (
                    id TEXT PRIMARY KEY,
                    occurred_at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    request_id TEXT,
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    reason TEXT,
                    changes_sealed BLOB,
                    changes TEXT
                )
                """,
                "CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id, occurred_at)",
                """
                CREATE TABLE employee_keys (
                    employee_id TEXT PRIMARY KEY REFERENCES employees(id),
                    key_sealed BLOB NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE idempotency_keys (
                    scope TEXT PRIMARY KEY,
                    request_hash TEXT NOT NULL,
                    status INTEGER,
                    response_headers TEXT,
                    response_body BLOB,
                    created_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            id: "hr-0003-audit-sequence",
            statements: [
                // Events of one entity in the order they were written, also within one microsecond.
                "ALTER TABLE audit_events ADD COLUMN seq BIGINT",
                "CREATE UNIQUE INDEX audit_events_entity_seq ON audit_events (entity_type, entity_id, seq)",
            ]
        ),
        Migration(
            id: "hr-0004-schedules-calendars-policy",
            statements: [
                """
                CREATE TABLE holiday_calendars (
                    id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX holiday_calendars_code ON holiday_calendars (code)",
                """
                CREATE TABLE holidays (
                    calendar_id TEXT NOT NULL REFERENCES holiday_calendars(id), holiday_date TEXT NOT NULL, name TEXT NOT NULL,
                    PRIMARY KEY (calendar_id, holiday_date)
                )
                """,
                """
                CREATE TABLE work_schedules (
                    id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL,
                    holiday_calendar_id TEXT REFERENCES holiday_calendars(id), version INTEGER NOT NULL,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX work_schedules_code ON work_schedules (code)",
                """
                CREATE TABLE schedule_versions (
                    schedule_id TEXT NOT NULL REFERENCES work_schedules(id), effective_from TEXT NOT NULL, minutes TEXT NOT NULL,
                    PRIMARY KEY (schedule_id, effective_from)
                )
                """,
                """
                CREATE TABLE policy_versions (
                    id TEXT PRIMARY KEY, effective_from TEXT NOT NULL, document TEXT NOT NULL, created_at BIGINT NOT NULL,
                    created_by TEXT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX policy_versions_effective ON policy_versions (effective_from)",
                "ALTER TABLE employees ADD COLUMN schedule_id TEXT REFERENCES work_schedules(id)",
            ]
        ),
        Migration(
            id: "hr-0005-compensation",
            statements: [
                // Effective-dated entries as JSON (amounts are integer minor units); append-only in code.
                "ALTER TABLE employees ADD COLUMN compensation TEXT NOT NULL DEFAULT '[]'",
            ]
        ),
        AttendanceSchema.migration,
        PayrollSchema.migration,
        Migration(
            id: "hr-0008-idempotency-bounds",
            statements: [
                // The digest of the caller's subject, so one caller's keys can be counted; the sweep
                // deletes by age.
                "ALTER TABLE idempotency_keys ADD COLUMN caller TEXT NOT NULL DEFAULT ''",
                "CREATE INDEX idempotency_keys_caller ON idempotency_keys (caller, created_at)",
                "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
            ]
        ),
    ]
}
