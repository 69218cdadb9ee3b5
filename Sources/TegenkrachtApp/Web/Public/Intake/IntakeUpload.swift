import Foundation
import NIOConcurrencyHelpers
import NIOCore
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Reads the intake form as it streams in (issue 16). Its first field must be the CSRF token, checked
/// before the rest is read (`CSRFMiddleware` does not collect this body). Text fields are kept (each at
/// most 1 MB), files go
/// straight into sealed spool files (`AttachmentSpoolWriter`), so a report with 40 MB of attachments
/// holds about one 64 KiB chunk in memory, not the whole body several times over. A url-encoded form
/// (no files) is read whole, within the small default limit.
struct IntakeUpload {
    var fields: [(String, String)] = []
    var files: [SpooledAttachment] = []
    var problems: [IntakeValidator.Problem] = []
    /// Every spool file written, kept or not: the caller removes them when the request ends.
    var spoolPaths: [String] = []

    static let maxFieldBytes = 1 << 20
    static let maxBodyBytes = 40 * 1024 * 1024

    /// The form's fields as a url-encoded string, for `URLEncodedFormDecoder`.
    var encodedFields: String {
        fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func read(_ req: Request, crypto: ReportCrypto) async throws -> IntakeUpload {
        guard let contentType = req.headers.contentType, contentType.type == "multipart",
              let boundary = contentType.parameters["boundary"] else {
            // No files: a plain form, read whole (at most 1 MB).
            guard let body = try await req.body.collect(max: req.application.routes.defaultMaxBodySize.value).get() else {
                return IntakeUpload()
            }
            var upload = IntakeUpload()
            upload.fields = FormFields.parse(String(buffer: body)).map { ($0.name, $0.value) }
            guard let token = upload.fields.first(where: { $0.0 == CSRFMiddleware.fieldName })?.1, req.csrfAccepts(token) else {
                throw Abort(.forbidden, reason: "csrf")
            }
            return upload
        }
        guard let parser = MultipartStream(boundary: boundary) else { throw Abort(.badRequest) }
        let state = UploadState(parser: parser, crypto: crypto, directory: try spoolDirectory(req.application),
                                acceptsToken: { [req] token in req.csrfAccepts(token) })
        let done = req.eventLoop.makePromise(of: Void.self)
        let pool = req.application.threadPool
        let eventLoop = req.eventLoop
        req.body.drain { result in
            switch result {
            case .buffer(let buffer):
                // Sealing and writing happen off the event loop; the next piece is read when they are done.
                return pool.runIfActive(eventLoop: eventLoop) { try state.feed(buffer) }
                    .flatMapErrorThrowing { error in
                        state.complete(done, with: error)
                        throw error
                    }
            case .error(let error):
                state.complete(done, with: error)
            case .end:
                state.complete(done, with: nil)
            }
            return eventLoop.makeSucceededVoidFuture()
        }
        do {
            try await done.futureResult.get()
        } catch {
            for path in state.result.spoolPaths { try? FileManager.default.removeItem(atPath: path) }
            // A body that is not multipart as announced is bad input, not a server error.
            if error is any AbortError { throw error }
            throw Abort(.badRequest)
        }
        guard state.tokenVerified else {
            for path in state.result.spoolPaths { try? FileManager.default.removeItem(atPath: path) }
            throw Abort(.forbidden, reason: "csrf")
        }
        return state.result
    }

    /// `data/spool`, readable by the service only; spool files left by a crash are removed after an hour
    /// (they are sealed with a data key that was never stored, so they were unreadable anyway).
    static func spoolDirectory(_ app: Application) throws -> String {
        let fm = FileManager.default
        var directory = (app.tegenkracht.dataDirectory as NSString).appendingPathComponent("spool")
        if (try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) == nil {
            // A data directory the service may not write (PostgreSQL with the key file elsewhere): the
            // system's temporary directory will do, since what is spooled is sealed.
            directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("tegenkracht-spool")
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let hourAgo = app.clock.now.addingTimeInterval(-3600)
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".spool") {
            let path = (directory as NSString).appendingPathComponent(name)
            if let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < hourAgo {
                try? fm.removeItem(atPath: path)
            }
        }
        return directory
    }
}

/// The parser's state across the pieces of one body. The pieces come one after the other (the next is
/// read only when the last is handled), the lock makes that explicit.
private final class UploadState: @unchecked Sendable {
    private let lock = NIOLock()
    private let parser: MultipartStream
    private let crypto: ReportCrypto
    private let directory: String
    private var upload = IntakeUpload()
    private var headers = HTTPHeaders()
    private var started = false
    private var field: [UInt8] = []
    private var writer: AttachmentSpoolWriter?
    private var skipping = false
    private var total = 0
    private var failure: (any Error)?
    private var completed = false
    /// The CSRF token must be the first part; nothing after it is looked at before it is checked.
    private let acceptsToken: @Sendable (String) -> Bool
    private var tokenChecked = false
    static let maxTokenBytes = 256

    init(parser: MultipartStream, crypto: ReportCrypto, directory: String, acceptsToken: @escaping @Sendable (String) -> Bool) {
        self.parser = parser
        self.crypto = crypto
        self.directory = directory
        self.acceptsToken = acceptsToken
        parser.onHeader = { [unowned self] name, value in headers.add(name: name, value: value) }
        parser.onBody = { [unowned self] buffer in body(buffer) }
        parser.onPartComplete = { [unowned self] in partComplete() }
    }

    var result: IntakeUpload { lock.withLock { upload } }
    /// Whether the body began with this browser's token (a body with no parts at all did not).
    var tokenVerified: Bool { lock.withLock { tokenChecked } }

    func feed(_ buffer: ByteBuffer) throws {
        try lock.withLock {
            total += buffer.readableBytes
            guard total <= IntakeUpload.maxBodyBytes else { throw Abort(.payloadTooLarge) }
            do {
                try parser.execute(buffer.readableBytesView)
            } catch is MultipartStream.SyntaxError {
                throw Abort(.badRequest)
            }
            if let failure { throw failure }
        }
    }

    func complete(_ promise: EventLoopPromise<Void>, with error: (any Error)?) {
        let first = lock.withLock { () -> Bool in
            defer { completed = true }
            return !completed
        }
        guard first else { return }
        if let error { promise.fail(error) } else { promise.succeed(()) }
    }

    private func startPart() {
        started = true
        guard failure == nil else { return }
        let disposition = headers.contentDisposition
        if !tokenChecked {
            // The first part must be the token, a small text field.
            guard disposition?.name == CSRFMiddleware.fieldName, disposition?.filename == nil else {
                failure = Abort(.forbidden, reason: "csrf")
                return
            }
            return
        }
        guard let filename = disposition?.filename else { return }
        // An empty file input is sent as a part with an empty name: nothing was chosen.
        guard !filename.isEmpty else { skipping = true; return }
        guard upload.files.count + (writer == nil ? 0 : 1) < AttachmentPolicy.maxCount,
              upload.spoolPaths.count < AttachmentPolicy.maxCount else {
            if !upload.problems.contains(where: { $0.key == "intake.error.tooManyFiles" }) {
                upload.problems.append(.init(field: "attachment", key: "intake.error.tooManyFiles",
                                             arguments: ["max": String(AttachmentPolicy.maxCount)]))
            }
            skipping = true
            return
        }
        do {
            let spool = try AttachmentSpoolWriter(filename: filename, directory: directory, crypto: crypto)
            upload.spoolPaths.append(spool.path)
            writer = spool
        } catch {
            failure = error
        }
    }

    private func body(_ buffer: ArraySlice<UInt8>) {
        if !started { startPart() }
        guard failure == nil, !skipping else { return }
        if let writer {
            do { try writer.append(buffer) } catch { failure = error }
        } else {
            let limit = tokenChecked ? IntakeUpload.maxFieldBytes : Self.maxTokenBytes
            guard field.count + buffer.count <= limit else {
                failure = tokenChecked ? Abort(.payloadTooLarge) : Abort(.forbidden, reason: "csrf")
                return
            }
            field += buffer
        }
    }

    private func partComplete() {
        if !started { startPart() }
        defer {
            headers = HTTPHeaders()
            started = false
            skipping = false
            writer = nil
            field = []
        }
        guard failure == nil, !skipping else { return }
        if !tokenChecked {
            guard acceptsToken(String(decoding: field, as: UTF8.self)) else {
                failure = Abort(.forbidden, reason: "csrf")
                return
            }
            tokenChecked = true
            return
        }
        if let writer {
            do {
                if let spooled = try writer.finish() {
                    upload.files.append(spooled)
                } else if writer.tooLarge {
                    upload.problems.append(.init(field: "attachment", key: "intake.error.fileTooLarge",
                                                 arguments: ["file": writer.filename, "max": String(AttachmentPolicy.maxBytes / 1_048_576)]))
                } else {
                    upload.problems.append(.init(field: "attachment", key: "intake.error.fileType", arguments: ["file": writer.filename]))
                }
            } catch {
                failure = error
            }
        } else if let name = headers.contentDisposition?.name {
            upload.fields.append((name, String(decoding: field, as: UTF8.self)))
        }
    }
}
