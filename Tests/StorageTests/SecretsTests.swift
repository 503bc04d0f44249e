import Foundation
import Storage
import Testing
import TimeSource

@Suite("Master key and secret box")
struct SecretsTests {
    @Test("master.key is created once with mode 0600 and read back unchanged")
    func masterKeyFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("master.key").path
        let first = try MasterKey.loadOrCreate(at: path)
        #expect(first.created)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let second = try MasterKey.loadOrCreate(at: path)
        #expect(!second.created)
        #expect(second.key.base64 == first.key.base64)
    }

    @Test("a master key must be 32 bytes of base64")
    func masterKeyValidation() {
        #expect(throws: MasterKeyError.self) { try MasterKey(base64: "not base64!") }
        #expect(throws: MasterKeyError.self) { try MasterKey(base64: Data(count: 16).base64EncodedString()) }
    }

    @Test("a sealed secret opens with its context only, and not after tampering")
    func sealAndOpen() throws {
        let box = SecretBox(masterKey: .generate())
        let sealed = try box.seal(Data("s3cret".utf8), context: "client:1")
        #expect(try box.open(sealed, context: "client:1") == Data("s3cret".utf8))
        #expect(sealed.range(of: Data("s3cret".utf8)) == nil)
        #expect(throws: SecretBoxError.cannotOpen) { try box.open(sealed, context: "client:2") }
        var tampered = sealed
        tampered[tampered.count - 1] ^= 0x01
        #expect(throws: SecretBoxError.cannotOpen) { try box.open(tampered, context: "client:1") }
        let otherKey = SecretBox(masterKey: .generate())
        #expect(throws: SecretBoxError.cannotOpen) { try otherKey.open(sealed, context: "client:1") }
    }

    @Test("keys derived for different purposes differ")
    func purposesAreSeparated() throws {
        let master = MasterKey.generate()
        let a = SecretBox(masterKey: master, purpose: "a")
        let b = SecretBox(masterKey: master, purpose: "b")
        let sealed = try a.seal(Data("x".utf8), context: "c")
        #expect(throws: SecretBoxError.cannotOpen) { try b.open(sealed, context: "c") }
    }
}

@Suite("Instants in storage")
struct InstantTests {
    @Test("an instant survives the trip through epoch microseconds exactly")
    func microsecondRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 1_700_000_000...1_900_000_000, using: &generator))
            let stored = date.epochMicroseconds
            #expect(Date(epochMicroseconds: stored).epochMicroseconds == stored)
        }
    }
}
