import Foundation
import SQLKit
import Storage
import TimeSource

/// An access key as listed: never its secret.
public struct AccessKey: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case active = "Active"
        case inactive = "Inactive"
    }

    public var accessKeyId: String
    /// The operator identity the key acts for; administrative calls signed with it are audited as this.
    public var owner: String
    public var status: Status
    public var createdAt: Date
    public var lastUsedAt: Date?

    /// As IAM names them (`AccessKeyId`, `Status`, …), like `hrsystem key create --json`.
    enum CodingKeys: String, CodingKey {
        case accessKeyId = "AccessKeyId", owner = "Owner", status = "Status", createdAt = "CreateDate", lastUsedAt = "LastUsedDate"
    }
}

/// Why an access key operation failed.
public enum AccessKeyError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case invalidOwner

    public var description: String {
        switch self {
        case .notFound(let id): "no access key \(id)"
        case .invalidOwner: "the owner must be 1-128 characters without control characters"
        }
    }
}

/// Access keys of operators (`AKIA…` / 40-character secret) that sign administrative calls.
///
/// Secrets are stored sealed with the master key and read on every signed request, so a key
/// deactivated or deleted through any instance is refused at once by all of them.
public struct AccessKeyStore: Sendable {
    let database: any DatabaseClient
    let secrets: SecretBox
    let clock: any WallClock

    public init(database: any DatabaseClient, secrets: SecretBox, clock: any WallClock) {
        self.database = database
        self.secrets = secrets
        self.clock = clock
    }

    static func context(_ id: String) -> String { "access-key:\(id)" }

    /// Creates an active key for `owner`; the only time its secret is handed out.
    public func create(owner: String) async throws -> (key: AccessKey, secretAccessKey: String) {
        guard (1...128).contains(owner.count), !owner.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw AccessKeyError.invalidOwner
        }
        let id = CognitoIdentifiers.accessKeyID()
        let secret = CognitoIdentifiers.secretAccessKey()
        let sealed = try secrets.seal(Data(secret.utf8), context: Self.context(id))
        let now = clock.now()
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO access_keys (id, sealed_secret, owner, status, created_at)
                VALUES (\(bind: id), \(bind: sealed), \(bind: owner), 'Active', \(bind: now.epochMicroseconds))
                """
            ).run()
        }
        return (AccessKey(accessKeyId: id, owner: owner, status: .active, createdAt: Date(epochMicroseconds: now.epochMicroseconds), lastUsedAt: nil), secret)
    }

    public func list() async throws -> [AccessKey] {
        try await database.read { db in
            try await db.raw("SELECT id, owner, status, created_at, last_used_at FROM access_keys ORDER BY created_at, id").all().map(Self.decode)
        }
    }

    public func get(_ id: String) async throws -> AccessKey? {
        try await database.read { db in
            try await db.raw("SELECT id, owner, status, created_at, last_used_at FROM access_keys WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    public func setStatus(_ id: String, _ status: AccessKey.Status) async throws {
        let changed = try await database.write { db in
            try await db.raw("UPDATE access_keys SET status = \(bind: status.rawValue) WHERE id = \(bind: id) RETURNING id").all().count
        }
        guard changed == 1 else { throw AccessKeyError.notFound(id) }
    }

    public func delete(_ id: String) async throws {
        let deleted = try await database.write { db in
            try await db.raw("DELETE FROM access_keys WHERE id = \(bind: id) RETURNING id").all().count
        }
        guard deleted == 1 else { throw AccessKeyError.notFound(id) }
    }

    /// The secret and owner of an active key, or nil when the key is unknown or inactive.
    public func activeSecret(_ id: String) async throws -> (secret: String, owner: String)? {
        guard id.count == 20, id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { return nil }
        let row = try await database.read { db in
            try await db.raw("SELECT sealed_secret, owner, status FROM access_keys WHERE id = \(bind: id)").first()
        }
        guard let row, try row.decode(column: "status", as: String.self) == AccessKey.Status.active.rawValue else { return nil }
        let sealed = try row.decode(column: "sealed_secret", as: Data.self)
        let secret = String(decoding: try secrets.open(sealed, context: Self.context(id)), as: UTF8.self)
        return (secret, try row.decode(column: "owner", as: String.self))
    }

    /// Records that a key signed a request now (at most once a minute per key, to spare writes).
    public func markUsed(_ id: String) async throws {
        let now = clock.now().epochMicroseconds
        let minuteAgo = now - 60_000_000
        try await database.write { db in
            try await db.raw(
                """
                UPDATE access_keys SET last_used_at = \(bind: now)
                WHERE id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: minuteAgo))
                """
            ).run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> AccessKey {
        AccessKey(
            accessKeyId: try row.decode(column: "id", as: String.self),
            owner: try row.decode(column: "owner", as: String.self),
            status: AccessKey.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .inactive,
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map { Date(epochMicroseconds: $0) })
    }
}
