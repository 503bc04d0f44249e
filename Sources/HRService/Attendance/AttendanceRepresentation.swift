import Foundation
import HRDomain
import HRStore

/// An attendance record as the API shows it, with its computed fields.
struct AttendanceRepresentation: Encodable {
    var id: String
    var employeeId: String
    var type: String
    var workDate: String
    var checkInAt: String?
    var checkOutAt: String?
    var timeZone: String
    var dayFraction: String?
    var state: String
    var source: String
    var note: String?
    var location: String?
    var workedMinutes: Int
    var lateMinutes: Int
    var earlyExitMinutes: Int
    var overtimeMinutes: Int
    var flags: [String]
    var version: Int
    var createdBy: String
    var updatedBy: String
    var createdAt: String
    var updatedAt: String
    var history: [HistoryEvent]?

    init(_ r: AttendanceRecord, computed: RecordComputation?, history: [AuditEvent]? = nil) {
        id = r.id
        employeeId = r.employeeID
        type = r.type.rawValue
        workDate = r.workDate.description
        checkInAt = r.checkInAt.map(RFC3339.string)
        checkOutAt = r.checkOutAt.map(RFC3339.string)
        timeZone = r.timeZone
        dayFraction = r.dayFraction?.rawValue
        state = r.state.rawValue
        source = r.source.rawValue
        note = r.note
        location = r.location
        workedMinutes = computed?.workedMinutes ?? 0
        lateMinutes = computed?.lateMinutes ?? 0
        earlyExitMinutes = computed?.earlyExitMinutes ?? 0
        overtimeMinutes = computed?.overtimeMinutes ?? 0
        flags = computed?.flags ?? (r.state == .voided ? ["voided"] : [])
        version = r.version
        createdBy = r.createdBy
        updatedBy = r.updatedBy
        createdAt = RFC3339.string(r.createdAt)
        updatedAt = RFC3339.string(r.updatedAt)
        self.history = history?.map(HistoryEvent.init)
    }
}

/// One audit event of a record.
struct HistoryEvent: Encodable {
    struct Change: Encodable {
        var field: String
        var from: String?
        var to: String?
    }
    var id: String
    var occurredAt: String
    var actor: String
    var requestId: String?
    var action: String
    var reason: String?
    var changes: [Change]

    init(_ event: AuditEvent) {
        id = event.id
        occurredAt = RFC3339.string(event.occurredAt)
        actor = event.actor.id
        requestId = event.actor.requestID
        action = event.action
        reason = event.reason
        changes = event.changes.map { Change(field: $0.field, from: $0.from, to: $0.to) }
    }
}

/// The records of a range, a page of them, and every employee's summary over the whole range.
struct AttendanceListEnvelope: Encodable {
    var data: [AttendanceRepresentation]
    var meta: ListEnvelope<AttendanceRepresentation>.Meta
    var summaries: [AttendanceSummary]
}
