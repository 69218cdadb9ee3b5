/// One thing wrong with an organisation file: where it is and what is wrong, as a message key
/// with arguments so that it can be shown in the reader's language.
public struct ConfigurationProblem: Hashable, Sendable, Error, CustomStringConvertible {
    /// The file the problem is in, when it came from a file.
    public var file: String?
    /// The place in the document, as a path like `fracties[3].employer`.
    public var path: String
    /// The localisation key of the message (`config.problem.*`).
    public var key: String
    public var arguments: [String: String]

    public init(file: String? = nil, path: String, key: String, arguments: [String: String] = [:]) {
        self.file = file
        self.path = path
        self.key = key
        self.arguments = arguments
    }

    /// The problem in the reader's language: `file: path: message`.
    public func message(_ localizer: Localizer) -> String {
        let text = localizer.text(key, arguments)
        let place = path.isEmpty ? "" : "\(path): "
        return (file.map { "\($0): " } ?? "") + place + text
    }

    public var description: String {
        (file.map { "\($0): " } ?? "") + "\(path): \(key) \(arguments.sorted { $0.key < $1.key })"
    }
}

/// The organisation file could not be accepted; every problem found is listed.
public struct InvalidOrganisation: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
