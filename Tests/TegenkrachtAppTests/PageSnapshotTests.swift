import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// Key pages rendered from fixed page models and compared with a stored snapshot (issue 12: instead of
/// `contains` checks that break on whitespace and miss everything else on the page). Whitespace is
/// collapsed and the per-browser CSRF token is masked; everything else must match. To accept a
/// deliberate change, run with `TEGENKRACHT_RECORD_SNAPSHOTS=1`, read the diff, and commit the files.
@Suite("Page snapshots")
struct PageSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Renders one page exactly as a handler does (`renderPage`), for a visitor in `language`.
    static func render<Content: Encodable & Sendable>(_ app: Application, _ template: String, titleKey: String, _ content: Content,
                                                      language: Language = .dutch, path: String = "/") async throws -> String {
        let req = Request(application: app, method: .GET, url: URI(path: path), on: app.eventLoopGroup.any())
        req.language = language
        let response = try await req.renderPage(template, titleKey: titleKey, content)
        return String(buffer: response.body.buffer ?? ByteBuffer())
    }

    static func normalised(_ html: String) -> String {
        let masked = html.replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: #"name="_csrf" value="…""#, options: .regularExpression)
        return masked.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: "> <", with: ">\n<")
            .trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    static func check(_ name: String, _ html: String) throws {
        let file = folder.appendingPathComponent("\(name).html")
        let actual = normalised(html)
        if ProcessInfo.processInfo.environment["TEGENKRACHT_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        guard expected != actual else { return }
        // Name the first line that differs, so a failure says what changed.
        let (e, a) = (expected.split(separator: "\n", omittingEmptySubsequences: false), actual.split(separator: "\n", omittingEmptySubsequences: false))
        let index = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        Issue.record("\(name): line \(index + 1) differs:\n  stored:   \(index < e.count ? String(e[index]) : "(end)")\n  rendered: \(index < a.count ? String(a[index]) : "(end)")")
    }

    @Test("The confirmation after a report: receipt code, what comes next, who reads it", arguments: TestDatabase.all)
    func confirmation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let page = ConfirmationPage(code: "K7QF-3M9X-VR2D-8HJT-W4NC", receivedAt: "9 december 2026 om 10:15",
                                        next: "Uiterlijk 16 december 2026 krijg je een bevestiging.",
                                        handlers: ["Mr. A. Kerkhoven (vertrouwenspersoon)", "Drs. B. Oudemolen (tweede persoon)"])
            let html = try await Self.render(app, "intake-confirmation", titleKey: "intake.done.title", page, path: "/melden")
            try Self.check("intake-confirmation.nl", html)
            // Positive control: the masked token and the collapsed whitespace still leave the content.
            #expect(Self.normalised(html).contains("K7QF-3M9X-VR2D-8HJT-W4NC"))
            let english = try await Self.render(app, "intake-confirmation", titleKey: "intake.done.title", page,
                                                language: .english, path: "/melden")
            try Self.check("intake-confirmation.en", english)
        }
    }

    @Test("The staff login with a refusal and the typed user name kept", arguments: TestDatabase.all)
    func login(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let html = try await Self.render(app, "login", titleKey: "login.title",
                                             LoginPage(username: "kerkhoven", message: "Gebruikersnaam of wachtwoord klopt niet."),
                                             path: "/inloggen")
            try Self.check("login.nl", html)
        }
    }

    @Test("The inbox with a priority case, an overdue term, a referral and a reminder", arguments: TestDatabase.all)
    func inbox(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let page = InboxPage(
                role: "Functionaris",
                reports: [
                    .init(id: "6F1C2A4E-0000-4000-8000-000000000001", kind: "Melding", status: "In behandeling", stage: "Luisteren",
                          myRole: "Behandelaar", submittedAt: "2 december 2026 om 09:30", nextDue: "2026-12-09", overdue: false,
                          priority: true, flag: "melder vraagt andere behandelaar", unread: true),
                    .init(id: "6F1C2A4E-0000-4000-8000-000000000002", kind: "Klacht", status: "Ontvangen", stage: "Luisteren",
                          myRole: "Tweede persoon", submittedAt: "1 november 2026 om 14:00", nextDue: "2026-11-29", overdue: true,
                          priority: false, flag: nil, unread: false),
                ],
                referrals: [.init(id: "6F1C2A4E-0000-4000-8000-0000000000A1", target: "Bedrijfsmaatschappelijk werk",
                                  at: "30 november 2026 om 11:00", acknowledged: false)],
                reminders: [.init(reportID: "6F1C2A4E-0000-4000-8000-000000000001", due: "2026-12-14")],
                limited: false, alerts: 1)
            let html = try await Self.render(app, "workspace", titleKey: "workspace.title", page, path: "/werkruimte")
            try Self.check("workspace.nl", html)
        }
    }

    @Test("A changed page fails the comparison (the check can fail)", arguments: TestDatabase.all)
    func control(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let html = try await Self.render(app, "login", titleKey: "login.title",
                                             LoginPage(username: "iemand-anders", message: nil), path: "/inloggen")
            let stored = try String(contentsOf: Self.folder.appendingPathComponent("login.nl.html"), encoding: .utf8)
            #expect(Self.normalised(html) != stored)
        }
    }
}
