import Foundation

/// The staff login page (`login.leaf`): the typed user name kept, a message or a notice.
struct LoginPage: Encodable, Sendable {
    var username: String = ""
    var message: String?
    var notice: String?
    /// Whether to offer the login through the organisation's provider.
    var sso: Bool = false
}
