import Foundation
import Gateway
import Logging
import SQLKit
import Storage
import Testing
import TimeSource
@testable import UserPool

/// The revocation check the authorizer asks on every request: a revocation written to the
/// database is seen once the snapshot is older than the poll interval, and a database that stops
/// answering is tolerated for ten intervals and then refused (the authorizer answers 503).
@Suite("Revocation snapshot")
struct LocalRevocationListTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    /// A SQLite file with just the columns the snapshot reads.
    func withDatabase(_ body: (SQLiteDatabaseClient, ManualClock) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("revocations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await SQLiteDatabaseClient(path: directory.appendingPathComponent("t.sqlite").path, logger: Logger(label: "test"))
        try await database.write { db in
            try await db.raw("CREATE TABLE pool_users (sub TEXT PRIMARY KEY, tokens_valid_after BIGINT NOT NULL, enabled INTEGER NOT NULL)").run()
            try await db.raw("CREATE TABLE refresh_tokens (family_id TEXT NOT NULL, revoked_at BIGINT, expires_at BIGINT NOT NULL)").run()
            try await db.raw("CREATE TABLE deleted_pool_users (sub TEXT PRIMARY KEY, deleted_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)").run()
        }
        do {
            try await body(database, ManualClock(start))
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }

    func principal(_ sub: String, issuedAt: Date, family: String = "f1") -> Principal {
        Principal(issuer: "i", subject: sub, originTokenID: family, issuedAt: issuedAt.timeIntervalSince1970)
    }

    @Test("a user disabled in the database is refused once the 500 ms snapshot is stale, not before")
    func revocationSeenAfterPoll() async throws {
        try await withDatabase { database, clock in
            let list = LocalRevocationList(database: database, clock: clock, logger: Logger(label: "test"))
            let token = principal("alice", issuedAt: start)
            #expect(try await list.isRevoked(token) == false)
            try await database.write { db in try await db.raw("INSERT INTO pool_users VALUES ('alice', 0, 0)").run() }
            clock.advance(by: 0.4)
            #expect(try await list.isRevoked(token) == false, "the snapshot is still fresh")
            clock.advance(by: 0.1)
            #expect(try await list.isRevoked(token) == true)
            #expect(try await list.isRevoked(principal("bob", issuedAt: start)) == false)
        }
    }

    @Test("a deleted user's tokens are refused until the longest-lived of them has expired")
    func deletedUsers() async throws {
        try await withDatabase { database, clock in
            let list = LocalRevocationList(database: database, clock: clock, logger: Logger(label: "test"))
            let deletedAt = start.epochMicroseconds + 5_000_000
            try await database.write { db in
                try await db.raw("INSERT INTO deleted_pool_users VALUES ('carol', \(bind: deletedAt), \(bind: deletedAt + 86_400_000_000))").run()
            }
            try await list.refresh()
            #expect(try await list.isRevoked(principal("carol", issuedAt: start)) == true)
            #expect(try await list.isRevoked(principal("carol", issuedAt: start.addingTimeInterval(10))) == true, "deleted, not merely reset")
            clock.advance(by: 86_406)
            try await list.refresh()
            #expect(try await list.isRevoked(principal("carol", issuedAt: start)) == false, "forgotten once every token has expired")
        }
    }

    @Test("refresh() applies a revocation at once; a revoked refresh family and tokens_valid_after are honoured")
    func refreshAndRules() async throws {
        try await withDatabase { database, clock in
            let list = LocalRevocationList(database: database, clock: clock, logger: Logger(label: "test"))
            _ = try await list.isRevoked(principal("alice", issuedAt: start))
            let later = start.epochMicroseconds + 10_000_000
            try await database.write { db in
                try await db.raw("INSERT INTO pool_users VALUES ('alice', \(bind: later), 1)").run()
                try await db.raw("INSERT INTO refresh_tokens VALUES ('stolen', \(bind: start.epochMicroseconds), \(bind: later))").run()
            }
            try await list.refresh()
            #expect(try await list.isRevoked(principal("alice", issuedAt: start)) == true, "issued before tokens_valid_after")
            #expect(try await list.isRevoked(principal("alice", issuedAt: start.addingTimeInterval(10))) == false)
            #expect(try await list.isRevoked(principal("bob", issuedAt: start, family: "stolen")) == true)
        }
    }

    @Test("while reloads fail, the last snapshot answers for ten poll intervals; after that the check throws (fail closed)")
    func failsClosed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("revocations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await SQLiteDatabaseClient(path: directory.appendingPathComponent("t.sqlite").path, logger: Logger(label: "test"))
        try await database.write { db in
            try await db.raw("CREATE TABLE pool_users (sub TEXT PRIMARY KEY, tokens_valid_after BIGINT NOT NULL, enabled INTEGER NOT NULL)").run()
            try await db.raw("CREATE TABLE refresh_tokens (family_id TEXT NOT NULL, revoked_at BIGINT, expires_at BIGINT NOT NULL)").run()
            try await db.raw("CREATE TABLE deleted_pool_users (sub TEXT PRIMARY KEY, deleted_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)").run()
        }
        let clock = ManualClock(start)
        let list = LocalRevocationList(database: database, clock: clock, logger: Logger(label: "test"))
        let token = principal("alice", issuedAt: start)
        #expect(try await list.isRevoked(token) == false)
        // The database goes away: every reload from now on fails.
        await database.shutdown()
        clock.advance(by: 0.6)
        #expect(try await list.isRevoked(token) == false, "a snapshot 0.6 s old still answers")
        clock.advance(by: 4.4)
        #expect(try await list.isRevoked(token) == false, "5 s is the limit, inclusive")
        clock.advance(by: 0.1)
        await #expect(throws: StorageError.self) { try await list.isRevoked(token) }
    }

    @Test("a check before any snapshot could be loaded throws instead of letting the token through")
    func nothingLoaded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("revocations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await SQLiteDatabaseClient(path: directory.appendingPathComponent("t.sqlite").path, logger: Logger(label: "test"))
        await database.shutdown()
        let list = LocalRevocationList(database: database, clock: ManualClock(start), logger: Logger(label: "test"))
        await #expect(throws: StorageError.self) { try await list.isRevoked(principal("alice", issuedAt: start)) }
    }
}
