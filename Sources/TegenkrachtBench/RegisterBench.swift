import Fluent
import Foundation
import TegenkrachtApp
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht-bench registers`: the MPs' public register pages and their open data (issue 14:
/// p95 under 50 ms for 150 MPs with 10 years of history, about 20,000 versioned entries). Seeds once:
/// per member six side activities with a version for each year's income statement, four gifts and
/// three foreign trips a year, published over 2016-2025; then times the pages through the whole
/// request pipeline, in process.
struct RegisterBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "members", help: "How many members (default 150).") var members: Int?
        @Option(name: "requests", help: "Requests per page (default 100).") var requests: Int?
    }

    var help: String { "Seeds the MPs' registers (once) and measures the public pages and the open data (p50, p95, p99)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let members = signature.members ?? 150
        let requests = signature.requests ?? 100
        if try await RegisterVersionRecord.query(on: app.db).count() == 0 {
            let t0 = ContinuousClock.now
            try await seed(members: members, app: app)
            context.console.print(String(format: "seeded in %.0f ms", BenchCommands.milliseconds(since: t0)))
        }
        let versions = try await RegisterVersionRecord.query(on: app.db).count()
        let db = app.tegenkracht.usesPostgres ? "postgresql" : "sqlite"
        let bench = CaseBenchCommand()
        for path in ["/registers/lid/kamerlid-1", "/registers/lid/kamerlid-1?datum=2021-11-24", "/registers/register/nevenactiviteit",
                     "/registers/register/geschenk", "/api/v1/registers/nevenactiviteit", "/api/v1/registers/nevenactiviteit/csv",
                     "/api/v1/registers/geschenk?date=2021-11-24", "/registers"] {
            func page() async throws {
                let req = Request(application: app, method: .GET, url: URI(string: path), on: app.eventLoopGroup.any())
                let response = try await app.responder.current.respond(to: req).get()
                guard response.status == .ok else { throw CaseBenchCommand.BenchFailure(path: path, status: Int(response.status.code)) }
            }
            for _ in 0..<5 { try await page() }
            let times = try await bench.measure(requests) { try await page() }
            context.console.print(String(format: "%@ %d versions, %@: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                                         db, versions, path, bench.percentile(times, 0.5), bench.percentile(times, 0.95),
                                         bench.percentile(times, 0.99)))
        }
    }

    func seed(members: Int, app: Application) async throws {
        let now = app.clock.now
        func version(_ entry: UUID, _ member: String, _ kind: PublicRegister.Kind, _ text: String, published: String,
                     paid: Bool? = nil, income: (Int, Int)? = nil) -> RegisterVersionRecord {
            let v = RegisterVersionRecord()
            v.id = UUID()
            v.entryID = entry
            v.memberID = member
            v.kind = kind.rawValue
            v.description = text
            v.paid = paid
            v.incomeYear = income?.0
            v.incomeCents = income?.1
            v.incomeLate = false
            v.removed = false
            v.submittedBy = member
            v.submittedOn = published
            v.submittedAt = now
            v.publishedOn = published
            v.publishedBy = "griffie-plenair-1"
            v.publishedAt = now
            return v
        }
        for m in 1...members {
            let member = m <= 2 ? "kamerlid-\(m)" : "bench-lid-\(m)"
            var entries: [RegisterEntryRecord] = []
            var versions: [RegisterVersionRecord] = []
            func entry(_ kind: PublicRegister.Kind) -> UUID {
                let e = RegisterEntryRecord()
                let id = UUID()
                e.id = id
                e.memberID = member
                e.kind = kind.rawValue
                e.createdAt = now
                entries.append(e)
                return id
            }
            for s in 1...6 {
                let id = entry(.sideActivity)
                versions.append(version(id, member, .sideActivity, "Bestuurslid Stichting \(m)-\(s)", published: "2016-01-1\(s % 10)", paid: s % 2 == 0))
                for year in 2016...2025 {
                    versions.append(version(id, member, .sideActivity, "Bestuurslid Stichting \(m)-\(s)", published: "\(year + 1)-03-15",
                                            paid: s % 2 == 0, income: (year, 100_000 + s * 1000)))
                }
            }
            for year in 2016...2025 {
                for g in 1...4 {
                    versions.append(version(entry(.gift), member, .gift, "Boek van uitgeverij \(g), waarde € 60", published: "\(year)-0\(g + 1)-10"))
                }
                for t in 1...3 {
                    versions.append(version(entry(.foreignTrip), member, .foreignTrip, "Werkbezoek \(t), betaald door Stichting Reis", published: "\(year)-0\(t + 5)-20"))
                }
            }
            let (newEntries, newVersions) = (entries, versions)
            try await app.db.transaction { tx in
                try await newEntries.create(on: tx)
                for chunk in stride(from: 0, to: newVersions.count, by: 50) {
                    try await Array(newVersions[chunk..<min(chunk + 50, newVersions.count)]).create(on: tx)
                }
            }
        }
    }
}
