import Vapor

/// The staff landing page after login. The case inbox (issue 5) will live here.
enum WorkspaceController {
    struct Content: Encodable, Sendable {
        let role: String
    }

    @Sendable static func index(req: Request) async throws -> Response {
        guard let staff = req.staff else { return req.redirect(to: "/inloggen") }
        return try await req.renderPage("workspace", titleKey: "workspace.title",
                                        Content(role: req.text("staffrole.\(staff.role.rawValue)")))
    }
}
