import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

/// Dates at and beyond both ends of every accepted range answer 422 naming the field; none of
/// them stops the server (a manager's paid leave on 9999-12-31 once did).
@Suite("Date limits through the API")
struct DateLimitsAPITests {
    typealias Call = AttendanceAPITests.Call

    static func field(_ json: [String: Any]) -> String? {
        ((json["errors"] as? [[String: Any]])?.first?["field"] as? String)
    }

    @Test("leave, corrections and ranges at the ends of the calendar answer 422 and the server keeps serving", arguments: TestDatabases.engines)
    func attendanceEdges(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: AttendanceAPITests.noon) { _, system, client in
            let call = Call(client: client)
            let cast = try await AttendanceAPITests.cast(system, call)
            let report = cast.report.employeeID
            for (date, expected) in [("9999-12-31", "date_out_of_range"), ("0001-01-01", "date_out_of_range"), ("1899-12-31", "date_out_of_range"),
                ("2027-11-21", "date_out_of_range"), ("2025-12-31", "outside_employment")]
            {
                let body: [String: Any] = ["employeeId": report, "type": "paid_leave", "workDate": date, "reason": "holiday"]
                let answer = try await call.send(.post, "/api/v1/attendance", cast.manager.token, body)
                #expect(answer.status == .unprocessableContent, "\(date): \(answer.json)")
                #expect(answer.json["code"] as? String == expected, "\(date)")
                #expect(Self.field(answer.json) == "/workDate", "\(date)")
            }
            let ahead = try await call.send(
                .post, "/api/v1/attendance", cast.manager.token, ["employeeId": report, "type": "paid_leave", "workDate": "2027-11-20", "reason": "trip"])
            #expect(ahead.status == .created, "a year ahead is still accepted: \(ahead.json)")
            let id = try #require(ahead.json["id"] as? String)
            let moved = try await call.send(
                .put, "/api/v1/attendance/\(id)", cast.manager.token, ["workDate": "9999-12-31", "reason": "typo"], ifMatch: ahead.etag)
            #expect(moved.status == .unprocessableContent)
            #expect(Self.field(moved.json) == "/workDate")
            let ancient = AttendanceAPITests.work(report, "0001-01-01T00:00:00+01:00", "0001-01-01T08:00:00+01:00")
            let old = try await call.send(.post, "/api/v1/attendance", cast.manager.token, ancient)
            #expect(old.status == .unprocessableContent)
            #expect(Self.field(old.json) == "/checkInAt")
            let range = try await call.send(.get, "/api/v1/attendance?employeeId=\(report)&from=9999-12-01&to=9999-12-31", cast.hr.token)
            #expect(range.status == .unprocessableContent)
            #expect(Self.field(range.json) == "/from")
            let health = try await client.execute(uri: "/api/v1/employees/\(report)", method: .get, headers: [.authorization: "Bearer \(cast.hr.token)"])
            #expect(health.status == .ok, "the server still answers")
        }
    }

    @Test("hire dates from 1900 to a year ahead; periods from the first hire's month to this month", arguments: TestDatabases.engines)
    func hireDatesAndPeriods(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: AttendanceAPITests.noon) { _, system, client in
            let call = Call(client: client)
            let cast = try await AttendanceAPITests.cast(system, call)
            func hire(_ date: String, _ number: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let body: [String: Any] = [
                    "employeeNumber": number, "firstName": "Edge", "lastName": "Case", "workEmail": "\(number)@example.com",
                    "employmentType": "full_time", "hireDate": date,
                ]
                let answer = try await call.send(.post, "/api/v1/employees", cast.hr.token, body)
                return (answer.status, answer.json)
            }
            for (date, number) in [("0001-01-01", "X-1"), ("9999-12-31", "X-2"), ("1899-12-31", "X-3"), ("2027-11-21", "X-4")] {
                let (status, json) = try await hire(date, number)
                #expect(status == .unprocessableContent, "\(date): \(json)")
                #expect(json["code"] as? String == "date_out_of_range")
                #expect(Self.field(json) == "/hireDate")
            }
            #expect(try await hire("1900-01-01", "X-5").0 == .created)
            #expect(try await hire("2027-11-20", "X-6").0 == .created)
            let raise: [String: Any] = [
                "employeeNumber": "X-7", "firstName": "Edge", "lastName": "Case", "workEmail": "x7@example.com", "employmentType": "full_time",
                "hireDate": "2026-01-05",
                "compensation": [["effectiveFrom": "9999-12-31", "payType": "monthly", "currency": "VND", "components": [["code": "base", "kind": "base", "amountMinor": 1]]]],
            ]
            let far = try await call.send(.post, "/api/v1/employees", cast.hr.token, raise)
            #expect(far.status == .unprocessableContent, "\(far.json)")
            #expect(Self.field(far.json) == "/compensation/0/effectiveFrom")

            for period in ["0001-01", "1899-12", "9999-12"] {
                let read = try await call.send(.get, "/api/v1/payroll?period=\(period)", cast.hr.token)
                #expect(read.status == .unprocessableContent, "GET \(period): \(read.json)")
                #expect(Self.field(read.json) == "/period")
                let close = try await call.send(.post, "/api/v1/payroll/periods/\(period)/close", cast.hr.token)
                #expect(close.status == .unprocessableContent, "close \(period): \(close.json)")
                #expect(Self.field(close.json) == "/period")
            }
            let first = try await call.send(.get, "/api/v1/payroll?period=1900-01", cast.hr.token)
            #expect(first.status == .ok, "the first hire's month is in range: \(first.json)")
        }
    }
}
