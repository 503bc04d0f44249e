import Crypto
import Foundation
import HRDomain
import SQLKit
import Storage
import TimeSource

/// Who did something, and in which request.
public struct AuditActor: Sendable, Equatable {
    /// The token's `sub`, an access-key id, or `cli:<os user>`.
    public var id: String
    public var requestID: String?

    public init(id: String, requestID: String?) {
        self.id = id
        self.requestID = requestID
    }
}

/// One entry of the audit trail.
public struct AuditEvent: Sendable, Equatable {
    public var id: String
    public var occurredAt: Date
    public var actor: AuditActor
    public var entityType: String
    public var entityID: String
    public var action: String
    public var reason: String?
    public var changes: [FieldChange]
}

/// The append-only audit trail. Events are written in the same transaction as the change they
/// record. An employee's changes are sealed (AES-GCM) with a key of that employee's own, itself
/// sealed under the master key, so destroying one key erases one person's history.
public struct AuditLog: Sendable {
    let secrets: SecretBox
    let clock: any WallClock

    public init(secrets: SecretBox, clock: any WallClock) {
        self.secrets = secrets
        self.clock = clock
    }

    /// Appends an event inside the caller's transaction. Writers of one entity hold its row lock
    /// (or SQLite's single write lock), so the per-entity sequence cannot collide.
    /// - Parameter sealFor: the employee whose key seals the changes; nil stores them in clear.
    public func append(
        _ action: String, entityType: String, entityID: String, changes: [FieldChange], reason: String? = nil,
        actor: AuditActor, sealFor employeeID: String?, in db: any SQLDatabase
    ) async throws {
        let json = try JSONEncoder().encode(changes)
        var sealed: Data?
        var clear: String?
        if let employeeID {
            let key = try await employeeKey(employeeID, in: db)
            sealed = try AES.GCM.seal(json, using: key, authenticating: Data("audit:\(employeeID)".utf8)).combined
        } else {
            clear = String(decoding: json, as: UTF8.self)
        }
        try await db.raw(
            """
            INSERT INTO audit_events (id, seq, occurred_at, actor, request_id, entity_type, entity_id, action, reason, changes_sealed, changes)
            VALUES (\(bind: UUID().uuidString.lowercased()),
                (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events WHERE entity_type = \(bind: entityType) AND entity_id = \(bind: entityID)),
                \(bind: clock.now().epochMicroseconds), \(bind: actor.id),
                \(bind: actor.requestID), \(bind: entityType), \(bind: entityID), \(bind: action), \(bind: reason), \(bind: sealed),
                \(bind: clear))
            """
        ).run()
    }

    /// The events of one entity, oldest first; sealed changes are opened when the key still exists.
    /// - Parameter employeeID: whose key sealed them, when not the entity itself (an attendance record's employee).
    public func events(entityType: String, entityID: String, sealedFor employeeID: String? = nil, in db: any SQLDatabase) async throws -> [AuditEvent] {
        let keyOwner = employeeID ?? entityID
        let rows = try await db.raw(
            """
            SELECT * FROM audit_events WHERE entity_type = \(bind: entityType) AND entity_id = \(bind: entityID)
            ORDER BY seq, occurred_at, id
            """
        ).all()
        var events: [AuditEvent] = []
        for row in rows {
            var changes: [FieldChange] = []
            if let clear = try row.decode(column: "changes", as: String?.self) {
                changes = try JSONDecoder().decode([FieldChange].self, from: Data(clear.utf8))
            } else if let sealed = try row.decode(column: "changes_sealed", as: Data?.self),
                let key = try await existingKey(keyOwner, in: db),
                let box = try? AES.GCM.SealedBox(combined: sealed),
                let plain = try? AES.GCM.open(box, using: key, authenticating: Data("audit:\(keyOwner)".utf8))
            {
                changes = try JSONDecoder().decode([FieldChange].self, from: plain)
            }
            events.append(
                AuditEvent(
                    id: try row.decode(column: "id", as: String.self),
                    occurredAt: Date(epochMicroseconds: try row.decode(column: "occurred_at", as: Int64.self)),
                    actor: AuditActor(
                        id: try row.decode(column: "actor", as: String.self),
                        requestID: try row.decode(column: "request_id", as: String?.self)),
                    entityType: try row.decode(column: "entity_type", as: String.self),
                    entityID: try row.decode(column: "entity_id", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    reason: try row.decode(column: "reason", as: String?.self),
                    changes: changes))
        }
        return events
    }

    private func existingKey(_ employeeID: String, in db: any SQLDatabase) async throws -> SymmetricKey? {
        guard let sealed = try await db.raw("SELECT key_sealed FROM employee_keys WHERE employee_id = \(bind: employeeID)")
            .first(decodingColumn: "key_sealed", as: Data.self)
        else { return nil }
        return SymmetricKey(data: try secrets.open(sealed, context: "employee-key:\(employeeID)"))
    }

    private func employeeKey(_ employeeID: String, in db: any SQLDatabase) async throws -> SymmetricKey {
        if let key = try await existingKey(employeeID, in: db) { return key }
        let key = SymmetricKey(size: .bits256)
        let sealed = try secrets.seal(key.withUnsafeBytes { Data($0) }, context: "employee-key:\(employeeID)")
        try await db.raw(
            """
            INSERT INTO employee_keys (employee_id, key_sealed, created_at)
            VALUES (\(bind: employeeID), \(bind: sealed), \(bind: clock.now().epochMicroseconds))
            """
        ).run()
        return key
    }
}
