import Fluent
import Foundation
import TegenkrachtApp
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht-bench registry`: a year's annual reports and the dashboard over many registry entries
/// (issue 7: under 2 s with 1,000,000), and the pattern check on insert (an index look-up per subject).
/// Seeds the entries once, in batches, spread over channels, groups, behaviour, outcomes and 2,000
/// accused people.
struct RegistryBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "entries", help: "How many entries the year should hold (default 1000000).") var entries: Int?
        @Option(name: "runs", help: "Runs per measurement (default 5).") var runs: Int?
    }

    var help: String { "Seeds N registry entries for one year (once) and times the annual reports, the dashboard and inserts." }

    static let year = 2025

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let target = signature.entries ?? 1_000_000
        let runs = signature.runs ?? 5
        let existing = try await RegistryEntry.query(on: app.db).filter(\.$year == Self.year).count()
        if existing < target {
            let t0 = app.clock.now
            try await seed(target - existing, offset: existing, app: app)
            context.console.print(String(format: "seeded %d entries in %.0f s", target - existing, app.clock.now.timeIntervalSince(t0)))
        }
        let db = app.tegenkracht.usesPostgres ? "postgresql" : "sqlite"
        let k = app.tegenkracht.minimumCell
        var reportTimes: [Double] = []
        var dashboardTimes: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for template in app.reportBook.templates {
                _ = try await AnnualReports.filled(template, year: Self.year, k: k, db: app.db)
            }
            reportTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let scope = RegistryStatistics.Scope(year: Self.year)
            _ = try await RegistryStatistics.kpis(scope: scope, k: k, postgres: app.tegenkracht.usesPostgres, db: app.db)
            _ = try await RegistryStatistics.crossCounts(rows: "channel", columns: "reporterGroup", scope: scope, db: app.db)
            dashboardTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9)
        }
        // The pattern check on insert: 200 new signals about seeded people.
        var inserts: [Double] = []
        let day = try LocalDate(iso: "\(Self.year)-12-01").orThrow()
        for i in 0..<200 {
            let record = RegistryRecord(kind: .signal, channel: .lineManager, behaviourItems: ["a"], received: day)
            let t0 = DispatchTime.now().uptimeNanoseconds
            try await RegistryService.insert(record, source: nil, caseID: nil,
                                             subjects: [.init(identifier: .person("bench-\(i % 2000)"), label: "Bench")],
                                             registeredBy: nil, app: app, db: app.db)
            inserts.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        // The same for people nobody reported before (the usual case).
        var fresh: [Double] = []
        for i in 0..<100 {
            let record = RegistryRecord(kind: .signal, channel: .lineManager, behaviourItems: ["a"], received: day)
            let t0 = DispatchTime.now().uptimeNanoseconds
            try await RegistryService.insert(record, source: nil, caseID: nil,
                                             subjects: [.init(identifier: .person("new-\(UUID())-\(i)"), label: "Bench")],
                                             registeredBy: nil, app: app, db: app.db)
            fresh.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        fresh.sort()
        let total = try await RegistryEntry.query(on: app.db).filter(\.$year == Self.year).count()
        func stats(_ values: [Double]) -> (Double, Double) {
            let sorted = values.sorted()
            return (sorted[sorted.count / 2], sorted.last ?? 0)
        }
        let (reportMedian, reportMax) = stats(reportTimes)
        let (dashboardMedian, dashboardMax) = stats(dashboardTimes)
        let sortedInserts = inserts.sorted()
        context.console.print(String(format: "%@ %d entries: the four annual reports %.2f s (max %.2f s), dashboard %.2f s (max %.2f s), insert with pattern check about someone with 500 earlier signals p50 %.1f ms, p95 %.1f ms, about someone new p50 %.1f ms, p95 %.1f ms",
                                     db, total, reportMedian, reportMax, dashboardMedian, dashboardMax,
                                     sortedInserts[sortedInserts.count / 2], sortedInserts[sortedInserts.count * 95 / 100],
                                     fresh[fresh.count / 2], fresh[fresh.count * 95 / 100]))
    }

    func seed(_ count: Int, offset: Int, app: Application) async throws {
        let channels = RegistryRecord.Channel.allCases
        let groups = RouteGroup.allCases.map(\.rawValue)
        let outcomes: [String?] = [nil, "informeel-opgelost", "doorverwezen", "gegrond", "geen-actie", "ingetrokken"]
        let items = BehaviourItem.all.map(\.code)
        let batch = 500
        var done = 0
        while done < count {
            let n = min(batch, count - done)
            var entries: [RegistryEntry] = []
            var subjects: [RegistrySubject] = []
            for j in 0..<n {
                let i = offset + done + j
                let entry = RegistryEntry()
                entry.id = UUID()
                entry.source = "bench:\(i)"
                entry.kind = i % 3 == 0 ? "signaal" : "melding"
                entry.channel = channels[i % channels.count].rawValue
                entry.reporterGroup = groups[i % groups.count]
                entry.accusedGroup = groups[(i / 7) % groups.count]
                entry.behaviourItems = [items[i % items.count], items[(i / 3) % items.count]].joined(separator: ",")
                entry.powerGap = i % 4 == 0
                let received = try LocalDate(iso: "\(Self.year)-01-01").orThrow().adding(days: i % 330)
                entry.receivedOn = received.iso
                entry.year = Self.year
                entry.stage = CaseStage.allCases[i % CaseStage.allCases.count].rawValue
                entry.outcome = outcomes[i % outcomes.count]
                entry.acknowledgedOn = received.adding(days: i % 10).iso
                entry.feedbackOn = received.adding(days: i % 120).iso
                entry.closedOn = i % 2 == 0 ? received.adding(days: 10 + i % 200).iso : nil
                entry.caseID = nil
                entry.aftercareGiven = i % 5 == 0
                entry.behaviourStopped = i % 5 == 0 ? i % 10 != 0 : nil
                entry.satisfaction = i % 6 == 0 ? 1 + i % 10 : nil
                entry.category = nil
                entry.handling = nil
                entry.createdAt = app.clock.now
                entries.append(entry)
                let subject = RegistrySubject()
                subject.$entry.id = entry.id!
                subject.subjectIndex = try RegistryService.blindIndex(.person("bench-\(i % 2000)"), app: app)
                subject.isPerson = true
                subject.source = entry.source
                subject.receivedOn = entry.receivedOn
                subjects.append(subject)
            }
            let (e, s) = (entries, subjects)
            try await app.db.transaction { tx in
                try await e.create(on: tx)
                try await s.create(on: tx)
            }
            done += n
        }
    }
}

extension Optional {
    func orThrow() throws -> Wrapped {
        guard let value = self else { throw Abort(.internalServerError) }
        return value
    }
}
