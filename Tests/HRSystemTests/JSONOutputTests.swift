import Foundation
import HRDomain
import Testing
@testable import HRService

/// The hand-written JSON writer must produce exactly what Foundation's JSONEncoder writes for the
/// same representation (`.sortedKeys`, `.withoutEscapingSlashes`), byte for byte.
@Suite("JSON output")
struct JSONOutputTests {
    static func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return Array(try encoder.encode(value))
    }

    static let allASCII = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))

    static func employee(filled: Bool, text: String = "Nguyễn") -> Employee {
        var employee = Employee(
            id: "2e3f95a4-25ae-46d7-89ef-ca8d64b3d257", employeeNumber: "E-\(text)", login: filled ? LoginLink(issuer: "http://h/p", subject: "s/1") : nil,
            firstName: "An \"Ann\"", middleName: filled ? "Văn\\" : nil, lastName: text, displayName: "Đặng \(text)",
            nameOrder: .familyFirst, workEmail: "an@example.com", phone: filled ? "+84 90\t123" : nil, jobTitle: filled ? "C/O\n😀" : nil,
            departmentID: filled ? "d1" : nil, scheduleID: filled ? "s1" : nil, managerID: filled ? "m1" : nil,
            employmentType: .partTime, status: filled ? .terminated : .active, hireDate: LocalDate(year: 2025, month: 1, day: 6)!,
            terminationDate: filled ? LocalDate(year: 2026, month: 11, day: 30) : nil, terminationReason: filled ? "moved\u{0}\u{1f}\u{7f}" : nil,
            timeZone: "Asia/Ho_Chi_Minh", version: Int(Int32.max), createdAt: Date(timeIntervalSince1970: 1_796_000_000.123456),
            updatedAt: Date(timeIntervalSince1970: 0))
        if filled {
            employee.compensation = [
                CompensationEntry(
                    effectiveFrom: LocalDate(year: 2025, month: 1, day: 6)!, payType: .monthly, currency: "VND",
                    components: [
                        PayComponent(code: "BASE", kind: .base, amountMinor: 15_000_000),
                        PayComponent(code: "LUNCH", kind: .allowance, amountMinor: 0),
                        PayComponent(code: "INS", kind: .insuranceBase, amountMinor: CompensationRules.maximumAmountMinor),
                    ]),
                CompensationEntry(effectiveFrom: LocalDate(year: 2026, month: 3, day: 1)!, payType: .hourly, currency: "USD", components: []),
            ]
        }
        return employee
    }

    static let department = Department(
        id: "d1", code: "ENG/\"x\"", name: "Kỹ thuật \\ R&D", parentID: nil, version: 1, createdAt: Date(), updatedAt: Date())

    @Test("an employee with every field, with none, with pay shown or hidden, and with every ASCII character is written as JSONEncoder writes it",
          arguments: [false, true])
    func employeeMatchesEncoder(showPay: Bool) throws {
        let cases = [
            EmployeeRepresentation(Self.employee(filled: false), department: nil, showPay: showPay),
            EmployeeRepresentation(Self.employee(filled: true), department: Self.department, showPay: showPay),
            EmployeeRepresentation(Self.employee(filled: true, text: Self.allASCII + "\u{2028}é"), department: Self.department, showPay: showPay),
        ]
        for representation in cases {
            let expected = try Self.encoded(representation)
            let written = representation.jsonOutput.bytes
            #expect(written == expected, "\(String(decoding: written, as: UTF8.self))\n≠\n\(String(decoding: expected, as: UTF8.self))")
        }
    }

    @Test("a page of employees in the list envelope is written as JSONEncoder writes it, and an empty page too")
    func listMatchesEncoder() throws {
        let page = ListEnvelope(
            data: [
                EmployeeRepresentation(Self.employee(filled: true), department: Self.department, showPay: true),
                EmployeeRepresentation(Self.employee(filled: false), department: nil, showPay: false),
            ],
            meta: .init(total: 1234, limit: 2, offset: 0))
        #expect(page.jsonOutput.bytes == (try Self.encoded(page)))
        let empty = ListEnvelope<EmployeeRepresentation>(data: [], meta: .init(total: 0, limit: 50, offset: 100))
        #expect(empty.jsonOutput.bytes == (try Self.encoded(empty)))
    }

    @Test("scalars and keys: integers at the Int64 limits, booleans, null, keys sorted by their UTF-8 bytes")
    func scalars() {
        let document = JSONOutput.object([
            "é": .integer(Int64.min), "Z": .integer(Int64.max), "a": .bool(true), "_x": .bool(false), "B": .null, "aa": .array([]),
        ])
        #expect(String(decoding: document.bytes, as: UTF8.self)
            == #"{"B":null,"Z":9223372036854775807,"_x":false,"a":true,"aa":[],"é":-9223372036854775808}"#)
    }
}
