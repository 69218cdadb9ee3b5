import Foundation
@testable import TegenkrachtApp
import Testing
import Vapor

/// Issue 17: every JSON endpoint is in the OpenAPI contract, and the contract is served as it is in
/// the repository. schemathesis checks the answers against it (tests/browser/test_api_contract.py).
@Suite("The OpenAPI contract")
struct OpenAPIContractTests {
    @Test("Served at /api/v1/openapi.json as the file holds it; every /api route is documented with its statuses")
    func everyRouteDocumented() async throws {
        try await withTestApp(.sqlite) { app in
            let served = try await TestBrowser(app).get("/api/v1/openapi.json")
            #expect(served.status == .ok)
            #expect(served.headers.first(name: .contentType)?.hasPrefix("application/json") == true)
            let file = try String(contentsOfFile: app.tegenkracht.openAPIFile, encoding: .utf8)
            #expect(served.body == file)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            let apiRoutes = app.routes.all.filter { $0.path.first?.description == "api" }
            #expect(apiRoutes.count >= 3)
            for route in apiRoutes {
                let path = "/" + route.path.map { component in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                let operation = (paths[path] as? [String: Any])?[route.method.rawValue.lowercased()] as? [String: Any]
                #expect(operation != nil, "\(route.method) \(path) is not in the contract")
                let statuses = Set(((operation?["responses"] as? [String: Any]) ?? [:]).keys)
                #expect(statuses.contains("200"), "\(path)")
                if path != "/api/v1/openapi.json" { #expect(statuses.contains("400"), "\(path): its refusal is documented") }
            }
        }
    }
}
