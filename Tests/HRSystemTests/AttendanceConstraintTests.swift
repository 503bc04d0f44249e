import Foundation
import HRDomain
import HRStore
import HRSystem
import SQLKit
import Storage
import Testing
import TestSupport

/// The database's own attendance rules, reached by writing around the repository: the backstop
/// when code has a bug (DESIGN §7).
@Suite("Attendance constraints in the database")
struct AttendanceConstraintTests {
    static func insert(_ db: any SQLDatabase, employee: String, from: Int64, to: Int64?, state: String) async throws {
        try await db.raw(
            """
            INSERT INTO attendance_records (id, employee_id, type, work_date, check_in_at, check_out_at, time_zone, state, source,
                version, created_by, updated_by, created_at, updated_at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: employee), 'work', '2026-11-18', \(bind: from), \(bind: to),
                'Asia/Ho_Chi_Minh', \(bind: state), 'import', 1, 't', 't', 0, 0)
            """
        ).run()
    }

    @Test("a second open record and an overlapping interval are refused by the database", arguments: TestDatabases.engines)
    func backstops(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: PayrollAPITests.december) { test, system, client in
            let seeded = try await SyntheticCompany.seed(system.core, employees: 1, period: PayPeriod("2026-10")!, logger: system.core.logger)
            #expect(seeded.employees == 1)
            let employee = try #require(try await system.core.employees.list(EmployeeQuery(), visibility: .all).employees.first?.id)
            let hour: Int64 = 3_600_000_000
            let base: Int64 = 1_795_000_000_000_000
            try await system.core.database.write { db in
                try await Self.insert(db, employee: employee, from: base, to: base + 8 * hour, state: "closed")
            }
            await #expect(throws: StorageError.self, "overlap") {
                try await system.core.database.write { db in
                    try await Self.insert(db, employee: employee, from: base + 7 * hour, to: base + 9 * hour, state: "closed")
                }
            }
            try await system.core.database.write { db in
                try await Self.insert(db, employee: employee, from: base + 8 * hour, to: base + 9 * hour, state: "closed")
                try await Self.insert(db, employee: employee, from: base + 20 * hour, to: nil, state: "open")
            }
            await #expect(throws: StorageError.self, "a second open record") {
                try await system.core.database.write { db in
                    try await Self.insert(db, employee: employee, from: base + 40 * hour, to: nil, state: "open")
                }
            }
            await #expect(throws: StorageError.self, "a record longer than 24 hours") {
                try await system.core.database.write { db in
                    try await Self.insert(db, employee: employee, from: base - 30 * hour, to: base - hour, state: "closed")
                }
            }
        }
    }
}
