import Hummingbird
import NIOCore

/// A request context that carries what the gateway established about a request.
public protocol GatewayContext: RequestContext {
    /// The verified caller, set by ``JWTAuthorizer``; nil on routes without authorization.
    var principal: Principal? { get set }
    /// The request id, also sent back as `apigw-requestid`.
    var requestID: String { get set }
}

/// The request context of the whole application.
public struct GatewayRequestContext: GatewayContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var requestID: String
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.principal = nil
        self.requestID = ""
        self.remoteAddress = source.channel.remoteAddress
    }
}
