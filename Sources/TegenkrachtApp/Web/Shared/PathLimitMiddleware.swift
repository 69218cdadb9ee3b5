import TegenkrachtUseCases
import Vapor

/// A path segment longer than any file name can be (255 bytes) names nothing here: 404 at once,
/// before the file middleware asks the file system and gets "name too long" (issue 16: that was a 500).
struct PathLimitMiddleware: AsyncMiddleware {
    static let maxSegmentBytes = 255

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.url.path.split(separator: "/").contains(where: { $0.utf8.count > Self.maxSegmentBytes }) {
            throw Abort(.notFound)
        }
        return try await next.respond(to: request)
    }
}
