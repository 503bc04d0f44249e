import SQLKit
import Storage

/// The attendance table and the rules the database enforces itself (DESIGN §7): one open record
/// per employee (a unique partial index), no overlapping work intervals (an exclusion constraint
/// on PostgreSQL, triggers on SQLite), and the shape of each record (CHECK constraints).
enum AttendanceSchema {
    static let migration = Migration(id: "hr-0006-attendance") { db, engine in
        try await db.raw("ALTER TABLE schedule_versions ADD COLUMN start_time TEXT").run()
        try await db.raw(
            """
            CREATE TABLE attendance_records (
                id TEXT PRIMARY KEY,
                employee_id TEXT NOT NULL REFERENCES employees(id),
                type TEXT NOT NULL CHECK (type IN ('work', 'paid_leave', 'unpaid_leave')),
                work_date TEXT NOT NULL,
                check_in_at BIGINT,
                check_out_at BIGINT,
                time_zone TEXT NOT NULL,
                day_fraction TEXT CHECK (day_fraction IN ('1', '0.5')),
                state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'voided')),
                source TEXT NOT NULL CHECK (source IN ('self_service', 'manager', 'hr_manual', 'import')),
                note TEXT,
                location TEXT,
                version INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                CHECK (type = 'work' OR (check_in_at IS NULL AND check_out_at IS NULL AND day_fraction IS NOT NULL AND state <> 'open')),
                CHECK (type <> 'work' OR (check_in_at IS NOT NULL AND day_fraction IS NULL)),
                CHECK (check_out_at IS NULL OR (check_out_at > check_in_at AND check_out_at - check_in_at <= 86400000000)),
                CHECK (state = 'voided' OR (state = 'open') = (type = 'work' AND check_out_at IS NULL))
            )
            """
        ).run()
        try await db.raw("CREATE UNIQUE INDEX attendance_one_open ON attendance_records (employee_id) WHERE state = 'open'").run()
        try await db.raw(
            """
            CREATE UNIQUE INDEX attendance_one_full_leave ON attendance_records (employee_id, work_date)
            WHERE type <> 'work' AND state <> 'voided' AND day_fraction = '1'
            """
        ).run()
        try await db.raw("CREATE INDEX attendance_employee_date ON attendance_records (employee_id, work_date)").run()
        try await db.raw("CREATE INDEX attendance_date ON attendance_records (work_date)").run()
        switch engine {
        case .postgres:
            // Half-open ranges ('[)'): a check-out equal to the next check-in does not overlap. An
            // open record claims all time after its check-in until it is closed.
            try await db.raw("CREATE EXTENSION IF NOT EXISTS btree_gist").run()
            try await db.raw(
                """
                ALTER TABLE attendance_records ADD CONSTRAINT attendance_no_overlap EXCLUDE USING gist (
                    employee_id WITH =, int8range(check_in_at, COALESCE(check_out_at, 9223372036854775807)) WITH &&
                ) WHERE (type = 'work' AND state <> 'voided')
                """
            ).run()
        case .sqlite:
            for event in ["INSERT", "UPDATE"] {
                try await db.raw(
                    """
                        CREATE TRIGGER attendance_no_overlap_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON attendance_records
                        WHEN NEW.type = 'work' AND NEW.state <> 'voided'
                        BEGIN
                            SELECT RAISE(ABORT, 'attendance_no_overlap') WHERE EXISTS (
                                SELECT 1 FROM attendance_records r
                                WHERE r.employee_id = NEW.employee_id AND r.id <> NEW.id AND r.type = 'work' AND r.state <> 'voided'
                                    AND r.check_in_at < COALESCE(NEW.check_out_at, 9223372036854775807)
                                    AND NEW.check_in_at < COALESCE(r.check_out_at, 9223372036854775807)
                            );
                        END
                        """
                ).run()
            }
        }
    }
}
