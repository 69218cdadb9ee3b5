import Crypto
import Foundation
import TegenkrachtCore

/// An attachment that streamed in (issue 16: attachments were held whole in memory, several times
/// over). Its bytes were sealed in chunks as they arrived, into a spool file that is read back chunk by
/// chunk into the database when the report commits, and removed afterwards. Plaintext is never on disk.
package struct SpooledAttachment: Sendable {
    package let id: UUID
    package let filename: String
    package let type: AttachmentPolicy.FileType
    package let size: Int
    package let sha256: String
    package let path: String
    package let chunkCount: Int
}

/// Seals one attachment's bytes chunk by chunk (64 KiB, AES-GCM under the report's data key) into a
/// spool file. Each chunk is bound to the attachment, its place and whether it is the last one
/// (`ReportSealPurpose.attachmentChunk`), so chunks cannot be reordered, swapped or cut off unnoticed.
package final class AttachmentSpoolWriter {
    package static let chunkSize = 64 * 1024

    package let id = UUID()
    package let filename: String
    package let path: String
    private let crypto: ReportCrypto
    private let handle: FileHandle
    private var pending = Data()
    private var head: [UInt8] = []
    private var hasher = SHA256()
    private var text = UTF8Stream()
    private var chunks = 0
    package private(set) var size = 0
    /// Past `AttachmentPolicy.maxBytes`: the rest is counted but no longer written.
    package private(set) var tooLarge = false

    package init(filename: String, directory: String, crypto: ReportCrypto) throws {
        self.filename = filename
        self.crypto = crypto
        path = (directory as NSString).appendingPathComponent("\(id.uuidString).spool")
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else { throw SpoolError.cannotWrite }
        self.handle = handle
    }

    package func append(_ bytes: ArraySlice<UInt8>) throws {
        size += bytes.count
        if size > AttachmentPolicy.maxBytes { tooLarge = true }
        guard !tooLarge else { return }
        if head.count < AttachmentPolicy.headLength { head += bytes.prefix(AttachmentPolicy.headLength - head.count) }
        hasher.update(data: Data(bytes))
        text.feed(bytes)
        pending.append(contentsOf: bytes)
        // One chunk is always held back: only at the end is it known which one is the last. The rest
        // is moved to the front once per piece, not once per chunk (a large piece has many chunks).
        var start = pending.startIndex
        while pending.endIndex - start > Self.chunkSize {
            try write(pending[start..<(start + Self.chunkSize)], last: false)
            start += Self.chunkSize
        }
        if start != pending.startIndex { pending = Data(pending[start...]) }
    }

    /// Seals the last chunk and closes the file: the attachment, or nil when its type is not accepted.
    package func finish() throws -> SpooledAttachment? {
        defer { try? handle.close() }
        guard !tooLarge else { return nil }
        try write(pending, last: true)
        pending = Data()
        guard let type = AttachmentPolicy.detect(head: head, filename: filename, isPlainText: text.isPlainText) else { return nil }
        return SpooledAttachment(id: id, filename: String(filename.suffix(200)), type: type, size: size,
                                 sha256: hasher.finalize().hexString, path: path, chunkCount: chunks)
    }

    private func write(_ plain: Data, last: Bool) throws {
        let sealed = try crypto.seal(Data(plain), purpose: .attachmentChunk(id, index: chunks, last: last))
        var length = UInt32(sealed.count).bigEndian
        try handle.write(contentsOf: Data(bytes: &length, count: 4) + sealed)
        chunks += 1
    }
}

/// Reads a spool file's sealed chunks back, one at a time.
package struct AttachmentSpoolReader {
    package static func forEachChunk(of spooled: SpooledAttachment, _ body: (Int, Data) async throws -> Void) async throws {
        guard let handle = FileHandle(forReadingAtPath: spooled.path) else { throw SpoolError.cannotRead }
        defer { try? handle.close() }
        for index in 0..<spooled.chunkCount {
            guard let prefix = try handle.read(upToCount: 4), prefix.count == 4 else { throw SpoolError.cannotRead }
            let length = prefix.reduce(0) { ($0 << 8) | Int($1) }
            guard let sealed = try handle.read(upToCount: length), sealed.count == length else { throw SpoolError.cannotRead }
            try await body(index, sealed)
        }
    }
}

package enum SpoolError: Error {
    case cannotWrite, cannotRead
}
