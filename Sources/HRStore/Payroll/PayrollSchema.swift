import Storage

/// Pay periods and the payslips frozen when one closes.
enum PayrollSchema {
    static let migration = Migration(
        id: "hr-0007-payroll",
        statements: [
            """
            CREATE TABLE payroll_periods (
                period TEXT PRIMARY KEY,
                state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
                closed_at BIGINT,
                closed_by TEXT,
                version INTEGER NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            // One snapshot per employee and closed period: the payslip as paid, its inputs' digest
            // and the policy version it used; money columns repeat the document for totals.
            """
            CREATE TABLE payslips (
                period TEXT NOT NULL,
                employee_id TEXT NOT NULL REFERENCES employees(id),
                employee_number TEXT NOT NULL,
                department_id TEXT,
                currency TEXT NOT NULL,
                gross_minor BIGINT NOT NULL,
                deductions_minor BIGINT NOT NULL,
                net_minor BIGINT NOT NULL,
                inputs_digest TEXT NOT NULL,
                policy_version TEXT NOT NULL,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (period, employee_id)
            )
            """,
        ])
}
