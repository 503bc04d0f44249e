import Foundation
import Hummingbird
import Logging

/// Outermost middleware: gives every request an id (`apigw-requestid` on the response), turns
/// unmatched routes and framework errors into API Gateway's JSON bodies, and writes one JSON
/// access-log line per request.
public struct RequestIDMiddleware<Context: GatewayContext>: RouterMiddleware {
    let accessLog: Logger

    public init(accessLog: Logger) {
        self.accessLog = accessLog
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = Self.makeRequestID()
        context.requestID = requestID
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Self.gatewayResponse(for: error)
        } catch let error as any HTTPResponseError {
            response = GatewayResponses.message(error.status, error.status.reasonPhrase)
        } catch {
            accessLog.error("unhandled error", metadata: ["request-id": "\(requestID)", "error": "\(error)"])
            response = GatewayResponses.message(.internalServerError, "Internal Server Error")
        }
        response.headers[.init("apigw-requestid")!] = requestID
        let elapsed = ContinuousClock.now - started
        let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        accessLog.info(
            "request",
            metadata: [
                "requestId": "\(requestID)", "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
                "status": "\(response.status.code)", "latencyMs": "\(String(format: "%.2f", millis))",
            ])
        return response
    }

    static func gatewayResponse(for error: HTTPError) -> Response {
        switch error.status {
        case .notFound: GatewayResponses.message(.notFound, "Not Found")
        case .contentTooLarge: GatewayResponses.message(.contentTooLarge, "Request Entity Too Large")
        default: GatewayResponses.message(error.status, error.status.reasonPhrase)
        }
    }

    /// A short, unique id in the style of API Gateway's (base64 of 10 random bytes).
    static func makeRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<10).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }
}
