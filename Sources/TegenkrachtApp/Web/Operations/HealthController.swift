import TegenkrachtUseCases
import Vapor

/// Liveness and readiness (issue 17). `/healthz` answers as long as the process runs; `/readyz` says
/// whether this instance can serve: 200 with each check "ok", or 503 naming what is not ready. No
/// data, ids or paths are in either answer.
enum HealthController {
    struct Ready: Content {
        let ready: Bool
        let checks: [String: String]
    }

    @Sendable static func ready(req: Request) async throws -> Response {
        let findings = await Readiness.check(app: req.application, db: req.db)
        let body = Ready(ready: findings.allSatisfy { $0.problem == nil },
                         checks: Dictionary(uniqueKeysWithValues: findings.map { ($0.check, $0.problem == nil ? "ok" : "not ready") }))
        let response = Response(status: body.ready ? .ok : .serviceUnavailable)
        try response.content.encode(body, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
