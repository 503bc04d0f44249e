import Crypto
import Foundation
import Gateway
import HRDomain
import HRStore
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// `Idempotency-Key` on every POST: scope (caller `sub`, method, path); a successful (2xx)
/// response is replayed for a retry with the same body, any other answer is forgotten so the retry
/// runs again; the same key with a different body → 422 `idempotency_key_reused`; while the first
/// request is being handled → 409 `idempotency_key_in_use`; past the caller's hourly bound of keys
/// → 429 `idempotency_limit_reached`. Bodies compare as canonical JSON (sorted keys).
public struct IdempotencyMiddleware<Context: GatewayContext>: RouterMiddleware {
    let store: IdempotencyStore
    static var headerName: HTTPField.Name { HTTPField.Name("Idempotency-Key")! }

    public init(store: IdempotencyStore) {
        self.store = store
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.headerName] else {
            return try await next(request, context)
        }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw HRError.validationFailed([FieldError("/Idempotency-Key", "must be 1 to 255 visible ASCII characters")])
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 1_048_576)
        } catch {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        request.body = RequestBody(buffer: body)
        let subject = context.principal?.subject ?? "anonymous"
        let scope = Self.digest(Data("\(subject)\n\(request.method.rawValue)\n\(request.uri.path)\n\(key)".utf8))
        let requestHash = Self.digest(Self.canonical(Data(body.readableBytesView)))
        let caller = Self.digest(Data(subject.utf8))
        switch try await store.claim(scope: scope, requestHash: requestHash, caller: caller) {
        case .limitReached:
            throw HRError.tooManyRequests(
                code: "idempotency_limit_reached",
                detail: "this caller has used \(store.maximumKeysPerHour) Idempotency-Keys in the last hour; retry later or send the request without one")
        case .mismatch:
            throw HRError.ruleViolation(
                code: "idempotency_key_reused", detail: "this Idempotency-Key was used with a different request body",
                field: "/Idempotency-Key")
        case .inFlight:
            throw HRError.conflict(
                code: "idempotency_key_in_use", detail: "a request with this Idempotency-Key is still being handled",
                field: "/Idempotency-Key")
        case .replay(let status, let headers, let stored):
            var fields = HTTPFields()
            for (name, value) in headers {
                if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
            }
            fields[HTTPField.Name("Idempotent-Replayed")!] = "true"
            return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: stored)))
        case .new:
            let response: Response
            do {
                response = try await next(request, context)
            } catch let error as HRError {
                response = ProblemResponse.response(for: error)
            } catch {
                try? await store.release(scope: scope)
                throw error
            }
            let collector = BodyCollector()
            let copy = response
            try await copy.body.write(CollectingWriter(collector: collector))
            let bytes = collector.bytes
            if !(200..<300).contains(response.status.code) {
                try await store.release(scope: scope)
            } else {
                var kept: [String: String] = [:]
                for field in response.headers where ["content-type", "etag", "location"].contains(field.name.canonicalName) {
                    kept[field.name.canonicalName] = field.value
                }
                try await store.complete(scope: scope, status: Int(response.status.code), headers: kept, body: bytes)
            }
            var replayable = response
            replayable.body = .init(byteBuffer: ByteBuffer(bytes: bytes))
            return replayable
        }
    }

    static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// JSON re-encoded with sorted keys, so key order and whitespace do not make two bodies differ.
    static func canonical(_ data: Data) -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let normalised = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return data }
        return normalised
    }
}

/// Collects a response body as it is written.
final class BodyCollector: Sendable {
    private let buffer = Mutex(Data())
    var bytes: Data { buffer.withLock { $0 } }
    func append(_ chunk: ByteBuffer) { buffer.withLock { $0.append(contentsOf: chunk.readableBytesView) } }
}

struct CollectingWriter: ResponseBodyWriter {
    let collector: BodyCollector
    mutating func write(_ buffer: ByteBuffer) async throws { collector.append(buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
