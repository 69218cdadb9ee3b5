import Fluent
import Foundation
import TegenkrachtApp
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht-bench cases`: the inbox and the case page with many cases in the database (issue 5:
/// p95 under 50 ms with 100,000 cases). Seeds sealed reports with their cases in batches (skipped
/// when the database has them already), then measures the inbox's use case on its own and both pages
/// through the application's responder (middleware, database, decryption, Leaf), without the network.
struct CaseBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "cases", help: "How many cases the database should hold (default 100000).") var cases: Int?
        @Option(name: "requests", help: "Requests per page (default 200).") var requests: Int?
    }

    var help: String { "Seeds N cases (once) and measures the inbox and the case page (p50, p95, p99)." }

    /// The advisors the seeded cases are spread over (the first is the one measured).
    static let leads = ["vp-extern", "vp-ambtelijk-1", "vp-ambtelijk-2", "vp-fractie-1", "vp-fractie-2", "vp-fractie-3", "vpi-1", "vpi-2"]

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let target = signature.cases ?? 100_000
        let existing = try await CaseFile.query(on: app.db).count()
        if existing < target {
            let t0 = app.clock.now
            try await seed(target - existing, offset: existing, app: app)
            context.console.print(String(format: "seeded %d cases in %.0f s", target - existing, app.clock.now.timeIntervalSince(t0)))
        }
        let person = Self.leads[0]
        let sample = try await CaseFile.query(on: app.db).filter(\.$leadPersonID == person).limit(50).all().map { $0.$report.id }
        let requests = signature.requests ?? 200
        // The inbox's use case on its own: the queries, without words or HTML.
        let staff = SignedInStaff(userID: UUID(), sessionID: UUID(), username: "bench", displayName: "Bench", role: .functionary,
                                  personID: person, stage: .complete, hasTwoFactor: true)
        for _ in 0..<10 { _ = try await WorkspaceInbox.load(for: staff, app: app, db: app.db) }
        let inboxUseCase = try await measure(requests) {
            _ = try await WorkspaceInbox.load(for: staff, app: app, db: app.db)
        }
        // The two pages as a browser gets them, through the whole request pipeline (session, CSRF,
        // security headers, the use cases, Leaf), in process without the network.
        let cookie = try await signIn(person, app: app)
        func page(_ path: String) async throws {
            let req = Request(application: app, method: .GET, url: URI(path: path), headers: ["Cookie": cookie],
                              on: app.eventLoopGroup.any())
            let response = try await app.responder.current.respond(to: req).get()
            guard response.status == .ok else { throw BenchFailure(path: path, status: Int(response.status.code)) }
        }
        for _ in 0..<10 { try await page("/werkruimte") }
        let inbox = try await measure(requests) { try await page("/werkruimte") }
        var i = 0
        let casePage = try await measure(requests) {
            let id = sample[i % sample.count]
            i += 1
            try await page("/werkruimte/meldingen/\(id)")
        }
        let db = app.tegenkracht.usesPostgres ? "postgresql" : "sqlite"
        let total = try await CaseFile.query(on: app.db).count()
        for (name, times) in [("inbox use case", inboxUseCase), ("inbox", inbox), ("case page", casePage)] {
            context.console.print(String(format: "%@ %d cases, %@: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                                         db, total, name, percentile(times, 0.5), percentile(times, 0.95), percentile(times, 0.99),
                                         times.last ?? 0))
        }
    }

    /// A staff account for the measured advisor with a fully signed-in session; returns the cookie.
    func signIn(_ person: String, app: Application) async throws -> String {
        let username = "bench-\(person)"
        let user: StaffUser
        if let existing = try await StaffUser.query(on: app.db).filter(\.$username == username).first() {
            user = existing
        } else {
            user = StaffUser(username: username, displayName: "Bench", role: .functionary, personID: person, passwordHash: "-")
            try await user.create(on: app.db)
        }
        let token = randomToken()
        let now = app.clock.now
        try await StaffSession(tokenHash: sha256Hex(token), userID: try user.requireID(), stage: .complete, now: now,
                               expiresAt: now.addingTimeInterval(3600)).create(on: app.db)
        return "\(StaffSessions.cookieName(app))=\(token)"
    }

    struct BenchFailure: Error, CustomStringConvertible {
        let path: String
        let status: Int
        var description: String { "\(path) answered \(status)" }
    }

    func measure(_ count: Int, _ body: () async throws -> Void) async throws -> [Double] {
        var times: [Double] = []
        for _ in 0..<count {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try await body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000)
        }
        return times.sorted()
    }

    func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    /// Sealed reports with their cases, a timeline event each, in transactions of 500.
    func seed(_ count: Int, offset: Int, app: Application) async throws {
        let content = ReportContent(whatHappened: String(repeating: "Benchmarkmelding over gedrag in het overleg. ", count: 10),
                                    places: [.committee], behaviourItems: ["a", "i"], accused: [AccusedPerson(name: "Bench Beklaagde")])
        let batch = 500
        var done = 0
        while done < count {
            let n = min(batch, count - done)
            var reports: [Report] = []
            var cases: [CaseFile] = []
            var events: [ReportEvent] = []
            let now = app.clock.now
            for k in 0..<n {
                let index = offset + done + k
                let id = UUID()
                let key = ReportCrypto.newKey()
                let report = Report()
                report.id = id
                report.locator = String(format: "B%07d", index)
                report.receiptHash = "bench"
                report.kind = ReportKind.report.rawValue
                report.identityMode = IdentityMode.anonymous.rawValue
                report.recipientKind = RecipientKind.confidentialAdvisor.rawValue
                report.handlerPersonID = Self.leads[index % Self.leads.count]
                report.status = ReportStatus.received.rawValue
                report.wrappedKey = try ReportCrypto.wrap(key, reportID: id, with: app.keyVault)
                report.contentSealed = try ReportCrypto(dataKey: key, reportID: id).seal(content, purpose: .content)
                report.notifyByEmail = false
                report.submittedAt = now.addingTimeInterval(-Double(index) * 60)
                report.failedLogins = 0
                report.version = 1
                reports.append(report)
                let caseFile = CaseFile()
                caseFile.id = UUID()
                caseFile.$report.id = id
                caseFile.recipient = report.recipientKind
                caseFile.leadPersonID = report.handlerPersonID
                caseFile.secondPersonID = Self.leads[(index + 1) % Self.leads.count]
                caseFile.stage = CaseStage.allCases[index % CaseStage.allCases.count].rawValue
                caseFile.serious = index % 7 == 0
                caseFile.powerGap = index % 5 == 0
                caseFile.responsibilityShifted = false
                caseFile.priority = index % 97 == 0
                caseFile.handlerChangeRequested = false
                caseFile.openedAt = report.submittedAt
                caseFile.updatedAt = report.submittedAt
                caseFile.version = 1
                cases.append(caseFile)
                events.append(ReportEvent(reportID: id, event: .received, actor: .reporter, at: report.submittedAt))
            }
            let (r, c, e) = (reports, cases, events)
            try await app.db.transaction { tx in
                try await r.create(on: tx)
                try await c.create(on: tx)
                try await e.create(on: tx)
            }
            done += n
        }
    }
}
