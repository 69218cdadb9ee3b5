import Foundation

/// A questionnaire as data (issue 8): the report's own instrument (Bijlage 2, `questionnaire.json`)
/// is version 1.0, kept verbatim; later versions are files of their own, so a wave always knows the
/// exact version it asked and trends compare like with like (by question and option ids).
public struct Instrument: Sendable {
    public let id: String
    public let version: String
    public let sections: [Section]
    /// How the results are analysed (data, in `instruments.json`): which matrix questions are scales
    /// (means, SDs, comparisons), which are shown as shares only, and the group comparisons.
    public let analysis: Analysis

    public struct Analysis: Codable, Hashable, Sendable {
        public var scales: [String]
        public var sharesOnly: [String]
        public var comparisons: [Comparison]
        /// Who may read the results (role codes); aggregates only, behind the minimum group.
        public var readers: [FunctionaryRole]

        public init(scales: [String] = [], sharesOnly: [String] = [], comparisons: [Comparison] = [], readers: [FunctionaryRole] = []) {
            self.scales = scales
            self.sharesOnly = sharesOnly
            self.comparisons = comparisons
            self.readers = readers
        }
    }

    public struct Section: Codable, Hashable, Sendable {
        public var id: String
        public var titleNl: String
        public var titleEn: String
        public var introNl: String?
        public var introEn: String?
        public var condition: Condition?
        public var questions: [Question]
    }

    public struct Condition: Codable, Hashable, Sendable {
        public var expr: String
    }

    public struct Question: Codable, Hashable, Sendable {
        public var id: String
        public var number: Int?
        public var type: String
        public var textNl: String
        public var textEn: String
        public var headingNl: String?
        public var instructionNl: String?
        public var instructionEn: String?
        public var options: [Option]?
        public var items: [Item]?
        public var scale: Scale?
        public var condition: Condition?
        public var statements: [Statement]?
        public var validation: Validation?

        public var isInformation: Bool { type == "info" || type == "generated_code" }
    }

    public struct Option: Codable, Hashable, Sendable {
        public var code: String
        public var textNl: String
        public var textEn: String
        public var exclusiveSuggested: Bool?
        public var freeText: Bool?
    }

    public struct Item: Codable, Hashable, Sendable {
        public var id: String
        public var textNl: String
        public var textEn: String
        public var reverseCoded: Bool?

        public init(id: String, textNl: String, textEn: String, reverseCoded: Bool? = nil) {
            self.id = id
            self.textNl = textNl
            self.textEn = textEn
            self.reverseCoded = reverseCoded
        }
    }

    public struct Scale: Codable, Hashable, Sendable {
        public var kind: String
        public var min: Int
        public var max: Int
        public var labelsNl: [String: String]?
        public var labelsEn: [String: String]?

        public init(kind: String, min: Int, max: Int, labelsNl: [String: String]? = nil, labelsEn: [String: String]? = nil) {
            self.kind = kind
            self.min = min
            self.max = max
            self.labelsNl = labelsNl
            self.labelsEn = labelsEn
        }
    }

    public struct Statement: Codable, Hashable, Sendable {
        public var textNl: String?
        public var textEn: String?
        public var leadNl: String?
        public var leadEn: String?
    }

    public struct Validation: Codable, Hashable, Sendable {
        public var min: Int?
        public var max: Int?
    }

    public init(id: String, version: String, sections: [Section], analysis: Analysis = Analysis()) {
        self.id = id
        self.version = version
        self.sections = sections
        self.analysis = analysis
    }

    public var questions: [Question] { sections.flatMap(\.questions) }

    public func question(_ id: String) -> Question? {
        questions.first { $0.id == id }
    }

    public static func decode(id: String, version: String, from data: Data) throws -> Instrument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return Instrument(id: id, version: version, sections: try decoder.decode([Section].self, from: data))
    }
}

/// The instruments on disk (`Resources/Monitor/instruments.json` names each version and its file).
public struct InstrumentBook: Sendable {
    public let instruments: [Instrument]

    public init(instruments: [Instrument]) {
        self.instruments = instruments
    }

    struct Manifest: Codable {
        var id: String
        var version: String
        var file: String
        /// A version derived from another by named changes (e.g. 1.1 repairs the anomalies of 1.0).
        var base: String?
        var changes: [InstrumentChange]?
        var analysis: Instrument.Analysis?
    }

    public func instrument(_ id: String, version: String) -> Instrument? {
        instruments.first { $0.id == id && $0.version == version }
    }

    public static func load(directory: String) throws -> InstrumentBook {
        let manifestPath = (directory as NSString).appendingPathComponent("instruments.json")
        let manifests: [Manifest]
        do {
            manifests = try JSONDecoder().decode([Manifest].self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        } catch {
            throw RuleDataError(kind: .instruments, file: manifestPath, detail: "\(error)")
        }
        var result: [Instrument] = []
        for manifest in manifests {
            var instrument: Instrument
            let analysis = manifest.analysis ?? Instrument.Analysis()
            if let base = manifest.base, let from = result.first(where: { $0.id == manifest.id && $0.version == base }) {
                instrument = Instrument(id: manifest.id, version: manifest.version, sections: from.sections, analysis: analysis)
            } else {
                let path = (directory as NSString).appendingPathComponent(manifest.file)
                let sections = try Instrument.decode(id: manifest.id, version: manifest.version, from: Data(contentsOf: URL(fileURLWithPath: path))).sections
                instrument = Instrument(id: manifest.id, version: manifest.version, sections: sections, analysis: analysis)
            }
            for change in manifest.changes ?? [] { instrument = try change.apply(to: instrument) }
            result.append(instrument)
        }
        return InstrumentBook(instruments: result)
    }
}

/// One documented repair of a version (003b §2.4): a text, an option's wording, a question's type, or
/// an added option. Ids stay as they are, so that trends keep comparing like with like.
public struct InstrumentChange: Codable, Hashable, Sendable {
    public var anomaly: Int
    public var question: String
    public var option: String?
    public var textNl: String?
    public var textEn: String?
    /// A new heading for an information screen (an empty one removes it).
    public var headingNl: String?
    public var type: String?
    public var addOption: Instrument.Option?
    public var removeOption: String?
    public var why: String

    public struct Unknown: Error, CustomStringConvertible {
        public let question: String
        public var description: String { "instrument change for unknown question or option \(question)" }
    }

    func apply(to instrument: Instrument) throws -> Instrument {
        var sections = instrument.sections
        guard let s = sections.firstIndex(where: { $0.questions.contains { $0.id == question } }),
              let q = sections[s].questions.firstIndex(where: { $0.id == question }) else { throw Unknown(question: question) }
        var target = sections[s].questions[q]
        if let option {
            guard var options = target.options, let o = options.firstIndex(where: { $0.code == option }) else {
                throw Unknown(question: "\(question)-\(option)")
            }
            if let textNl { options[o].textNl = textNl }
            if let textEn { options[o].textEn = textEn }
            target.options = options
        } else {
            if let textNl { target.textNl = textNl }
            if let textEn { target.textEn = textEn }
            if let headingNl { target.headingNl = headingNl.isEmpty ? nil : headingNl }
        }
        if let type { target.type = type }
        if let addOption { target.options = (target.options ?? []) + [addOption] }
        if let removeOption { target.options?.removeAll { $0.code == removeOption } }
        sections[s].questions[q] = target
        return Instrument(id: instrument.id, version: instrument.version, sections: sections, analysis: instrument.analysis)
    }
}
