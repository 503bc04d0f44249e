import Foundation
import Logging
import SQLKit
import Storage
import Testing
import TestSupport

@Suite("Database clients")
struct SQLiteDatabaseClientTests {
    @Test("synchronous is FULL, foreign keys on and WAL journaling on every connection")
    func pragmasOnEveryConnection() async throws {
        try await withTemporarySQLite { database in
            let seen = SeenValues()
            try await database.forEachConnection { db in
                let synchronous = try await db.raw("PRAGMA synchronous").first(decodingColumn: "synchronous", as: Int.self)
                let foreignKeys = try await db.raw("PRAGMA foreign_keys").first(decodingColumn: "foreign_keys", as: Int.self)
                let journal = try await db.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self)
                await seen.add("\(synchronous ?? -1)/\(foreignKeys ?? -1)/\(journal ?? "")")
            }
            let values = await seen.values
            #expect(values.count == 5)
            // synchronous = 2 is FULL.
            #expect(values.allSatisfy { $0 == "2/1/wal" })
        }
    }

    @Test("50 concurrent writes of which one rolls back: the other 49 persist", arguments: TestDatabases.engines)
    func concurrentWritesWithOneRollback(engine: DatabaseEngine) async throws {
        struct Boom: Error {}
        try await TestDatabases.withDatabase(engine) { database in
            try await database.write { db in
                try await db.raw("CREATE TABLE items (n INTEGER PRIMARY KEY)").run()
            }
            let failures = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<50 {
                    group.addTask {
                        do {
                            try await database.write { db in
                                try await db.raw("INSERT INTO items (n) VALUES (\(bind: n))").run()
                                if n == 17 { throw Boom() }
                            }
                            return false
                        } catch {
                            return true
                        }
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(failures == 1)
            let numbers = try await database.read { db in
                try await db.raw("SELECT n FROM items ORDER BY n").all(decodingColumn: "n", as: Int.self)
            }
            #expect(numbers.count == 49)
            #expect(!numbers.contains(17))
        }
    }

    @Test("a unique violation surfaces as StorageError.uniqueViolation and the stored row is untouched", arguments: TestDatabases.engines)
    func uniqueViolationIsTyped(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await database.write { db in
                try await db.raw("CREATE TABLE people (email TEXT NOT NULL UNIQUE, name TEXT NOT NULL)").run()
                try await db.raw("INSERT INTO people VALUES ('a@example.com', 'first')").run()
            }
            await #expect(throws: StorageError.self) {
                try await database.write { db in
                    try await db.raw("INSERT INTO people VALUES ('a@example.com', 'second')").run()
                }
            }
            do {
                try await database.write { db in
                    try await db.raw("INSERT INTO people VALUES ('a@example.com', 'third')").run()
                }
                Issue.record("duplicate insert succeeded")
            } catch let error as StorageError {
                guard case .uniqueViolation(let detail) = error else {
                    Issue.record("expected uniqueViolation, got \(error)")
                    return
                }
                #expect(detail.contains("people.email") || detail.contains("people_email_key"))
            }
            let names = try await database.read { db in
                try await db.raw("SELECT name FROM people").all(decodingColumn: "name", as: String.self)
            }
            #expect(names == ["first"])
        }
    }

    @Test("SQLite readers cannot write")
    func readersAreReadOnly() async throws {
        try await withTemporarySQLite { database in
            try await database.write { db in try await db.raw("CREATE TABLE t (x INTEGER)").run() }
            await #expect(throws: (any Error).self) {
                try await database.read { db in try await db.raw("INSERT INTO t VALUES (1)").run() }
            }
        }
    }

    @Test("a foreign-key violation surfaces as StorageError.foreignKeyViolation", arguments: TestDatabases.engines)
    func foreignKeyViolationIsTyped(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await database.write { db in
                try await db.raw("CREATE TABLE parents (id TEXT PRIMARY KEY)").run()
                try await db.raw("CREATE TABLE children (id TEXT PRIMARY KEY, parent TEXT REFERENCES parents(id))").run()
            }
            do {
                try await database.write { db in
                    try await db.raw("INSERT INTO children VALUES ('c', 'missing')").run()
                }
                Issue.record("orphan insert succeeded")
            } catch let error as StorageError {
                guard case .foreignKeyViolation = error else {
                    Issue.record("expected foreignKeyViolation, got \(error)")
                    return
                }
            }
        }
    }

    @Test("exclusive locks serialise their holders", arguments: TestDatabases.engines)
    func exclusiveLock(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let log = SeenValues()
            await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<4 {
                    group.addTask {
                        try await database.withExclusiveLock("test-lock") {
                            await log.add("start \(n)")
                            try await database.ping()
                            await log.add("end \(n)")
                        }
                    }
                }
            }
            let values = await log.values
            #expect(values.count == 8)
            for index in stride(from: 0, to: values.count, by: 2) {
                #expect(values[index].hasPrefix("start") && values[index + 1] == values[index].replacingOccurrences(of: "start", with: "end"))
            }
        }
    }
}

actor SeenValues {
    var values: [String] = []
    func add(_ value: String) { values.append(value) }
}
