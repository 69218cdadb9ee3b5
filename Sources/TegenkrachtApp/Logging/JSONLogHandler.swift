import Foundation
import Logging
import TegenkrachtCore

/// One JSON object per log line on standard error (`TEGENKRACHT_LOG_FORMAT=json`, issue 17), for a
/// log collector: `time` (ISO 8601, UTC), `level`, `label`, `message` and the metadata as strings.
/// What is logged does not change: never report text, names or addresses (docs/security.md).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        var object: [String: Any] = [
            "time": Self.timestamp(), "level": level.rawValue, "label": label, "message": message.description,
        ]
        if !fields.isEmpty { object["metadata"] = fields }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // A log line carries when it was written, not the service's (possibly pinned) clock.
        return formatter.string(from: SystemClock().now)
    }
}
