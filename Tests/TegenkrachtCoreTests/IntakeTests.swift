import TegenkrachtCore
import Testing

@Suite("Intake rules")
struct IntakeTests {
    @Test("Receipt codes carry 80 secret bits, read back however they are typed")
    func receiptCodes() throws {
        #expect(ReceiptCode.secretBits >= 80)
        let code = ReceiptCode.generate()
        #expect(code.description.count == 24)
        #expect(code.description.split(separator: "-").count == 5)
        #expect(ReceiptCode(typed: code.description) == code)
        #expect(ReceiptCode(typed: code.description.lowercased().replacingOccurrences(of: "-", with: " ")) == code)
        // O for 0 and I or L for 1 are what people misread; U is not in the alphabet.
        #expect(ReceiptCode(typed: "OOOO-IIII-LLLL-0000-1111")?.characters == "00001111111100001111")
        #expect(ReceiptCode(typed: "UUUU-0000-0000-0000-0000") == nil)
        #expect(ReceiptCode(typed: "1234") == nil)
        // A thousand codes: all different, with different locators almost always.
        let codes = (0..<1000).map { _ in ReceiptCode.generate() }
        #expect(Set(codes).count == 1000)
    }

    @Test("A report needs what happened, a recipient and a kind; names follow the mode")
    func validation() {
        let ok = ReportContent(whatHappened: "Hij schreeuwde tegen mij in de lift.")
        #expect(IntakeValidator.problems(kind: .report, mode: .anonymous, recipient: .centralRoute, advisorChosen: false,
                                         content: ok, identity: ReportIdentity()).isEmpty)
        let empty = IntakeValidator.problems(kind: nil, mode: nil, recipient: nil, advisorChosen: false,
                                             content: ReportContent(), identity: ReportIdentity())
        #expect(Set(empty.map(\.field)) == ["kind", "mode", "recipient", "whatHappened"])
        #expect(IntakeValidator.problems(kind: .report, mode: .named, recipient: .centralRoute, advisorChosen: false,
                                         content: ok, identity: ReportIdentity()).map(\.key) == ["intake.error.nameNeeded"])
        #expect(IntakeValidator.problems(kind: .report, mode: .anonymous, recipient: .centralRoute, advisorChosen: false,
                                         content: ok, identity: ReportIdentity(name: "Jan")).map(\.key) == ["intake.error.anonymousWithIdentity"])
        #expect(IntakeValidator.problems(kind: .report, mode: .anonymous, recipient: .confidentialAdvisor, advisorChosen: false,
                                         content: ok, identity: ReportIdentity()).map(\.key) == ["intake.error.chooseAdvisor"])
        let long = ReportContent(whatHappened: String(repeating: "x", count: IntakeValidator.maxTextLength + 1))
        #expect(IntakeValidator.problems(kind: .report, mode: .anonymous, recipient: .centralRoute, advisorChosen: false,
                                         content: long, identity: ReportIdentity()).map(\.key) == ["intake.error.tooLong"])
    }

    @Test("A complaint is named, names the accused, says when, and goes to the committee (Klachtenregeling)")
    func complaint() {
        let content = ReportContent(whatHappened: "Pesten", when: "maart 2026", accused: [AccusedPerson(name: "X")])
        #expect(IntakeValidator.problems(kind: .complaint, mode: .named, recipient: .complaintsCommittee, advisorChosen: false,
                                         content: content, identity: ReportIdentity(name: "Y")).isEmpty)
        let bad = IntakeValidator.problems(kind: .complaint, mode: .anonymous, recipient: .centralRoute, advisorChosen: false,
                                           content: ReportContent(whatHappened: "Pesten"), identity: ReportIdentity())
        #expect(Set(bad.map(\.key)) == ["intake.error.complaintToCommittee", "intake.error.complaintNotAnonymous",
                                        "intake.error.complaintNeedsAccused", "intake.error.complaintNeedsWhen"])
        #expect(IntakeValidator.problems(kind: .report, mode: .anonymous, recipient: .complaintsCommittee, advisorChosen: false,
                                         content: content, identity: ReportIdentity()).map(\.key) == ["intake.error.committeeOnlyComplaints"])
    }

    @Test("Attachments are recognised by their bytes, not their name")
    func attachmentTypes() {
        #expect(AttachmentPolicy.detect(Array("%PDF-1.7 ...".utf8), filename: "a.pdf") == .pdf)
        #expect(AttachmentPolicy.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], filename: "x.png") == .png)
        #expect(AttachmentPolicy.detect([0xFF, 0xD8, 0xFF, 0xE0], filename: "foto.jpg") == .jpeg)
        #expect(AttachmentPolicy.detect(Array("hallo".utf8), filename: "notitie.txt") == .text)
        #expect(AttachmentPolicy.detect(Array("MZ\u{90}".utf8), filename: "brief.pdf") == nil)  // an executable named .pdf
        #expect(AttachmentPolicy.detect([0x50, 0x4B, 0x03, 0x04], filename: "archief.zip") == nil)
        #expect(AttachmentPolicy.detect([0, 1, 2], filename: "leeg.txt") == nil)
    }
}

@Suite("Length limits and addresses (issue 16)")
struct InputLimitTests {
    @Test("A limit counts bytes as well as characters: one 'character' of a megabyte does not pass 300")
    func bytesCount() {
        let huge = "a" + String(repeating: "\u{0301}", count: 1_000_000)  // one grapheme
        #expect(huge.count == 1)
        #expect(!IntakeValidator.fits(huge, max: 300))
        #expect(IntakeValidator.fits(String(repeating: "é", count: 300), max: 300))
        #expect(!IntakeValidator.fits(String(repeating: "e", count: 301), max: 300))
        let identity = ReportIdentity(name: huge)
        let problems = IntakeValidator.problems(kind: .report, mode: .named, recipient: .centralRoute, advisorChosen: false,
                                                content: ReportContent(whatHappened: "x"), identity: identity)
        #expect(problems.contains { $0.field == "name" && $0.key == "intake.error.tooLong" })
    }

    @Test("An e-mail address with CR, LF or spaces is refused", arguments: [
        "a@b.nl\r\nBcc: x@y.nl", "a@b.nl\n", "a b@c.nl", "geen-at.nl", "a@b", "@b.nl", "a@@b.nl",
    ])
    func badEmail(address: String) {
        #expect(!IntakeValidator.isPlausibleEmail(address))
        let problems = IntakeValidator.problems(kind: .report, mode: .named, recipient: .centralRoute, advisorChosen: false,
                                                content: ReportContent(whatHappened: "x"),
                                                identity: ReportIdentity(name: "Anna", email: address))
        #expect(problems.contains { $0.field == "email" })
    }

    @Test("An ordinary address passes", arguments: ["anna@tweedekamer.nl", "a.b+c@sub.example.org"])
    func goodEmail(address: String) {
        #expect(IntakeValidator.isPlausibleEmail(address))
    }
}

@Suite("Plain text checked as it streams")
struct UTF8StreamTests {
    @Test("Valid UTF-8 split anywhere, even inside a character, is plain text; a NUL or a broken sequence is not")
    func splitAnywhere() {
        let text = Array("Één café, 😀 en gewoon tekst.".utf8)
        for cut in 0...text.count {
            var stream = UTF8Stream()
            stream.feed(text[..<cut])
            stream.feed(text[cut...])
            #expect(stream.isPlainText, "cut at \(cut)")
        }
        var withNUL = UTF8Stream()
        withNUL.feed(Array("ab".utf8) + [0] + Array("cd".utf8))
        #expect(!withNUL.isPlainText)
        var broken = UTF8Stream()
        broken.feed(Array("ok".utf8))
        broken.feed([0xC3, 0x28])  // a lead byte followed by no continuation
        #expect(!broken.isPlainText)
        var unfinished = UTF8Stream()
        unfinished.feed(Array("ok".utf8) + [0xE2, 0x82])  // the file ends inside a character
        #expect(!unfinished.isPlainText)
        // The whole-file rule and the streamed rule agree.
        #expect(AttachmentPolicy.detect(text, filename: "a.txt") == .text)
        #expect(AttachmentPolicy.detect(head: Array(text.prefix(16)), filename: "a.txt", isPlainText: true) == .text)
    }
}


@Suite("Multipart bodies as they stream")
struct MultipartStreamTests {
    static let body = Array(("--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmelding\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"attachment1\"; filename=\"a.txt\"\r\n\r\nregel\r\n--XyW\r\nnog\r\n"
        + "--XyZ--\r\n").utf8)

    static func parse(_ pieces: [ArraySlice<UInt8>]) throws -> [(headers: [String], body: String)] {
        let parser = try #require(MultipartStream(boundary: "XyZ"))
        var parts: [(headers: [String], body: String)] = []
        var headers: [String] = []
        var body: [UInt8] = []
        parser.onHeader = { headers.append("\($0): \($1)") }
        parser.onBody = { body += $0 }
        parser.onPartComplete = {
            parts.append((headers, String(decoding: body, as: UTF8.self)))
            headers = []
            body = []
        }
        for piece in pieces { try parser.execute(piece) }
        return parts
    }

    @Test("The same parts whatever the pieces; a body line that only starts like a delimiter stays body")
    func pieces() throws {
        let whole = try Self.parse([Self.body[...]])
        #expect(whole.count == 2)
        #expect(whole[0].body == "melding")
        #expect(whole[1].body == "regel\r\n--XyW\r\nnog")
        for cut in 0...Self.body.count {
            let split = try Self.parse([Self.body[..<cut], Self.body[cut...]])
            #expect(split.map(\.body) == whole.map(\.body), "cut at \(cut)")
            #expect(split.map(\.headers) == whole.map(\.headers), "cut at \(cut)")
        }
    }

    @Test("A byte of 128 or more in a header name is a syntax error, not a trap (MultipartKit 4.7.1 trapped); an empty boundary is refused")
    func hostileHeaders() {
        var hostile = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n".utf8)
        hostile += [0xC3, 0xA9] + Array(": x\r\n\r\nwaarde\r\n--XyZ--\r\n".utf8)
        #expect(throws: MultipartStream.SyntaxError.self) { _ = try Self.parse([hostile[...]]) }
        #expect(MultipartStream(boundary: "") == nil)
        #expect(MultipartStream(boundary: String(repeating: "b", count: 71)) == nil)
    }
}
