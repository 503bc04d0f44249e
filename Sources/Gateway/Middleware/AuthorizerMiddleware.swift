import Hummingbird

/// Puts ``JWTAuthorizer`` in front of a group of routes: a refused token is answered 401 (or 403
/// for a missing scope) and the handler is never called; an accepted one reaches the handler as
/// `context.principal`.
public struct AuthorizerMiddleware<Context: GatewayContext>: RouterMiddleware {
    let authorizer: JWTAuthorizer
    /// Any-of scopes the routes demand; empty accepts any verified token.
    let scopes: [String]

    public init(authorizer: JWTAuthorizer, scopes: [String] = []) {
        self.authorizer = authorizer
        self.scopes = scopes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let principal: Principal
        do {
            principal = try await authorizer.authorize(authorization: request.headers[.authorization])
        } catch .unavailable {
            return GatewayResponses.message(.serviceUnavailable, "Service Unavailable")
        } catch {
            return GatewayResponses.unauthorized(reason: error.description)
        }
        if !scopes.isEmpty, !principal.scopes.contains(where: scopes.contains) {
            return GatewayResponses.forbidden(requiredScopes: scopes)
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}
