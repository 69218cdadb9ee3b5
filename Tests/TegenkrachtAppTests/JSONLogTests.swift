import Foundation
import Logging
import NIOConcurrencyHelpers
@testable import TegenkrachtApp
import Testing

/// Issue 17: `TEGENKRACHT_LOG_FORMAT=json` writes one JSON object per line.
@Suite("JSON logs")
struct JSONLogTests {
    @Test("Each line parses, with time, level, label, message and metadata; below the level nothing is written")
    func oneObjectPerLine() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "tegenkracht.test") { label in
            JSONLogHandler(label: label, level: .info) { line in lines.withLockedValue { $0.append(line) } }
        }
        logger[metadataKey: "request-id"] = "abc"
        logger.info("started \"quoted\"\nnext line", metadata: ["count": "3"])
        logger.debug("not written")
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(!line.contains("\n"), "one line")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "tegenkracht.test")
        #expect(object["message"] as? String == "started \"quoted\"\nnext line")
        #expect((object["metadata"] as? [String: String]) == ["request-id": "abc", "count": "3"])
        #expect((object["time"] as? String).flatMap { ISO8601DateFormatter.withFractions.date(from: $0) } != nil)
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
