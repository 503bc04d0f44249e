import Foundation
import Logging
import SQLKit
import Storage
import Testing
import TimeSource
@testable import UserPool

/// The outbox's codes: one live code per user and purpose, an hour, once, five wrong guesses, five
/// messages an hour; the text sealed, the code kept only as a digest; a week's retention.
@Suite("Outbox and codes")
struct OutboxTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    func withOutbox(_ body: (Outbox, ManualClock, SQLiteDatabaseClient) async throws -> Void) async throws {
        try await MigratedDatabase.with(startingAt: start) { database, clock, logger in
            let outbox = Outbox(database: database, box: SecretBox(masterKey: MasterKey.generate()), clock: clock, logger: logger)
            try await body(outbox, clock, database)
        }
    }

    /// Sends a code and reads it back from the message text, as the operator would.
    func sendAndRead(_ outbox: Outbox, sub: String = "u1") async throws -> String {
        let message = try await outbox.sendCode(to: "an@example.com", userSub: sub, purpose: "forgot_password") { "Your code is \($0)." }
        let stored = try #require(try await outbox.message(id: message.id))
        let body = try #require(stored.body)
        return String(try #require(body.split(separator: " ").last?.dropLast()))
    }

    @Test("a code works once, and not after its hour")
    func singleUseAndExpiry() async throws {
        try await withOutbox { outbox, clock, _ in
            let code = try await sendAndRead(outbox)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            try await outbox.useCode(code, userSub: "u1", purpose: "forgot_password")
            await #expect(throws: VerificationCodeError.expired) { try await outbox.useCode(code, userSub: "u1", purpose: "forgot_password") }
            let late = try await sendAndRead(outbox)
            clock.advance(by: Outbox.codeValidity + 1)
            await #expect(throws: VerificationCodeError.expired) { try await outbox.useCode(late, userSub: "u1", purpose: "forgot_password") }
        }
    }

    @Test("five wrong guesses end the code; a newer code replaces an older one")
    func guessesAndReplacement() async throws {
        try await withOutbox { outbox, _, _ in
            let code = try await sendAndRead(outbox)
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<Outbox.maximumFailedAttempts {
                await #expect(throws: VerificationCodeError.mismatch) { try await outbox.useCode(wrong, userSub: "u1", purpose: "forgot_password") }
            }
            await #expect(throws: VerificationCodeError.limitExceeded) { try await outbox.useCode(code, userSub: "u1", purpose: "forgot_password") }
            let first = try await sendAndRead(outbox)
            let second = try await sendAndRead(outbox)
            if first != second {
                await #expect(throws: VerificationCodeError.mismatch) { try await outbox.useCode(first, userSub: "u1", purpose: "forgot_password") }
            }
            try await outbox.useCode(second, userSub: "u1", purpose: "forgot_password")
        }
    }

    @Test("a user gets five messages an hour; others are not affected; the bound frees up")
    func hourlyBound() async throws {
        try await withOutbox { outbox, clock, _ in
            for _ in 0..<Outbox.maximumMessagesPerHour { _ = try await sendAndRead(outbox) }
            await #expect(throws: VerificationCodeError.limitExceeded) { _ = try await sendAndRead(outbox) }
            _ = try await sendAndRead(outbox, sub: "u2")
            clock.advance(by: 3601)
            _ = try await sendAndRead(outbox)
        }
    }

    @Test("neither the code nor the text is stored in clear; the sweep keeps a week of messages")
    func sealedAndSwept() async throws {
        try await withOutbox { outbox, clock, database in
            let code = try await sendAndRead(outbox)
            let dump = try await database.read { db in
                try await db.raw("SELECT * FROM outbox_messages").all().count
                    + (try await db.raw("SELECT code_digest FROM verification_codes").all(decodingColumn: "code_digest", as: String.self))
                    .filter { $0.contains(code) }.count * 1000
            }
            #expect(dump == 1)
            let sealed = try await database.read { db in
                try await db.raw("SELECT sealed_body FROM outbox_messages").first(decodingColumn: "sealed_body", as: Data.self)
            }
            #expect(!(String(data: try #require(sealed), encoding: .isoLatin1) ?? "").contains(code))
            clock.advance(by: Outbox.retention + 1)
            #expect(try await outbox.sweep() == 2)
            #expect(try await outbox.list().isEmpty)
        }
    }
}
