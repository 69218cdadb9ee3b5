import Fluent
import Foundation
@testable import TegenkrachtApp
@testable import TegenkrachtUseCases
import TegenkrachtCore
import Testing
import Vapor

/// Issue 16: attachments stream into sealed chunks instead of being held whole in memory.
@Suite("Streamed attachments")
struct AttachmentStreamTests {
    static func advisorDownloads(_ app: Application) async throws -> (TestBrowser, [String]) {
        try await createStaff(app, username: "kerkhoven").with(personID: "vp-extern", app: app)
        let advisor = TestBrowser(app)
        try await signIn(advisor, username: "kerkhoven")
        let inbox = try await advisor.get("/werkruimte")
        let reportPath = try #require(TestBrowser.firstMatch(#"href="(/werkruimte/meldingen/[0-9A-F-]+)""#, in: inbox.body))
        let page = try await advisor.get(reportPath)
        let regex = try NSRegularExpression(pattern: #"href="(/werkruimte/meldingen/[0-9A-F-]+/bijlagen/[0-9A-F-]+)""#)
        let links = regex.matches(in: page.body, range: NSRange(page.body.startIndex..., in: page.body)).compactMap {
            Range($0.range(at: 1), in: page.body).map { String(page.body[$0]) }
        }
        return (advisor, links)
    }

    @Test("Files around the chunk size come back byte for byte, in as many sealed chunks as they need", arguments: TestDatabase.all)
    func chunkBoundaries(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let chunk = AttachmentSpoolWriter.chunkSize
            let sizes = [chunk - 1, chunk, chunk + 1, 3 * chunk + 17]
            var generator = SystemRandomNumberGenerator()
            let files = sizes.enumerated().map { i, size in
                (field: "attachment\(i + 1)", filename: "bewijs\(i).pdf", type: "application/pdf",
                 bytes: Array("%PDF-1.4\n".utf8) + (0..<(size - 9)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
            try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal, files: files)
            let attachments = try await ReportAttachment.query(on: app.db).all()
            #expect(attachments.count == 4)
            for attachment in attachments {
                #expect(attachment.contentSealed.isEmpty)
                let chunks = try await ReportAttachmentChunk.query(on: app.db).filter(\.$attachment.$id == attachment.requireID()).count()
                #expect(chunks == attachment.chunkCount)
            }
            #expect(try await ReportAttachmentChunk.query(on: app.db).count() == 1 + 1 + 2 + 4)
            let (advisor, links) = try await Self.advisorDownloads(app)
            #expect(links.count == 4)
            var downloaded: Set<[UInt8]> = []
            for link in links {
                let response = try await app.testing().sendRequest(.GET, link, headers: advisor.cookieHeader)
                downloaded.insert(Array(response.body.readableBytesView))
            }
            #expect(downloaded == Set(files.map(\.bytes)))
            // Nothing is left in the spool directory.
            let spool = (app.tegenkracht.dataDirectory as NSString).appendingPathComponent("spool")
            // Positive control: the upload used this spool directory, so an empty listing means something.
            #expect(FileManager.default.fileExists(atPath: spool))
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).isEmpty)
        }
    }

    @Test("A chunk removed is noticed, even with the count lowered: the download fails instead of giving a shortened file",
          arguments: TestDatabase.all)
    func truncation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let size = 3 * AttachmentSpoolWriter.chunkSize
            let pdf = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x41, count: size)
            try await submitReport(TestBrowser(app), IntakeWebTests.anonymousToExternal,
                                   files: [(field: "attachment1", filename: "lang.pdf", type: "application/pdf", bytes: pdf)])
            let (advisor, links) = try await Self.advisorDownloads(app)
            let link = try #require(links.first)
            // Positive control: whole, it downloads.
            let whole = try await app.testing().sendRequest(.GET, link, headers: advisor.cookieHeader)
            #expect(whole.status == .ok && Array(whole.body.readableBytesView) == pdf)
            let last = try #require(try await ReportAttachmentChunk.query(on: app.db).sort(\.$index, .descending).first())
            try await last.delete(on: app.db)
            let cut = try await app.testing().sendRequest(.GET, link, headers: advisor.cookieHeader)
            #expect(cut.status != .ok)
            #expect(!String(buffer: cut.body).contains("AAAA"))
            // Nor when the count is lowered to match: the chunk now last was not sealed as the last one.
            let attachment = try #require(try await ReportAttachment.query(on: app.db).first())
            attachment.chunkCount = (attachment.chunkCount ?? 0) - 1
            try await attachment.save(on: app.db)
            let shortened = try await app.testing().sendRequest(.GET, link, headers: advisor.cookieHeader)
            #expect(shortened.status != .ok)
            #expect(!String(buffer: shortened.body).contains("AAAA"))
        }
    }

    @Test("A refused form leaves nothing behind: no report, no chunk, no spool file", arguments: TestDatabase.all)
    func refusedLeavesNothing(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            let pdf = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x42, count: 200_000)
            // No recipient: the form comes back, asking to choose the files again.
            let refused = try await browser.postMultipart("/melden", IntakeWebTests.anonymousToExternal.filter { $0.0 != "recipient" },
                                                          files: [("attachment1", "bewijs.pdf", "application/pdf", pdf)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Kies je bijlagen opnieuw"))
            #expect(try await Report.query(on: app.db).count() == 0)
            #expect(try await ReportAttachmentChunk.query(on: app.db).count() == 0)
            let spool = (app.tegenkracht.dataDirectory as NSString).appendingPathComponent("spool")
            // Positive control: the upload used this spool directory, so an empty listing means something.
            #expect(FileManager.default.fileExists(atPath: spool))
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).isEmpty)
            // Positive control: with the recipient, the same form is stored, and the same queries see it.
            try await submitReport(browser, IntakeWebTests.anonymousToExternal, files: [("attachment1", "bewijs.pdf", "application/pdf", pdf)])
            #expect(try await Report.query(on: app.db).count() == 1)
            #expect(try await ReportAttachmentChunk.query(on: app.db).count() > 0)
        }
    }

    @Test("300 mangled intake bodies: never a 500, nothing half stored, no spool file left", arguments: TestDatabase.all)
    func mangledBodies(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            let token = browser.csrfToken()
            let boundary = "----tegenkrachtfuzz"
            var valid = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n".utf8)
            for (name, value) in IntakeWebTests.anonymousToExternal {
                valid += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            }
            valid += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment1\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n".utf8)
            valid += Array(String(repeating: "Regel tekst. ", count: 9000).utf8) + Array("\r\n--\(boundary)--\r\n".utf8)
            var generator = SystemRandomNumberGenerator()
            var statuses: [UInt: Int] = [:]
            for round in 0..<300 {
                var body = valid
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let at = Int.random(in: 0..<max(1, body.count), using: &generator)
                    switch Int.random(in: 0..<5, using: &generator) {
                    case 0: body[at] = UInt8.random(in: 0...255, using: &generator)
                    case 1: body = Array(body.prefix(at))
                    case 2: body.insert(contentsOf: Array("\r\n--\(boundary)\r\n".utf8), at: at)
                    case 3: body.insert(contentsOf: [0x22, 0x3B, 0x0D, 0x0A], at: at)
                    default: if body.count > at + 10 { body.removeSubrange(at..<(at + 10)) }
                    }
                    if body.isEmpty { break }
                }
                var headers = browser.cookieHeader
                headers.replaceOrAdd(name: .contentType, value: round % 10 == 0 ? "multipart/form-data" : "multipart/form-data; boundary=\(boundary)")
                let response = try await app.testing().sendRequest(.POST, "/melden", headers: headers,
                                                                   body: ByteBuffer(bytes: body))
                statuses[response.status.code, default: 0] += 1
                #expect(response.status != .internalServerError, "round \(round)")
            }
            // Positive control: some mangled bodies still make a valid report, most are refused.
            #expect(statuses.keys.allSatisfy { [200, 400, 403, 413, 415, 422].contains($0) }, "\(statuses)")
            let reports = try await Report.query(on: app.db).count()
            #expect(reports == statuses[200] ?? 0)
            let attachments = try await ReportAttachment.query(on: app.db).all()
            for attachment in attachments {
                let chunks = try await ReportAttachmentChunk.query(on: app.db).filter(\.$attachment.$id == attachment.requireID()).count()
                #expect(chunks == attachment.chunkCount)
            }
            let spool = (app.tegenkracht.dataDirectory as NSString).appendingPathComponent("spool")
            // Positive control: the upload used this spool directory, so an empty listing means something.
            #expect(FileManager.default.fileExists(atPath: spool))
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).isEmpty)
        }
    }

    @Test("A header name with a byte of 128 or more is a bad request, not the end of the process (it trapped in MultipartKit)", arguments: TestDatabase.all)
    func nonASCIIHeaderName(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/melden")
            var body = Array("--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrfToken())\r\n--b\r\n".utf8)
            body += [0xFF, 0xFE] + Array(": x\r\n\r\nwaarde\r\n--b--\r\n".utf8)
            var headers = browser.cookieHeader
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=b")
            let response = try await app.testing().sendRequest(.POST, "/melden", headers: headers, body: ByteBuffer(bytes: body))
            #expect(response.status == .badRequest)
            // And an empty boundary (a precondition in MultipartKit) is a bad request too.
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=")
            let empty = try await app.testing().sendRequest(.POST, "/melden", headers: headers, body: ByteBuffer(bytes: body))
            #expect(empty.status == .badRequest)
            // Every other form route decodes multipart through Vapor (the CSRF check on every POST does):
            // the same body there is a bad request too, not a trap.
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=b")
            for path in ["/inloggen", "/portaal", "/monitor", "/wegwijzer"] {
                let other = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(bytes: body))
                #expect(other.status == .badRequest || other.status == .forbidden, "\(path): \(other.status)")
            }
            // The service still answers.
            #expect(try await browser.get("/melden").status == .ok)
        }
    }
}
