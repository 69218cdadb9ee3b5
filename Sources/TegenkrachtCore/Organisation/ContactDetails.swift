/// How to reach someone a reporter may turn to: a phone number, an e-mail address, a room and when
/// they can be reached. Checked by `OrganisationValidator` (`problems`), shown on the home page, the
/// route cards and the bodies' pages.
public struct ContactDetails: Codable, Hashable, Sendable {
    public var phone: String?
    public var email: String?
    public var room: String?
    /// When they can be reached, in words ("maandag tot en met donderdag, 9 tot 17 uur").
    public var availability: String?

    public init(phone: String? = nil, email: String? = nil, room: String? = nil, availability: String? = nil) {
        self.phone = phone
        self.email = email
        self.room = room
        self.availability = availability
    }

    /// What is wrong with the details, as (field, problem key): a phone number of digits with the
    /// usual separators; an e-mail address with one "@" and no spaces or line breaks (it may end up in
    /// a header); short texts without control characters.
    public var problems: [(field: String, key: String)] {
        var found: [(String, String)] = []
        if let phone {
            let digits = phone.filter(\.isASCII).filter(\.isNumber).count
            let allowed = phone.unicodeScalars.allSatisfy { "0123456789 +-()".unicodeScalars.contains($0) }
            if !allowed || !(6...20).contains(digits) { found.append(("phone", "config.problem.badPhone")) }
        }
        if let email {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            let clean = email.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" && $0 != "," }
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || !clean || email.utf8.count > 254 {
                found.append(("email", "config.problem.badEmail"))
            }
        }
        for (field, text) in [("room", room), ("availability", availability)] {
            guard let text else { continue }
            if text.count > 200 || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                found.append((field, "config.problem.badText"))
            }
        }
        return found
    }

    public var isEmpty: Bool { [phone, email, room, availability].allSatisfy { ($0 ?? "").isEmpty } }
}
