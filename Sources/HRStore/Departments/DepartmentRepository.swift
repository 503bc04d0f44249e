import Foundation
import HRDomain
import SQLKit
import Storage
import TimeSource

/// Stores departments; every write is audited in the same transaction.
public struct DepartmentRepository: Sendable {
    let database: any DatabaseClient
    let audit: AuditLog

    public init(database: any DatabaseClient, audit: AuditLog) {
        self.database = database
        self.audit = audit
    }

    static func fields(_ d: Department) -> [String: String] {
        var fields = ["code": d.code, "name": d.name]
        fields["parentId"] = d.parentID
        return fields
    }

    public func create(_ department: Department, actor: AuditActor) async throws -> Department {
        let d = department
        let audit = self.audit
        do {
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO departments (id, code, name, parent_id, version, created_at, updated_at)
                    VALUES (\(bind: d.id), \(bind: d.code), \(bind: d.name), \(bind: d.parentID), \(bind: d.version),
                        \(bind: d.createdAt.epochMicroseconds), \(bind: d.updatedAt.epochMicroseconds))
                    """
                ).run()
                try await audit.append(
                    "created", entityType: "department", entityID: d.id, changes: FieldChange.diff([:], Self.fields(d)),
                    actor: actor, sealFor: nil, in: db)
            }
        } catch let error as StorageError {
            throw Self.translate(error)
        }
        return department
    }

    /// Replaces a department's code, name and parent when its version is still `expectedVersion`.
    public func update(_ department: Department, expectedVersion: Int, actor: AuditActor) async throws -> Department {
        let audit = self.audit
        let engine = database.engine
        do {
            return try await database.write { db in
                // PostgreSQL locks the row so concurrent updates queue behind the version check;
                // SQLite's single writer already serialises them.
                let lock: SQLQueryString = engine == .postgres ? " FOR UPDATE" : ""
                guard let current = try await db.raw("SELECT * FROM departments WHERE id = \(bind: department.id)" + lock).first().map(Self.decode)
                else { throw HRError.notFound("department \(department.id)") }
                guard current.version == expectedVersion else { throw HRError.versionMismatch(current: current.version) }
                if let parent = department.parentID, try await Self.isAncestorOrSelf(department.id, of: parent, in: db) {
                    throw HRError.ruleViolation(
                        code: "department_cycle", detail: "a department cannot be placed under itself or its descendants", field: "/parentId")
                }
                var updated = department
                updated.version = current.version + 1
                updated.createdAt = current.createdAt
                try await db.raw(
                    """
                    UPDATE departments SET code = \(bind: updated.code), name = \(bind: updated.name), parent_id = \(bind: updated.parentID),
                        version = \(bind: updated.version), updated_at = \(bind: updated.updatedAt.epochMicroseconds)
                    WHERE id = \(bind: updated.id)
                    """
                ).run()
                let changes = FieldChange.diff(Self.fields(current), Self.fields(updated))
                if !changes.isEmpty {
                    try await audit.append("updated", entityType: "department", entityID: updated.id, changes: changes, actor: actor, sealFor: nil, in: db)
                }
                return updated
            }
        } catch let error as StorageError {
            throw Self.translate(error)
        }
    }

    /// Whether `candidate` is `id` or one of its descendants.
    static func isAncestorOrSelf(_ id: String, of candidate: String, in db: any SQLDatabase) async throws -> Bool {
        if id == candidate { return true }
        return try await db.raw(
            """
            WITH RECURSIVE below(id) AS (
                SELECT id FROM departments WHERE parent_id = \(bind: id)
                UNION SELECT d.id FROM departments d JOIN below b ON d.parent_id = b.id
            )
            SELECT 1 AS found FROM below WHERE id = \(bind: candidate)
            """
        ).first() != nil
    }

    public func get(id: String) async throws -> Department? {
        try await database.read { db in
            try await db.raw("SELECT * FROM departments WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// Every department, by code.
    public func list() async throws -> [Department] {
        try await database.read { db in
            try await db.raw("SELECT * FROM departments ORDER BY code").all().map(Self.decode)
        }
    }

    static func translate(_ error: StorageError) -> any Error {
        switch error {
        case .uniqueViolation:
            return HRError.conflict(code: "duplicate", detail: "a department with this code exists", field: "/code")
        case .foreignKeyViolation:
            return HRError.ruleViolation(code: "invalid_reference", detail: "parentId does not name a department", field: "/parentId")
        default:
            return error
        }
    }

    static func decode(_ row: any SQLRow) throws -> Department {
        Department(
            id: try row.decode(column: "id", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            parentID: try row.decode(column: "parent_id", as: String?.self),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
