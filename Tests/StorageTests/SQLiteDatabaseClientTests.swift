import Foundation
import Logging
import SQLKit
import Storage
import Testing

@Suite("SQLite database client")
struct SQLiteDatabaseClientTests {
    @Test("synchronous is FULL, foreign keys on and WAL journaling on every connection")
    func pragmasOnEveryConnection() async throws {
        try await withTemporaryDatabase { database, _ in
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

    @Test("50 concurrent writes of which one rolls back: the other 49 persist")
    func concurrentWritesWithOneRollback() async throws {
        struct Boom: Error {}
        try await withTemporaryDatabase { database, _ in
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

    @Test("a unique violation surfaces as StorageError.uniqueViolation and the stored row is untouched")
    func uniqueViolationIsTyped() async throws {
        try await withTemporaryDatabase { database, _ in
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
                #expect(detail.contains("people.email"))
            }
            let names = try await database.read { db in
                try await db.raw("SELECT name FROM people").all(decodingColumn: "name", as: String.self)
            }
            #expect(names == ["first"])
        }
    }

    @Test("readers cannot write")
    func readersAreReadOnly() async throws {
        try await withTemporaryDatabase { database, _ in
            try await database.write { db in try await db.raw("CREATE TABLE t (x INTEGER)").run() }
            await #expect(throws: (any Error).self) {
                try await database.read { db in try await db.raw("INSERT INTO t VALUES (1)").run() }
            }
        }
    }
}

actor SeenValues {
    var values: [String] = []
    func add(_ value: String) { values.append(value) }
}
