import Foundation
import HRDomain

/// What a `POST /api/v1/attendance` body asks for.
enum AttendanceRequest: Sendable, Equatable {
    case checkIn(note: String?, location: String?)
    case checkOut(note: String?)
    case work(employeeID: String, checkInAt: Date, checkOutAt: Date, timeZone: String?, reason: String, note: String?, location: String?)
    case leave(employeeID: String, type: AttendanceType, workDate: LocalDate, fraction: DayFraction, reason: String, note: String?)
}

/// A `PUT /api/v1/attendance/{id}` body: the fields it names replace the stored ones.
struct AttendanceCorrection: Sendable, Equatable {
    var type: AttendanceType?
    var checkInAt: Date?
    var checkOutAt: Date?
    var timeZone: String?
    var workDate: LocalDate?
    var dayFraction: DayFraction?
    var voided: Bool
    var note: String??
    var location: String??
    var reason: String
    /// Echoed from a read; a record cannot move to another employee.
    var employeeID: String?
}

/// Reads attendance bodies and queries, naming every bad field.
enum AttendanceInput {
    static let outputOnly: Set<String> = [
        "id", "state", "source", "version", "createdBy", "updatedBy", "createdAt", "updatedAt", "workedMinutes", "lateMinutes",
        "earlyExitMinutes", "overtimeMinutes", "flags",
    ]

    static func request(from object: [String: JSONValue]) throws(HRError) -> AttendanceRequest {
        var fields = FieldReader(object)
        if object["action"] != nil {
            let action = fields.string("action", required: true) {
                ["check_in", "check_out"].contains($0) ? nil : "must be one of: check_in, check_out"
            }
            fields.rejectUnknown(allowed: action == "check_out" ? ["action", "note"] : ["action", "note", "location"])
            let note = text(&fields, "note", required: false)
            let location = action == "check_in" ? text(&fields, "location", required: false) : nil
            guard fields.errors.isEmpty, let action else { throw .validationFailed(fields.errors) }
            return action == "check_in" ? .checkIn(note: note, location: location) : .checkOut(note: note)
        }
        let type = fields.enumeration("type", required: true, as: AttendanceType.self)
        let employeeID = fields.uuid("employeeId", required: true)
        let reason = text(&fields, "reason", required: true)
        let note = text(&fields, "note", required: false)
        switch type {
        case .work?:
            fields.rejectUnknown(allowed: ["type", "employeeId", "checkInAt", "checkOutAt", "timeZone", "reason", "note", "location"])
            let checkIn = instant(&fields, "checkInAt", required: true)
            let checkOut = instant(&fields, "checkOutAt", required: true)
            let zone = timeZone(&fields, "timeZone", required: false)
            let location = text(&fields, "location", required: false)
            guard fields.errors.isEmpty, let employeeID, let checkIn, let checkOut, let reason else { throw .validationFailed(fields.errors) }
            return .work(
                employeeID: employeeID, checkInAt: checkIn, checkOutAt: checkOut, timeZone: zone, reason: reason, note: note,
                location: location)
        case let leave?:
            fields.rejectUnknown(allowed: ["type", "employeeId", "workDate", "dayFraction", "reason", "note"])
            let date = fields.date("workDate", required: true)
            let fraction = dayFraction(&fields, "dayFraction") ?? .full
            guard fields.errors.isEmpty, let employeeID, let date, let reason else { throw .validationFailed(fields.errors) }
            return .leave(employeeID: employeeID, type: leave, workDate: date, fraction: fraction, reason: reason, note: note)
        case nil:
            if object["type"] == nil {
                fields.errors.insert(FieldError("/action", "is required for a check-in or check-out (or give type for a manual entry)"), at: 0)
            }
            throw .validationFailed(fields.errors)
        }
    }

    static func correction(from object: [String: JSONValue]) throws(HRError) -> AttendanceCorrection {
        var fields = FieldReader(object)
        fields.rejectUnknown(
            allowed: Set(["type", "checkInAt", "checkOutAt", "timeZone", "workDate", "dayFraction", "state", "note", "location", "reason", "employeeId"])
                .union(outputOnly))
        let type = fields.enumeration("type", required: false, as: AttendanceType.self)
        let checkIn = instant(&fields, "checkInAt", required: false)
        let checkOut = instant(&fields, "checkOutAt", required: false)
        let zone = timeZone(&fields, "timeZone", required: false)
        let date = fields.date("workDate", required: false)
        let fraction = dayFraction(&fields, "dayFraction")
        let state = fields.string("state", required: false) {
            // open and closed follow the times (an echoed record passes); voided voids.
            AttendanceState(rawValue: $0) == nil ? "must be voided (open and closed follow checkOutAt)" : nil
        }
        let reason = text(&fields, "reason", required: true)
        let note: String?? = object.keys.contains("note") ? .some(text(&fields, "note", required: false)) : .none
        let location: String?? = object.keys.contains("location") ? .some(text(&fields, "location", required: false)) : .none
        guard fields.errors.isEmpty, let reason else { throw .validationFailed(fields.errors) }
        return AttendanceCorrection(
            type: type, checkInAt: checkIn, checkOutAt: checkOut, timeZone: zone, workDate: date, dayFraction: fraction,
            voided: state == AttendanceState.voided.rawValue, note: note, location: location, reason: reason,
            employeeID: object["employeeId"].flatMap { if case .string(let id) = $0 { id.lowercased() } else { nil } })
    }

    static func text(_ fields: inout FieldReader, _ key: String, required: Bool) -> String? {
        guard let raw = fields.string(key, required: required) else { return nil }
        do {
            return try AttendanceRules.text(raw, field: "/" + key, required: required)
        } catch {
            if case .validationFailed(let errors) = error { fields.errors += errors }
            return nil
        }
    }

    static func instant(_ fields: inout FieldReader, _ key: String, required: Bool) -> Date? {
        guard let raw = fields.string(key, required: required) else { return nil }
        guard let value = Instant.parse(raw) else {
            fields.fail(key, "must be an RFC 3339 date-time with an offset, such as 2026-11-02T08:00:00+07:00")
            return nil
        }
        return value
    }

    static func timeZone(_ fields: inout FieldReader, _ key: String, required: Bool) -> String? {
        guard let raw = fields.string(key, required: required) else { return nil }
        guard let zone = TimeZoneName.canonical(raw) else {
            fields.fail(key, "must be an IANA time zone such as Asia/Ho_Chi_Minh")
            return nil
        }
        return zone
    }

    /// `"1"` or `"0.5"` (the numbers 1 and 0.5 are accepted too).
    static func dayFraction(_ fields: inout FieldReader, _ key: String) -> DayFraction? {
        switch fields.object[key] {
        case nil, .null?: return nil
        case .string(let raw)?:
            if let value = DayFraction(rawValue: raw) { return value }
        case .integer(1)?: return .full
        case .number(let value)? where value == 0.5: return .half
        case .number(let value)? where value == 1: return .full
        default: break
        }
        fields.fail(key, "must be \"1\" (a full day) or \"0.5\" (half a day)")
        return nil
    }

    /// `?employeeId=&from=&to=` (work dates, inclusive, at most 93 days; default: this month so far).
    static func range(_ query: [String: String], today: LocalDate) throws(HRError) -> (employeeID: String?, from: LocalDate, to: LocalDate) {
        var errors: [FieldError] = []
        var employeeID: String?
        if let raw = query["employeeId"] {
            if let uuid = UUID(uuidString: raw) { employeeID = uuid.uuidString.lowercased() } else { errors.append(FieldError("/employeeId", "must be a UUID")) }
        }
        func date(_ key: String, _ fallback: LocalDate) -> LocalDate {
            guard let raw = query[key] else { return fallback }
            guard let value = LocalDate(raw) else {
                errors.append(FieldError("/\(key)", "must be a date in the form YYYY-MM-DD"))
                return fallback
            }
            return value
        }
        let from = date("from", PayPeriod(containing: today).start)
        let to = date("to", max(from, today))
        if errors.isEmpty {
            // A well-formed date outside its range is 422, whatever else is wrong with the pair.
            try DateLimits.check(from, field: "/from", today: today)
            try DateLimits.check(to, field: "/to", today: today)
            if to < from { errors.append(FieldError("/to", "must not be before from")) }
            else if to.daysSinceEpoch - from.daysSinceEpoch > 92 { errors.append(FieldError("/to", "the range may span at most 93 days")) }
        }
        guard errors.isEmpty else { throw .validationFailed(errors) }
        return (employeeID, from, to)
    }
}
