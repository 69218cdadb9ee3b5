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

    /// A phone number as people write one: digits with spaces, +, - and brackets; 6 to 20 digits.
    public static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.filter(\.isASCII).filter(\.isNumber).count
        return text.unicodeScalars.allSatisfy { "0123456789 +-()".unicodeScalars.contains($0) } && (6...20).contains(digits)
    }

    /// The number as it is dialled: a leading "+" kept, then the digits only ("06 12-34 56 78" is
    /// "0612345678"), for a `tel:` address (RFC 3966 allows no spaces) and for comparing numbers.
    public static func dialable(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return (trimmed.hasPrefix("+") ? "+" : "") + trimmed.filter(\.isASCII).filter(\.isNumber)
    }

    /// A short line of text: at most 200 characters, no line break or other control character.
    public static func isShortText(_ text: String) -> Bool {
        text.count <= 200 && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// What is wrong with the details, as (field, problem key): a phone number of digits with the
    /// usual separators; an e-mail address with one "@" and no spaces or line breaks (it may end up in
    /// a header); short texts without control characters.
    public var problems: [(field: String, key: String)] {
        var found: [(String, String)] = []
        if let phone, !Self.isPhoneNumber(phone) { found.append(("phone", "config.problem.badPhone")) }
        if let email {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            let clean = email.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" && $0 != "," }
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || !clean || email.utf8.count > 254 {
                found.append(("email", "config.problem.badEmail"))
            }
        }
        for (field, text) in [("room", room), ("availability", availability)] {
            if let text, !Self.isShortText(text) { found.append((field, "config.problem.badText")) }
        }
        return found
    }

    public var isEmpty: Bool { [phone, email, room, availability].allSatisfy { ($0 ?? "").isEmpty } }
}
