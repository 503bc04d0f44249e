import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

/// The attendance API through the real router, on both databases (DESIGN §5 attendance).
@Suite("Attendance API")
struct AttendanceAPITests {
    /// 10:00 in Ho Chi Minh City on a Friday.
    static let noon = Date(timeIntervalSince1970: 1_795_143_600)  // 2026-11-20T03:00:00Z

    static func json(_ value: Any?) -> [String: Any] { (value as? [String: Any]) ?? [:] }

    struct Call {
        let client: any TestClientProtocol
        func send(_ method: HTTPRequest.Method, _ uri: String, _ token: String, _ body: [String: Any]? = nil, ifMatch: String? = nil)
            async throws -> (status: HTTPResponse.Status, json: [String: Any], etag: String?)
        {
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            if let ifMatch { headers[.ifMatch] = ifMatch }
            var buffer: ByteBuffer?
            if let body {
                headers[.contentType] = "application/json"
                buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            }
            let response = try await client.execute(uri: uri, method: method, headers: headers, body: buffer)
            return (response.status, AttendanceAPITests.json(try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))), response.headers[.eTag])
        }
    }

    /// hr_admin, a manager with one report, that report, an outsider and a caller with no group, each linked to an employee.
    struct Cast {
        var hr, manager, report, outsider, nobody: (token: String, employeeID: String)
    }

    static func cast(_ system: HRSystemApplication, _ call: Call) async throws -> Cast {
        var tokens: [String: (String, String)] = [:]
        let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
        var managerID: String?
        for (name, groups) in [("hr", ["hr_admin"]), ("manager", ["manager", "employee"]), ("report", ["employee"]), ("outsider", ["employee"]), ("nobody", [])] {
            let user = name == "hr" ? admin : try await system.signedInUser(name, groups: groups)
            var body: [String: Any] = [
                "employeeNumber": "E-\(name)", "firstName": name.capitalized, "lastName": "Test", "workEmail": "\(name)@example.com",
                "employmentType": "full_time", "hireDate": "2026-01-05", "timeZone": "Asia/Ho_Chi_Minh",
                "issuer": system.issuer, "userSub": user.user.sub,
            ]
            if name == "report" { body["managerId"] = managerID }
            let created = try await call.send(.post, "/api/v1/employees", admin.accessToken, body)
            #expect(created.status == .created, "hire \(name): \(created.json)")
            let id = try #require(created.json["id"] as? String)
            if name == "manager" { managerID = id }
            tokens[name] = (user.accessToken, id)
        }
        return Cast(hr: tokens["hr"]!, manager: tokens["manager"]!, report: tokens["report"]!, outsider: tokens["outsider"]!, nobody: tokens["nobody"]!)
    }

    static func work(_ employeeID: String, _ checkIn: String, _ checkOut: String, zone: String? = "Asia/Ho_Chi_Minh") -> [String: Any] {
        var body: [String: Any] = ["employeeId": employeeID, "type": "work", "checkInAt": checkIn, "checkOutAt": checkOut, "reason": "forgot to clock"]
        if let zone { body["timeZone"] = zone }
        return body
    }

    @Test("check in, a second check-in names the open record, check out computes worked time", arguments: TestDatabases.engines)
    func checkInAndOut(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.noon.addingTimeInterval(-2 * 3600)) { test, system, client in
            let call = Call(client: client)
            let cast = try await Self.cast(system, call)
            let first = try await call.send(.post, "/api/v1/attendance", cast.report.token, ["action": "check_in", "location": "HQ"])
            #expect(first.status == .created)
            #expect(first.json["state"] as? String == "open")
            #expect(first.json["workDate"] as? String == "2026-11-20")
            #expect(first.json["source"] as? String == "self_service")
            #expect(first.json["checkInAt"] as? String == "2026-11-20T01:00:00.000Z")
            let again = try await call.send(.post, "/api/v1/attendance", cast.report.token, ["action": "check_in"])
            #expect(again.status == .conflict)
            #expect(again.json["code"] as? String == "already_checked_in")
            #expect(again.json["recordId"] as? String == first.json["id"] as? String)

            test.clock.advance(by: 9 * 3600)  // 17:00 local
            let token = try await system.freshToken("report")
            let out = try await call.send(.post, "/api/v1/attendance", token, ["action": "check_out"])
            #expect(out.status == .ok)
            #expect(out.json["id"] as? String == first.json["id"] as? String)
            #expect(out.json["state"] as? String == "closed")
            #expect(out.json["workedMinutes"] as? Int == 480, "9 h less the 60-minute break")
            #expect(out.json["overtimeMinutes"] as? Int == 0)
            #expect(out.etag == "\"2\"")
            let none = try await call.send(.post, "/api/v1/attendance", token, ["action": "check_out"])
            #expect(none.status == .conflict)
            #expect(none.json["code"] as? String == "not_checked_in")
            let bad = try await call.send(.post, "/api/v1/attendance", token, ["action": "clock_in"])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("a night shift is closed the next morning and keeps its check-in's date", arguments: TestDatabases.engines)
    func nightShift(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.noon.addingTimeInterval(12 * 3600)) { test, system, client in
            let call = Call(client: client)
            let cast = try await Self.cast(system, call)
            let open = try await call.send(.post, "/api/v1/attendance", cast.report.token, ["action": "check_in"])
            #expect(open.status == .created)
            test.clock.advance(by: 8 * 3600)  // 06:00 the next day
            let closed = try await call.send(.post, "/api/v1/attendance", try await system.freshToken("report"), ["action": "check_out"])
            #expect(closed.status == .ok)
            #expect(closed.json["workDate"] as? String == "2026-11-20")
            #expect((closed.json["flags"] as? [String])?.contains("night_shift") == true)
        }
    }

    @Test("ten concurrent check-ins of one employee: exactly one succeeds", arguments: TestDatabases.engines)
    func concurrentCheckIns(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.noon) { test, system, client in
            let call = Call(client: client)
            let cast = try await Self.cast(system, call)
            let token = cast.report.token
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await call.send(.post, "/api/v1/attendance", token, ["action": "check_in"]).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 9)
            let list = try await call.send(.get, "/api/v1/attendance?employeeId=\(cast.report.employeeID)", cast.hr.token)
            #expect((list.json["data"] as? [Any])?.count == 1)
        }
    }

    @Test("every attendance RBAC row for each role", arguments: TestDatabases.engines)
    func rbac(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.noon) { test, system, client in
            let call = Call(client: client)
            let c = try await Self.cast(system, call)
            // Self-service check-in: every recognised role; no group → 403.
            for (who, status) in [(c.hr, HTTPResponse.Status.created), (c.manager, .created), (c.report, .created), (c.nobody, .forbidden)] {
                #expect(try await call.send(.post, "/api/v1/attendance", who.token, ["action": "check_in"]).status == status)
            }
            // Manual entries: HR for anyone (itself included), a manager for the team only.
            let day = "2026-11-18T01:00:00Z", end = "2026-11-18T10:00:00Z"
            let byHR = try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(c.outsider.employeeID, day, end))
            #expect(byHR.status == .created)
            #expect(byHR.json["source"] as? String == "hr_manual")
            #expect(try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(c.hr.employeeID, day, end)).status == .created)
            let byManager = try await call.send(.post, "/api/v1/attendance", c.manager.token, Self.work(c.report.employeeID, day, end))
            #expect(byManager.status == .created)
            #expect(byManager.json["source"] as? String == "manager")
            #expect(try await call.send(.post, "/api/v1/attendance", c.manager.token, Self.work(c.outsider.employeeID, "2026-11-17T01:00:00Z", "2026-11-17T10:00:00Z")).status == .notFound)
            #expect(try await call.send(.post, "/api/v1/attendance", c.manager.token, Self.work(c.manager.employeeID, day, end)).status == .forbidden)
            #expect(try await call.send(.post, "/api/v1/attendance", c.report.token, Self.work(c.report.employeeID, "2026-11-17T01:00:00Z", "2026-11-17T10:00:00Z")).status == .forbidden)
            #expect(try await call.send(.post, "/api/v1/attendance", c.nobody.token, Self.work(c.report.employeeID, "2026-11-17T01:00:00Z", "2026-11-17T10:00:00Z")).status == .forbidden)
            let leave = ["employeeId": c.report.employeeID, "type": "paid_leave", "workDate": "2026-11-16", "dayFraction": "1", "reason": "annual leave"]
            #expect(try await call.send(.post, "/api/v1/attendance", c.report.token, leave).status == .forbidden)
            #expect(try await call.send(.post, "/api/v1/attendance", c.manager.token, leave).status == .created)
            let noReason = ["employeeId": c.report.employeeID, "type": "paid_leave", "workDate": "2026-11-13"]
            let refused = try await call.send(.post, "/api/v1/attendance", c.manager.token, noReason)
            #expect(refused.status == .badRequest)
            #expect(((refused.json["errors"] as? [[String: Any]])?.first?["field"] as? String) == "/reason")

            let reportRecord = try #require(byManager.json["id"] as? String)
            let outsiderRecord = try #require(byHR.json["id"] as? String)
            let managerOwn = try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(c.manager.employeeID, day, end))
            let managerRecord = try #require(managerOwn.json["id"] as? String)
            // Reads: HR all; the manager team and self; the employee self.
            for (who, record, status) in [
                (c.hr, outsiderRecord, HTTPResponse.Status.ok), (c.manager, reportRecord, .ok), (c.manager, managerRecord, .ok),
                (c.manager, outsiderRecord, .notFound), (c.report, reportRecord, .ok), (c.report, managerRecord, .notFound),
                (c.nobody, reportRecord, .forbidden),
            ] {
                #expect(try await call.send(.get, "/api/v1/attendance/\(record)", who.token).status == status)
            }
            // History: HR and the manager of the team; not the employee, not the manager's own.
            let history = try await call.send(.get, "/api/v1/attendance/\(reportRecord)?include=history", c.hr.token)
            #expect(history.status == .ok)
            let events = try #require(history.json["history"] as? [[String: Any]])
            #expect(events.first?["action"] as? String == "created")
            #expect(events.first?["reason"] as? String == "forgot to clock")
            #expect(try await call.send(.get, "/api/v1/attendance/\(reportRecord)?include=history", c.manager.token).status == .ok)
            #expect(try await call.send(.get, "/api/v1/attendance/\(reportRecord)?include=history", c.report.token).status == .forbidden)
            #expect(try await call.send(.get, "/api/v1/attendance/\(managerRecord)?include=history", c.manager.token).status == .forbidden)
            // Corrections: HR any (own too); the manager the team, not their own; the employee never.
            let fix = ["checkOutAt": "2026-11-18T09:30:00Z", "reason": "left early, approved"]
            #expect(try await call.send(.put, "/api/v1/attendance/\(reportRecord)", c.report.token, fix, ifMatch: "\"1\"").status == .forbidden)
            #expect(try await call.send(.put, "/api/v1/attendance/\(managerRecord)", c.manager.token, fix, ifMatch: "\"1\"").status == .forbidden)
            #expect(try await call.send(.put, "/api/v1/attendance/\(outsiderRecord)", c.manager.token, fix, ifMatch: "\"1\"").status == .notFound)
            #expect(try await call.send(.put, "/api/v1/attendance/\(reportRecord)", c.manager.token, fix, ifMatch: "\"1\"").status == .ok)
            #expect(try await call.send(.put, "/api/v1/attendance/\(managerRecord)", c.hr.token, fix, ifMatch: "\"1\"").status == .ok)
            // Lists: each caller sees only visible employees.
            let reportView = try await call.send(.get, "/api/v1/attendance?from=2026-11-01&to=2026-11-30", c.report.token)
            #expect(Set((reportView.json["data"] as? [[String: Any]] ?? []).compactMap { $0["employeeId"] as? String }) == [c.report.employeeID])
            let managerView = try await call.send(.get, "/api/v1/attendance?from=2026-11-01&to=2026-11-30", c.manager.token)
            #expect(Set((managerView.json["summaries"] as? [[String: Any]] ?? []).compactMap { $0["employeeId"] as? String }) == [c.report.employeeID, c.manager.employeeID])
            #expect(try await call.send(.get, "/api/v1/attendance?employeeId=\(c.outsider.employeeID)", c.manager.token).status == .notFound)
            #expect(try await call.send(.get, "/api/v1/attendance", c.nobody.token).status == .forbidden)
            #expect(try await call.send(.get, "/api/v1/attendance?employeeId=\(c.outsider.employeeID)", c.report.token).status == .notFound)
            #expect(try await call.send(.put, "/api/v1/attendance/\(outsiderRecord)", c.report.token, fix, ifMatch: "\"1\"").status == .notFound)
            #expect(try await call.send(.get, "/api/v1/attendance/\(outsiderRecord)?include=history", c.manager.token).status == .notFound)
            let outsiderLeave = ["employeeId": c.outsider.employeeID, "type": "paid_leave", "workDate": "2026-11-13", "reason": "x"]
            #expect(try await call.send(.post, "/api/v1/attendance", c.manager.token, outsiderLeave).status == .notFound)
        }
    }

    @Test("corrections need If-Match and a reason; voided records count for nothing", arguments: TestDatabases.engines)
    func corrections(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.noon) { test, system, client in
            let call = Call(client: client)
            let c = try await Self.cast(system, call)
            let created = try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(c.report.employeeID, "2026-11-18T01:00:00Z", "2026-11-18T10:00:00Z"))
            let id = try #require(created.json["id"] as? String)
            let fix: [String: Any] = ["checkInAt": "2026-11-18T08:30:00+07:00", "reason": "badge reader fault"]
            let missing = try await call.send(.put, "/api/v1/attendance/\(id)", c.hr.token, fix)
            #expect(missing.status == .preconditionRequired)
            #expect(missing.json["code"] as? String == "if_match_required")
            let noReason = try await call.send(.put, "/api/v1/attendance/\(id)", c.hr.token, ["checkInAt": "2026-11-18T08:30:00+07:00"], ifMatch: "\"1\"")
            #expect(noReason.status == .badRequest)
            let fixed = try await call.send(.put, "/api/v1/attendance/\(id)", c.hr.token, fix, ifMatch: "\"1\"")
            #expect(fixed.status == .ok)
            #expect(fixed.json["checkInAt"] as? String == "2026-11-18T01:30:00.000Z")
            #expect(fixed.json["lateMinutes"] as? Int == 0, "the default schedule names no start time")
            #expect(fixed.json["version"] as? Int == 2)
            let stale = try await call.send(.put, "/api/v1/attendance/\(id)", c.hr.token, fix, ifMatch: "\"1\"")
            #expect(stale.status == .preconditionFailed)
            #expect(stale.json["code"] as? String == "version_mismatch")
            let voided = try await call.send(.put, "/api/v1/attendance/\(id)", c.hr.token, ["state": "voided", "reason": "duplicate entry"], ifMatch: "\"2\"")
            #expect(voided.status == .ok)
            #expect(voided.json["state"] as? String == "voided")
            #expect(voided.json["workedMinutes"] as? Int == 0)
            let again = try await call.send(.put, "/api/v1/attendance/\(id)", c.hr.token, fix, ifMatch: "\"3\"")
            #expect(again.status == .conflict)
            #expect(again.json["code"] as? String == "record_voided")
            // The voided interval no longer blocks a new one.
            let replacement = try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(c.report.employeeID, "2026-11-18T01:00:00Z", "2026-11-18T10:00:00Z"))
            #expect(replacement.status == .created)
            let history = try await call.send(.get, "/api/v1/attendance/\(id)?include=history", c.hr.token)
            #expect((history.json["history"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["created", "corrected", "voided"])
        }
    }

    @Test("bad input: naive timestamps, zones, future, overlap, length, employment", arguments: TestDatabases.engines)
    func validation(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.noon) { test, system, client in
            let call = Call(client: client)
            let c = try await Self.cast(system, call)
            func post(_ body: [String: Any]) async throws -> (HTTPResponse.Status, String?, [String: Any]) {
                let r = try await call.send(.post, "/api/v1/attendance", c.hr.token, body)
                return (r.status, r.json["code"] as? String, r.json)
            }
            let e = c.report.employeeID
            let naive = try await post(Self.work(e, "2026-11-18T08:00:00", "2026-11-18T17:00:00+07:00"))
            #expect(naive.0 == .badRequest)
            #expect(((naive.2["errors"] as? [[String: Any]])?.first?["field"] as? String) == "/checkInAt")
            #expect(try await post(Self.work(e, "2026-11-18T01:00:00Z", "2026-11-18T10:00:00Z", zone: "UTC+7")).0 == .badRequest)
            let utc = try await post(Self.work(e, "2026-11-17T23:30:00Z", "2026-11-18T00:30:00Z", zone: "UTC"))
            #expect(utc.0 == .created)
            #expect(utc.2["workDate"] as? String == "2026-11-17", "the record's own zone decides its date")
            #expect(try await post(Self.work(e, "2026-11-20T02:00:00Z", "2026-11-20T03:05:00Z")).1 == "future_timestamp")
            #expect(try await post(Self.work(e, "2026-11-19T10:00:00Z", "2026-11-19T09:00:00Z")).1 == "checkout_before_checkin")
            #expect(try await post(Self.work(e, "2026-11-19T10:00:00Z", "2026-11-19T10:00:00Z")).1 == "zero_length_record")
            #expect(try await post(Self.work(e, "2026-11-10T00:00:00Z", "2026-11-11T00:00:01Z")).1 == "record_too_long")
            #expect(try await post(Self.work(e, "2025-12-01T01:00:00Z", "2025-12-01T09:00:00Z")).1 == "outside_employment")
            let morning = try await post(Self.work(e, "2026-11-19T01:00:00Z", "2026-11-19T05:00:00Z"))
            #expect(morning.0 == .created)
            let overlap = try await post(Self.work(e, "2026-11-19T04:00:00Z", "2026-11-19T09:00:00Z"))
            #expect(overlap.0 == .conflict)
            #expect(overlap.1 == "overlapping_record")
            #expect(overlap.2["recordId"] as? String == morning.2["id"] as? String)
            #expect(try await post(Self.work(e, "2026-11-19T05:00:00Z", "2026-11-19T09:00:00Z")).0 == .created, "touching intervals do not overlap")
            let fullLeave = ["employeeId": e, "type": "paid_leave", "workDate": "2026-11-19", "dayFraction": "1", "reason": "sick"]
            #expect(try await post(fullLeave).1 == "overlapping_record", "a full day of leave on a worked date")
            let half = ["employeeId": e, "type": "unpaid_leave", "workDate": "2026-11-16", "dayFraction": "0.5", "reason": "errand"]
            #expect(try await post(half).0 == .created)
            #expect(try await post(half).0 == .created, "two half days make one")
            #expect(try await post(half).1 == "overlapping_record", "a third half day is too much")
            #expect(try await post(["employeeId": e, "type": "paid_leave", "workDate": "2026-11-16", "dayFraction": "0.25", "reason": "x"]).0 == .badRequest)

            // A suspended employee cannot clock in.
            let employee = try await call.send(.get, "/api/v1/employees/\(c.outsider.employeeID)", c.hr.token)
            var body = employee.json
            body["status"] = "inactive"
            for key in ["id", "version", "createdAt", "updatedAt", "department", "terminationDate", "terminationReason"] { body[key] = nil }
            let suspended = try await call.send(.put, "/api/v1/employees/\(c.outsider.employeeID)", c.hr.token, body, ifMatch: employee.etag)
            #expect(suspended.status == .ok, "\(suspended.json)")
            let refused = try await call.send(.post, "/api/v1/attendance", c.outsider.token, ["action": "check_in"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.json["code"] as? String == "employee_not_active")
        }
    }

    @Test("a range lists records and summarises every employee over the whole range", arguments: TestDatabases.engines)
    func rangeAndSummaries(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: Self.noon) { test, system, client in
            let call = Call(client: client)
            let c = try await Self.cast(system, call)
            let e = c.report.employeeID
            // Mon 16 – Thu 19 November: three full days and one long one, and a Saturday before.
            for day in 16...18 {
                #expect(try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(e, "2026-11-\(day)T01:00:00Z", "2026-11-\(day)T10:00:00Z")).status == .created)
            }
            #expect(try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(e, "2026-11-19T01:00:00Z", "2026-11-19T13:00:00Z")).status == .created)
            #expect(try await call.send(.post, "/api/v1/attendance", c.hr.token, Self.work(e, "2026-11-14T01:00:00Z", "2026-11-14T05:00:00Z")).status == .created)
            let page = try await call.send(.get, "/api/v1/attendance?employeeId=\(e)&from=2026-11-14&to=2026-11-20&limit=2", c.hr.token)
            #expect(page.status == .ok)
            #expect((page.json["data"] as? [Any])?.count == 2)
            #expect((page.json["meta"] as? [String: Any])?["total"] as? Int == 5)
            let summary = try #require((page.json["summaries"] as? [[String: Any]])?.first)
            #expect(summary["workedMinutes"] as? Int == 3 * 480 + 660 + 240)
            #expect(summary["overtimeMinutes"] as? Int == 180 + 240)
            #expect(summary["presentDays"] as? Int == 4)
            #expect(summary["unmarkedDays"] as? Int == 1, "Friday the 20th has nothing yet")
            #expect(summary["scheduledDays"] as? Int == 5)
            let tooLong = try await call.send(.get, "/api/v1/attendance?from=2026-01-01&to=2026-11-20", c.hr.token)
            #expect(tooLong.status == .badRequest)
        }
    }
}
