import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

/// Payroll through the real router, on both databases (DESIGN §6): periods freeze payslips,
/// everyone but HR reads only their own, totals cover the whole filtered set per currency.
@Suite("Payroll API")
struct PayrollAPITests {
    /// 10:00 in Ho Chi Minh City, 10 December 2026: November is over.
    static let december = Date(timeIntervalSince1970: 1_796_871_600)

    typealias Call = AttendanceAPITests.Call

    static func hire(
        _ call: Call, _ token: String, _ number: String, login: String? = nil, issuer: String, currency: String = "VND", base: Int64,
        hired: String = "2026-01-05"
    ) async throws -> String {
        var body: [String: Any] = [
            "employeeNumber": number, "firstName": "Pay", "lastName": number, "workEmail": "\(number.lowercased())@example.com",
            "employmentType": "full_time", "hireDate": hired, "timeZone": "Asia/Ho_Chi_Minh",
            "compensation": [
                ["effectiveFrom": hired, "payType": "monthly", "currency": currency, "components": [["code": "BASE", "kind": "base", "amountMinor": base]]]
            ],
        ]
        if let login {
            body["issuer"] = issuer
            body["userSub"] = login
        }
        let created = try await call.send(.post, "/api/v1/employees", token, body)
        #expect(created.status == .created, "\(created.json)")
        return try #require(created.json["id"] as? String)
    }

    /// Every November weekday 08:00–17:00 local (480 minutes after the break).
    static func fullNovember(_ call: Call, _ token: String, _ employeeID: String) async throws -> [String] {
        var ids: [String] = []
        for day in [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30] {
            let date = String(format: "2026-11-%02d", day)
            let r = try await call.send(
                .post, "/api/v1/attendance", token,
                AttendanceAPITests.work(employeeID, "\(date)T08:00:00+07:00", "\(date)T17:00:00+07:00"))
            #expect(r.status == .created)
            ids.append(try #require(r.json["id"] as? String))
        }
        return ids
    }

    @Test("closing freezes payslips; writes into the closed month are 423; reopening lets them change", arguments: TestDatabases.engines)
    func closeAndReopen(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.december) { test, system, client in
            let call = Call(client: client)
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"]).accessToken
            let id = try await Self.hire(call, admin, "P1", issuer: system.issuer, base: 21_000_000)
            let records = try await Self.fullNovember(call, admin, id)
            let draft = try await call.send(.get, "/api/v1/payroll?period=2026-11&employeeId=\(id)", admin)
            #expect(draft.status == .ok)
            #expect(draft.json["status"] as? String == "draft")
            let slip = try #require((draft.json["data"] as? [[String: Any]])?.first)
            #expect(slip["netMinor"] as? Int == 21_000_000)
            #expect((slip["inputsDigest"] as? String)?.hasPrefix("sha256:") == true)

            let closed = try await call.send(.post, "/api/v1/payroll/periods/2026-11/close", admin)
            #expect(closed.status == .ok, "\(closed.json)")
            #expect(closed.json["state"] as? String == "closed")
            #expect(closed.json["payslips"] as? Int == 1)
            #expect(try await call.send(.post, "/api/v1/payroll/periods/2026-11/close", admin).status == .conflict)
            #expect(try await call.send(.post, "/api/v1/payroll/periods/2026-12/close", admin).json["code"] as? String == "period_not_ended")

            // Every write dated inside the closed month is refused, and the payslip does not move.
            let late = try await call.send(
                .post, "/api/v1/attendance", admin, ["employeeId": id, "type": "unpaid_leave", "workDate": "2026-11-28", "reason": "x"])
            #expect(late.status.code == 423)
            #expect(late.json["code"] as? String == "period_locked")
            let correction = ["checkOutAt": "2026-11-02T12:00:00+07:00", "reason": "left at noon"]
            let locked = try await call.send(.put, "/api/v1/attendance/\(records[0])", admin, correction, ifMatch: "\"1\"")
            #expect(locked.status.code == 423)
            let employee = try await call.send(.get, "/api/v1/employees/\(id)", admin)
            var body = employee.json
            for key in ["id", "version", "createdAt", "updatedAt", "department", "terminationDate", "terminationReason", "status"] { body[key] = nil }
            var pay = body["compensation"] as? [[String: Any]] ?? []
            pay.append(["effectiveFrom": "2026-11-15", "payType": "monthly", "currency": "VND", "components": [["code": "BASE", "kind": "base", "amountMinor": 30_000_000]]])
            body["compensation"] = pay
            let raise = try await call.send(.put, "/api/v1/employees/\(id)", admin, body, ifMatch: employee.etag)
            #expect(raise.status.code == 423, "a raise reaching into a closed month")
            let backdated = try await call.send(
                .post, "/api/v1/employees", admin,
                [
                    "employeeNumber": "P2", "firstName": "Late", "lastName": "Hire", "workEmail": "p2@example.com", "employmentType": "full_time",
                    "hireDate": "2026-11-10",
                    "compensation": [["effectiveFrom": "2026-11-10", "payType": "monthly", "currency": "VND", "components": [["code": "BASE", "kind": "base", "amountMinor": 9_000_000]]]],
                ])
            #expect(backdated.status.code == 423, "a hire paid from inside a closed month")
            let manual = try await call.send(.post, "/api/v1/attendance", admin, AttendanceAPITests.work(id, "2026-11-28T08:00:00+07:00", "2026-11-28T12:00:00+07:00"))
            #expect(manual.json["code"] as? String == "period_locked")
            let void = try await call.send(.put, "/api/v1/attendance/\(records[1])", admin, ["state": "voided", "reason": "x"], ifMatch: "\"1\"")
            #expect(void.status.code == 423)
            let final = try await call.send(.get, "/api/v1/payroll?period=2026-11&employeeId=\(id)", admin)
            #expect(final.json["status"] as? String == "final")
            #expect((final.json["data"] as? [[String: Any]])?.first?["netMinor"] as? Int == 21_000_000)

            let reopened = try await call.send(.post, "/api/v1/payroll/periods/2026-11/reopen", admin, ["reason": "late correction"])
            #expect(reopened.status == .ok)
            #expect(reopened.json["state"] as? String == "open")
            let fixed = try await call.send(.put, "/api/v1/attendance/\(records[0])", admin, correction, ifMatch: "\"1\"")
            #expect(fixed.status == .ok)
            let after = try await call.send(.get, "/api/v1/payroll?period=2026-11&employeeId=\(id)", admin)
            #expect(after.json["status"] as? String == "draft")
            let changed = try #require((after.json["data"] as? [[String: Any]])?.first)
            #expect(changed["netMinor"] as? Int == 20_500_000, "half a day unpaid: 21,000,000 × 20.5 / 21")
            #expect(changed["inputsDigest"] as? String != slip["inputsDigest"] as? String)
        }
    }

    @Test("an employee and a manager read only their own payslip", arguments: TestDatabases.engines)
    func ownSlipOnly(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.december) { test, system, client in
            let call = Call(client: client)
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"]).accessToken
            let worker = try await system.signedInUser("worker", groups: ["employee"])
            let boss = try await system.signedInUser("boss", groups: ["manager", "employee"])
            let workerID = try await Self.hire(call, admin, "W1", login: worker.user.sub, issuer: system.issuer, base: 10_000_000)
            let bossID = try await Self.hire(call, admin, "B1", login: boss.user.sub, issuer: system.issuer, base: 30_000_000)
            let mine = try await call.send(.get, "/api/v1/payroll?period=2026-11", worker.accessToken)
            #expect(mine.status == .ok)
            #expect((mine.json["data"] as? [[String: Any]])?.compactMap { ($0["employee"] as? [String: Any])?["id"] as? String } == [workerID])
            #expect(try await call.send(.get, "/api/v1/payroll?period=2026-11&employeeId=\(bossID)", worker.accessToken).status == .notFound)
            #expect(try await call.send(.get, "/api/v1/payroll?period=2026-11&employeeId=\(workerID)", boss.accessToken).status == .notFound)
            let bossView = try await call.send(.get, "/api/v1/payroll?period=2026-11&totals=true", boss.accessToken)
            #expect((bossView.json["data"] as? [Any])?.count == 1)
            #expect((bossView.json["totals"] as? [[String: Any]])?.first?["employees"] as? Int == 1)
            #expect(try await call.send(.post, "/api/v1/payroll/periods/2026-11/close", boss.accessToken).status == .forbidden)
            #expect(try await call.send(.post, "/api/v1/payroll/periods/2026-11/close", worker.accessToken).status == .forbidden)
            #expect(try await call.send(.post, "/api/v1/payroll/periods/2026-11/reopen", boss.accessToken).status == .forbidden)
            let reopenOpen = try await call.send(.post, "/api/v1/payroll/periods/2026-11/reopen", admin)
            #expect(reopenOpen.status == .conflict)
            #expect(reopenOpen.json["code"] as? String == "period_not_closed")
            let nobody = try await system.signedInUser("nobody", groups: [])
            #expect(try await call.send(.get, "/api/v1/payroll?period=2026-11", nobody.accessToken).status == .forbidden)
            let unlinked = try await system.signedInUser("unlinked", groups: ["employee"])
            #expect(try await call.send(.get, "/api/v1/payroll?period=2026-11", unlinked.accessToken).status == .notFound)
        }
    }

    @Test("totals cover the whole filtered set, per currency; bad periods are refused", arguments: TestDatabases.engines)
    func totalsAndPeriods(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.december) { test, system, client in
            let call = Call(client: client)
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"]).accessToken
            // No attendance in November: every scheduled day is unmarked, so pay is 0; October is a past
            // month without records too. Use unmarkedCountsAs = present to pay the full salary.
            let policy = try await call.send(.post, "/api/v1/policy", admin, ["effectiveFrom": "2026-01-01", "policy": ["attendance": ["unmarkedCountsAs": "present"]]])
            #expect(policy.status == .created || policy.status == .ok, "\(policy.json)")
            _ = try await Self.hire(call, admin, "V1", issuer: system.issuer, base: 10_000_000)
            _ = try await Self.hire(call, admin, "V2", issuer: system.issuer, base: 12_000_000)
            _ = try await Self.hire(call, admin, "U1", issuer: system.issuer, currency: "USD", base: 500_000)
            let late = try await Self.hire(call, admin, "L1", issuer: system.issuer, base: 9_000_000, hired: "2026-12-01")
            let page = try await call.send(.get, "/api/v1/payroll?period=2026-11&totals=true&limit=1", admin)
            #expect(page.status == .ok)
            #expect((page.json["data"] as? [Any])?.count == 1)
            #expect((page.json["meta"] as? [String: Any])?["total"] as? Int == 3)
            let totals = try #require(page.json["totals"] as? [[String: Any]])
            #expect(totals.count == 2)
            let vnd = try #require(totals.first { $0["currency"] as? String == "VND" })
            #expect(vnd["employees"] as? Int == 2)
            #expect(vnd["grossMinor"] as? Int == 22_000_000)
            #expect(vnd["netMinor"] as? Int == 22_000_000)
            let usd = try #require(totals.first { $0["currency"] as? String == "USD" })
            #expect(usd["grossMinor"] as? Int == 500_000)
            #expect(try await call.send(.get, "/api/v1/payroll?period=2026-11&employeeId=\(late)", admin).json["code"] as? String == "no_employment_in_period")
            #expect(try await call.send(.get, "/api/v1/payroll?period=2027-01", admin).json["code"] as? String == "future_period")
            #expect(try await call.send(.get, "/api/v1/payroll?period=2026-13", admin).status == .badRequest)
            #expect(try await call.send(.get, "/api/v1/payroll", admin).status == .badRequest)
            let current = try await call.send(.get, "/api/v1/payroll?period=2026-12", admin)
            #expect(current.json["status"] as? String == "provisional")
            #expect(current.json["asOf"] as? String == "2026-12-10")
        }
    }

    @Test("a payslip that cannot be computed names its employee, for the list and for the close", arguments: TestDatabases.engines)
    func uncomputableSlipNamesEmployee(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.december) { _, system, client in
            let call = Call(client: client)
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"]).accessToken
            let fine = try await Self.hire(call, admin, "P1", issuer: system.issuer, base: 21_000_000)
            let created = try await call.send(
                .post, "/api/v1/employees", admin,
                [
                    "employeeNumber": "MIX-7", "firstName": "Pay", "lastName": "Mixed", "workEmail": "mix7@example.com",
                    "employmentType": "full_time", "hireDate": "2026-01-05", "timeZone": "Asia/Ho_Chi_Minh",
                    "compensation": [
                        ["effectiveFrom": "2026-01-05", "payType": "monthly", "currency": "VND",
                         "components": [["code": "BASE", "kind": "base", "amountMinor": 20_000_000]]],
                        ["effectiveFrom": "2026-11-16", "payType": "monthly", "currency": "USD",
                         "components": [["code": "BASE", "kind": "base", "amountMinor": 90_000]]],
                    ],
                ] as [String: Any])
            #expect(created.status == .created, "\(created.json)")
            let mixed = try #require(created.json["id"] as? String)

            let list = try await call.send(.get, "/api/v1/payroll?period=2026-11", admin)
            #expect(list.status.code == 422)
            #expect(list.json["code"] as? String == "mixed_currency")
            let detail = try #require(list.json["detail"] as? String)
            #expect(detail.contains("MIX-7") && detail.contains(mixed), "HR must be able to tell whose pay to fix: \(detail)")
            #expect(!detail.contains("P1"))

            let close = try await call.send(.post, "/api/v1/payroll/periods/2026-11/close", admin)
            #expect(close.status.code == 422)
            #expect((close.json["detail"] as? String)?.contains("MIX-7") == true)

            // The others are still readable one by one while the broken record is fixed.
            let one = try await call.send(.get, "/api/v1/payroll?period=2026-11&employeeId=\(fine)", admin)
            #expect(one.status == .ok)
        }
    }
}
