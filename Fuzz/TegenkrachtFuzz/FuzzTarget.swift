import Foundation
import TegenkrachtCore

/// Every parser that input reaches in the core, under libFuzzer (issue 16). The first byte picks the
/// parser; the rest is its input. A crash, a trap (overflow, force-unwrap, index out of range) or an
/// address-sanitizer report is a finding. `scripts/fuzz` builds and runs it; without the fuzzer the
/// same code replays files (the seed corpus, or a crash libFuzzer wrote).
enum FuzzTarget {
    /// The rule books, read once from `TEGENKRACHT_ROOT` (or the working directory).
    static let resources: String = {
        let root = ProcessInfo.processInfo.environment["TEGENKRACHT_ROOT"] ?? FileManager.default.currentDirectoryPath
        return (root as NSString).appendingPathComponent("Resources")
    }()
    static let procedures = try? ProcedureBook.load(directory: resources + "/Procedures")
    static let routeRules = try? RouteRuleBook.load(directory: resources + "/Routes")
    static let instruments = try? InstrumentBook.load(directory: resources + "/Monitor")

    static let parsers: [(String, @Sendable (String, Data) -> Void)] = [
        ("date", date), ("deadline-events", deadlineEvents), ("route-question", routeQuestion),
        ("receipt-code", receiptCode), ("organisation-file", organisationFile), ("instrument", instrument),
        ("survey-answers", surveyAnswers), ("survey-page-form", surveyPageForm), ("participation-code", participationCode),
        ("form-fields", formFields), ("multipart", multipart),
    ]

    static func one(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let data = Data(bytes.dropFirst())
        let text = String(decoding: data, as: UTF8.self)
        parsers[Int(selector) % parsers.count].1(text, data)
    }

    /// A date, then the arithmetic and the term-end rule every deadline uses.
    static func date(_ text: String, _ data: Data) {
        guard let date = LocalDate(iso: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
        let number = data.reduce(0) { ($0 &* 31) &+ Int($1) }
        _ = AlgemeneTermijnenwet.termEnd(date.adding(days: number))
        _ = date.adding(months: number).adding(years: number)
        _ = date.days(until: date.adding(days: number))
    }

    /// `procedure` on the first line, then `event=YYYY-MM-DD` lines: what the deadlines API and CLI take.
    static func deadlineEvents(_ text: String, _ data: Data) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let procedures, !lines.isEmpty else { return }
        let id = lines.removeFirst()
        let pairs = lines.map { line -> (String, String) in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
        guard let events = try? ProcedureInputError.parseEvents(pairs), let fallback = LocalDate(year: 2026, month: 1, day: 1) else { return }
        let day = events.values.max() ?? fallback
        for procedureID in [id] + procedures.procedureIDs {
            if let definition = procedures.definition(procedureID, on: day) {
                _ = try? DeadlineCalculator.deadlines(definition, events: events)
            }
        }
    }

    /// The route finder's seven parameters, one per line.
    static func routeQuestion(_ text: String, _ data: Data) {
        let f = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func field(_ i: Int) -> String? { i < f.count ? f[i] : nil }
        guard let question = try? RouteQuestion.parse(
            reporter: field(0), accused: field(1), behaviours: field(2)?.split(separator: ",").map(String.init) ?? [],
            wish: field(3), reporterAdopted: field(4), accusedAdopted: field(5), occurredOn: field(6)),
            let fallback = LocalDate(year: 2026, month: 6, day: 1) else { return }
        let day = question.occurredOn ?? fallback
        if let rules = routeRules?.inForce(on: day) {
            _ = RouteFinder.answer(question, rules: rules, on: day)
        }
    }

    static func receiptCode(_ text: String, _ data: Data) {
        _ = ReceiptCode(typed: text)
    }

    /// An organisation file as the admin page and `organisation validate` take it.
    static func organisationFile(_ text: String, _ data: Data) {
        guard let organisation = try? OrganisationFile.parse(data) else { return }
        let day = organisation.validFrom
        for role in organisation.roles.prefix(50) { _ = organisation.roles(of: role.person, on: day) }
        _ = organisation.units(on: day)
        _ = OrganisationFile.encode(organisation)
    }

    static func instrument(_ text: String, _ data: Data) {
        guard let instrument = try? Instrument.decode(id: "fuzz", version: "1", from: data) else { return }
        let flow = SurveyFlow(instrument: instrument)
        var page: Int? = 0
        var seen = 0
        while let index = page, seen < 200 {
            _ = flow.visibleQuestions(onPage: index, answers: [:])
            page = flow.nextPage(after: index, answers: [:])
            seen += 1
        }
    }

    /// A survey draft's answers (what a device posts page by page) against the real instruments.
    static func surveyAnswers(_ text: String, _ data: Data) {
        guard let answers = try? JSONDecoder().decode(SurveyAnswers.self, from: data), let instruments else { return }
        for instrument in instruments.instruments {
            let flow = SurveyFlow(instrument: instrument)
            let pruned = flow.pruned(answers)
            var page: Int? = 0
            var seen = 0
            while let index = page, seen < 200 {
                _ = flow.visibleQuestions(onPage: index, answers: pruned)
                page = flow.nextPage(after: index, answers: pruned)
                seen += 1
            }
        }
    }
}

extension FuzzTarget {
    /// A survey page as posted (url-encoded, `a:<question>` fields), checked against every page of the
    /// real instruments as the survey controller does, then pruned.
    static func surveyPageForm(_ text: String, _ data: Data) {
        guard let instruments else { return }
        let fields = FormFields.grouped(text)
        var answers: SurveyAnswers = [:]
        for (name, values) in fields where name.hasPrefix("a:") { answers[String(name.dropFirst(2))] = values }
        for instrument in instruments.instruments {
            let flow = SurveyFlow(instrument: instrument)
            for page in flow.pages.indices.prefix(40) {
                let questions = flow.visibleQuestions(onPage: page, answers: answers)
                _ = SurveyValidator.check(answers, questions: questions)
            }
            _ = flow.pruned(answers)
        }
    }

    static func participationCode(_ text: String, _ data: Data) {
        _ = ParticipationCode.normalised(text)
    }

    /// A multipart body (the intake form with attachments): the boundary on the first line, then the
    /// body, fed in two pieces split where the second byte says (a stream arrives in pieces).
    static func multipart(_ text: String, _ data: Data) {
        let bytes = [UInt8](data)
        guard let newline = bytes.firstIndex(of: 10), bytes.count > newline + 1 else { return }
        guard let parser = MultipartStream(boundary: String(decoding: bytes[..<newline], as: UTF8.self)) else { return }
        var parts = 0
        var bodyBytes = 0
        parser.onHeader = { name, value in _ = name.count + value.count }
        parser.onBody = { bodyBytes += $0.count }
        parser.onPartComplete = { parts += 1 }
        let body = bytes[(newline + 1)...]
        let cut = body.startIndex + Int(body.first ?? 0) % max(1, body.count)
        do {
            try parser.execute(body[..<cut])
            try parser.execute(body[cut...])
        } catch {}
    }

    /// Any url-encoded body, as the intake form without files and every other form arrive.
    static func formFields(_ text: String, _ data: Data) {
        _ = FormFields.parse(text)
        _ = FormFields.grouped(text)
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    FuzzTarget.one(Array(UnsafeBufferPointer(start: start, count: count)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; here that starts libFuzzer's driver.
@_cdecl("TegenkrachtFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { start, size in fuzzTestOneInput(start, size) }
}
#else
/// Replays files (or every file in a directory) through the same parsers.
@main
struct Replay {
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            let paths = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                FuzzTarget.one([UInt8](data))
                count += 1
            }
        }
        print("replayed \(count) inputs")
    }
}
#endif
