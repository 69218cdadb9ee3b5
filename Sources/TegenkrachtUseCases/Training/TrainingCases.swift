import FluentKit
import Foundation
import TegenkrachtCore

/// The fictional cases of training mode (issue 18), as `Resources/Learning/training-cases.json` holds
/// them: each written from a pattern of the report, with the lines it comes from.
package struct TrainingCaseBook: Decodable, Sendable {
    package let formatVersion: Int
    package let source: String
    package let cases: [TrainingCase]

    package static func load(file: String) throws -> TrainingCaseBook {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let book = try JSONDecoder().decode(TrainingCaseBook.self, from: data)
        guard book.formatVersion == 1 else { throw TrainingCaseProblem(caseID: "-", reason: "formatVersion \(book.formatVersion) is not 1") }
        return book
    }
}

package struct TrainingCase: Decodable, Sendable {
    package let id: String
    package let title: String
    package let pattern: String
    package let sourceLines: [String]
    /// A report made through the intake, as a reporter makes it.
    package let report: TrainingReport?
    /// A retaliation report made afterwards through the portal, linked to `report`.
    package let retaliation: String?
    /// Signals registered by hand with their own (earlier) date of receipt.
    package let signals: [TrainingSignal]?
}

package struct TrainingReport: Decodable, Sendable {
    package struct Accused: Decodable, Sendable {
        let name: String
        let function: String?
        let unit: String?
    }

    package struct Identity: Decodable, Sendable {
        let name: String?
        let email: String?
        let phone: String?
        let function: String?
    }

    let kind: String
    let mode: String
    let recipient: String
    let handler: String?
    let reporterGroup: String?
    let accusedGroup: String?
    let whatHappened: String
    let when: String?
    let places: [String]?
    let frequency: String?
    let behaviourItems: [String]?
    let accused: [Accused]?
    let witnesses: String?
    let othersAffected: String?
    let impact: String?
    let wish: String?
    let identity: Identity?
}

package struct TrainingSignal: Decodable, Sendable {
    let monthsAgo: Int
    let kind: String
    let channel: String
    let registeredBy: String
    let reporterGroup: String?
    let accusedGroup: String?
    let behaviourItems: [String]
    let powerGap: Bool?
    let accusedName: String
    let accusedUnit: String?
}

/// A training case that cannot be made: said with the case and the reason, never skipped.
package struct TrainingCaseProblem: Error, CustomStringConvertible {
    package let caseID: String
    package let reason: String
    package var description: String { "training case \(caseID): \(reason)" }
}

/// Seeding outside training mode: refused, so fictional cases never land among real ones.
package struct NotInTrainingMode: Error, CustomStringConvertible {
    package var description: String { "fictional training cases are only made in training mode (TEGENKRACHT_TRAINING=1)" }
}

/// Puts the fictional cases into a training database through the real use cases: the intake's
/// `ReportService.submit` (case, staffing, timeline, audit entry, registry follow-up), the portal's
/// `ReportRetaliation` and the registry's `RegisterSignal` (with its pattern check). So the network
/// practises on exactly what the real flows make, and a case the real flows refuse fails loudly.
package enum TrainingSeed {
    package struct Result: Sendable, Equatable {
        package let reports: Int
        package let signals: Int
    }

    /// Seeds once: only into a training database that holds no report and no registry entry yet.
    /// Returns nil when there was something already.
    @discardableResult
    package static func seedIfEmpty(app: any ServiceContext, db: any Database) async throws -> Result? {
        guard app.tegenkracht.isTraining else { throw NotInTrainingMode() }
        guard try await Report.query(on: db).count() == 0, try await RegistryEntry.query(on: db).count() == 0 else { return nil }
        let book = try TrainingCaseBook.load(file: app.tegenkracht.trainingCasesFile)
        return try await seed(book, app: app, db: db)
    }

    /// All cases in one unit of work: a case that fails leaves no half-made set behind, and the next
    /// start tries again. The registry follow-ups are delivered after the commit.
    package static func seed(_ book: TrainingCaseBook, app: any ServiceContext, db: any Database) async throws -> Result {
        guard app.tegenkracht.isTraining else { throw NotInTrainingMode() }
        let result = try await UnitOfWork.run(db) { tx in
            var reports = 0
            var signals = 0
            for trainingCase in book.cases {
                if let report = trainingCase.report {
                    let receipt = try await submit(report, caseID: trainingCase.id, app: app, db: tx)
                    reports += 1
                    if let text = trainingCase.retaliation {
                        guard let stored = try await Report.find(receipt.reportID, on: tx) else {
                            throw TrainingCaseProblem(caseID: trainingCase.id, reason: "the report just made is not there")
                        }
                        _ = try await ReportRetaliation.run(text: text, report: stored, app: app, db: tx)
                        reports += 1
                    }
                } else if trainingCase.retaliation != nil {
                    throw TrainingCaseProblem(caseID: trainingCase.id, reason: "retaliation needs a report to retaliate against")
                }
                for signal in trainingCase.signals ?? [] {
                    try await register(signal, caseID: trainingCase.id, app: app, db: tx)
                    signals += 1
                }
                if trainingCase.report == nil && (trainingCase.signals ?? []).isEmpty {
                    throw TrainingCaseProblem(caseID: trainingCase.id, reason: "neither a report nor signals")
                }
            }
            return Result(reports: reports, signals: signals)
        }
        _ = await Outbox.drain(app: app)
        return result
    }

    static func submit(_ r: TrainingReport, caseID: String, app: any ServiceContext, db: any Database) async throws -> ReportService.Receipt {
        func problem(_ reason: String) -> TrainingCaseProblem { TrainingCaseProblem(caseID: caseID, reason: reason) }
        guard let kind = ReportKind(rawValue: r.kind) else { throw problem("unknown kind \(r.kind)") }
        guard let mode = IdentityMode(rawValue: r.mode) else { throw problem("unknown mode \(r.mode)") }
        guard let recipient = RecipientKind(rawValue: r.recipient) else { throw problem("unknown recipient \(r.recipient)") }
        var places: [Place] = []
        for raw in r.places ?? [] {
            guard let place = Place(rawValue: raw) else { throw problem("unknown place \(raw)") }
            places.append(place)
        }
        let frequency = try r.frequency.map { raw in
            guard let value = Frequency(rawValue: raw) else { throw problem("unknown frequency \(raw)") }
            return value
        }
        let items = r.behaviourItems ?? []
        if let unknown = items.first(where: { BehaviourItem.item(code: $0) == nil }) { throw problem("unknown behaviour item \(unknown)") }
        for group in [r.reporterGroup, r.accusedGroup].compactMap({ $0 }) where RouteGroup(rawValue: group) == nil {
            throw problem("unknown group \(group)")
        }
        let content = ReportContent(
            whatHappened: r.whatHappened, when: r.when ?? "", places: places, frequency: frequency, behaviourItems: items,
            accused: (r.accused ?? []).map { AccusedPerson(name: $0.name, function: $0.function ?? "", unit: $0.unit ?? "") },
            witnesses: r.witnesses ?? "", othersAffected: r.othersAffected ?? "", impact: r.impact ?? "", wish: r.wish ?? "",
            reporterGroup: r.reporterGroup, accusedGroup: r.accusedGroup)
        let identity = ReportIdentity(name: r.identity?.name ?? "", email: r.identity?.email ?? "", phone: r.identity?.phone ?? "",
                                      function: r.identity?.function ?? "")
        // The intake form's own checks, so that a case the form would refuse is refused here too.
        let problems = IntakeValidator.problems(kind: kind, mode: mode, recipient: recipient, advisorChosen: r.handler != nil,
                                                content: content, identity: identity)
        if !problems.isEmpty {
            throw problem("the intake refuses it: " + problems.map { "\($0.field) \($0.key)" }.joined(separator: ", "))
        }
        if let handler = r.handler {
            let organisation = try await app.organisationStore.current(on: db)
            guard organisation?.person(id: handler) != nil else { throw problem("no person \(handler) in the organisation") }
        }
        return try await ReportService.submit(
            Submission(kind: kind, mode: mode, recipient: recipient, handlerPersonID: r.handler, content: content, identity: identity),
            app: app, db: db)
    }

    static func register(_ s: TrainingSignal, caseID: String, app: any ServiceContext, db: any Database) async throws {
        func problem(_ reason: String) -> TrainingCaseProblem { TrainingCaseProblem(caseID: caseID, reason: reason) }
        guard let kind = RegistryRecord.Kind(rawValue: s.kind) else { throw problem("unknown registry kind \(s.kind)") }
        guard let channel = RegistryRecord.Channel(rawValue: s.channel) else { throw problem("unknown channel \(s.channel)") }
        guard s.monthsAgo >= 0 else { throw problem("a signal cannot be received in the future") }
        if let unknown = s.behaviourItems.first(where: { BehaviourItem.item(code: $0) == nil }) { throw problem("unknown behaviour item \(unknown)") }
        guard !s.behaviourItems.isEmpty else { throw problem("a signal needs a behaviour") }
        let organisation = try await app.organisationStore.current(on: db)
        guard organisation?.person(id: s.registeredBy) != nil else { throw problem("no person \(s.registeredBy) in the organisation") }
        // Back-dated: received months ago (from the service's clock), registered now, as a manager
        // working through an old backlog does in the registration form.
        let received = app.today.adding(months: -s.monthsAgo)
        var subjects = RegistryService.subjects(accused: [AccusedPerson(name: s.accusedName, unit: s.accusedUnit ?? "")],
                                                organisation: organisation, on: received)
        if let unit = s.accusedUnit, let known = organisation?.units.first(where: { $0.id == unit }),
           !subjects.contains(where: { $0.identifier == .unit(unit) }) {
            subjects.append(RegistryService.Subject(identifier: .unit(unit), label: known.name))
        }
        let record = RegistryRecord(
            kind: kind, channel: channel,
            reporterGroup: s.reporterGroup.flatMap(RouteGroup.init(rawValue:))?.rawValue,
            accusedGroup: s.accusedGroup.flatMap(RouteGroup.init(rawValue:))?.rawValue,
            behaviourItems: s.behaviourItems, powerGap: s.powerGap ?? false, received: received,
            stage: CaseStage.listening.rawValue)
        try await RegisterSignal.run(record, subjects: subjects, registeredBy: s.registeredBy, actor: .system, app: app, db: db)
    }
}
