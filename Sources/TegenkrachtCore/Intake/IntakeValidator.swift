/// The checks on a report before it is accepted. Problems are per field, as localisation keys, so the
/// form can show each next to its field and keep everything typed.
public enum IntakeValidator {
    public static let maxTextLength = 20_000
    public static let maxShortLength = 300
    public static let maxAccused = 10

    /// Whether a text fits a limit of `max` characters. Bytes count too (issue 16): one "character"
    /// can be a megabyte of combining marks, so a text may also hold at most 4 bytes per allowed
    /// character (what the longest ordinary character takes in UTF-8).
    public static func fits(_ text: String, max: Int) -> Bool {
        text.utf8.count <= max * 4 && text.count <= max
    }

    /// A plausible e-mail address: one `@`, something on both sides, no spaces and no control
    /// characters (a CR or LF would let an address add lines to a mail header), at most 254 bytes.
    public static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        // No leading "-": the mail program would read it as an option (Mailer refuses it too).
        return text.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.hasPrefix("-")
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }

    public struct Problem: Hashable, Sendable {
        public let field: String
        public let key: String
        public let arguments: [String: String]

        public init(field: String, key: String, arguments: [String: String] = [:]) {
            self.field = field
            self.key = key
            self.arguments = arguments
        }
    }

    public static func problems(kind: ReportKind?, mode: IdentityMode?, recipient: RecipientKind?, advisorChosen: Bool,
                                content: ReportContent, identity: ReportIdentity) -> [Problem] {
        var found: [Problem] = []
        if kind == nil { found.append(Problem(field: "kind", key: "intake.error.required")) }
        if mode == nil { found.append(Problem(field: "mode", key: "intake.error.required")) }
        if recipient == nil { found.append(Problem(field: "recipient", key: "intake.error.required")) }
        if recipient == .confidentialAdvisor && !advisorChosen {
            found.append(Problem(field: "advisor", key: "intake.error.chooseAdvisor"))
        }
        if content.whatHappened.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(Problem(field: "whatHappened", key: "intake.error.required"))
        }
        let long = ["whatHappened": content.whatHappened, "witnesses": content.witnesses,
                    "othersAffected": content.othersAffected, "impact": content.impact, "wish": content.wish]
        for (field, text) in long.sorted(by: { $0.key < $1.key }) where !fits(text, max: maxTextLength) {
            found.append(Problem(field: field, key: "intake.error.tooLong",
                                 arguments: ["max": String(maxTextLength), "count": String(text.count)]))
        }
        let short = ["when": content.when, "name": identity.name, "email": identity.email, "phone": identity.phone,
                     "function": identity.function, "postalAddress": identity.postalAddress]
        for (field, text) in short.sorted(by: { $0.key < $1.key }) where !fits(text, max: maxShortLength) {
            found.append(Problem(field: field, key: "intake.error.tooLong",
                                 arguments: ["max": String(maxShortLength), "count": String(text.count)]))
        }
        if content.accused.count > maxAccused {
            found.append(Problem(field: "accused", key: "intake.error.tooManyAccused", arguments: ["max": String(maxAccused)]))
        }
        for (i, person) in content.accused.enumerated() {
            for (field, text) in [("name", person.name), ("function", person.function), ("unit", person.unit)]
            where !fits(text, max: maxShortLength) {
                found.append(Problem(field: "accused", key: "intake.error.tooLong",
                                     arguments: ["max": String(maxShortLength), "count": String(text.count)]))
            }
        }
        // A name is what makes a report named or confidential.
        if mode == .named || mode == .confidential, identity.name.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(Problem(field: "name", key: "intake.error.nameNeeded"))
        }
        if mode == .anonymous && !identity.isEmpty {
            found.append(Problem(field: "name", key: "intake.error.anonymousWithIdentity"))
        }
        if !identity.email.isEmpty && !isPlausibleEmail(identity.email) {
            found.append(Problem(field: "email", key: "intake.error.email"))
        }
        // The Klachtenregeling asks a written complaint from a named complainant, about a named person,
        // to the committee (000a §2.2, §3.5).
        if kind == .complaint {
            if recipient?.takesComplaints != true { found.append(Problem(field: "recipient", key: "intake.error.complaintToCommittee")) }
            if mode == .anonymous { found.append(Problem(field: "mode", key: "intake.error.complaintNotAnonymous")) }
            if content.accused.allSatisfy({ $0.name.trimmingCharacters(in: .whitespaces).isEmpty }) {
                found.append(Problem(field: "accused", key: "intake.error.complaintNeedsAccused"))
            }
            if content.when.trimmingCharacters(in: .whitespaces).isEmpty {
                found.append(Problem(field: "when", key: "intake.error.complaintNeedsWhen"))
            }
            // The College's regulation asks "de naam en het postadres van de klager, de naam van het
            // Kamerlid over wie de klacht gaat en de feiten" (woo-besluit L5627); without them it refuses
            // the complaint as "voldoet niet aan formele vereisten". The form says so before sending.
            if recipient == .integrityBoard, identity.postalAddress.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                found.append(Problem(field: "postalAddress", key: "intake.error.collegeNeedsAddress"))
            }
        } else if recipient?.takesComplaints == true {
            found.append(Problem(field: "recipient", key: "intake.error.committeeOnlyComplaints"))
        }
        return found
    }

}

/// Attachments: a size limit and an allow-list of types, checked on the bytes, not on the name.
public enum AttachmentPolicy {
    public static let maxBytes = 10 * 1024 * 1024
    public static let maxCount = 5

    public enum FileType: String, CaseIterable, Sendable {
        case pdf = "application/pdf", png = "image/png", jpeg = "image/jpeg", text = "text/plain"
        case docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

        public var fileExtension: String {
            switch self {
            case .pdf: return "pdf"
            case .png: return "png"
            case .jpeg: return "jpg"
            case .text: return "txt"
            case .docx: return "docx"
            }
        }
    }

    /// The type the bytes really are, if it is one we accept.
    public static func detect(_ bytes: [UInt8], filename: String) -> FileType? {
        detect(head: bytes, filename: filename, isPlainText: String(validating: bytes, as: UTF8.self) != nil && !bytes.contains(0))
    }

    /// The same rule for a file that streams past: its first bytes, and whether the whole file was
    /// valid UTF-8 without NUL bytes (checked as it went by, `UTF8Stream`).
    public static func detect(head: [UInt8], filename: String, isPlainText: Bool) -> FileType? {
        let lower = filename.lowercased()
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) && lower.hasSuffix(".docx") { return .docx }
        if lower.hasSuffix(".txt") && isPlainText { return .text }
        return nil
    }

    /// Bytes that are needed to recognise a file's type.
    public static let headLength = 16
}

/// Checks, piece by piece, that a stream of bytes is valid UTF-8 without NUL bytes, for text
/// attachments that are never held whole in memory. A character split across pieces is carried over.
public struct UTF8Stream: Sendable {
    private var carry: [UInt8] = []
    private var valid = true

    public init() {}

    public mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        guard valid else { return }
        let all = carry + Array(bytes)
        if all.contains(0) { valid = false; return }
        // Cut before a last character that is not complete yet.
        var cut = all.count
        var continuation = 0
        while continuation < 4, cut - continuation - 1 >= 0, all[cut - continuation - 1] & 0xC0 == 0x80 { continuation += 1 }
        let leadIndex = cut - continuation - 1
        if leadIndex >= 0 {
            let lead = all[leadIndex]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if length > continuation + 1 { cut = leadIndex }
        }
        if String(validating: all[..<cut], as: UTF8.self) == nil { valid = false; return }
        carry = Array(all[cut...])
        if carry.count > 3 { valid = false }
    }

    /// Whether everything fed was valid UTF-8 without NUL, and ended on a whole character.
    public var isPlainText: Bool { valid && carry.isEmpty }
}
