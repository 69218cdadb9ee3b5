import Foundation

/// A url-encoded form body as its fields, in order, with repeated names kept (`item[]=a&item[]=b`).
/// The intake form (when it carries no files) and the survey's pages are read with it; it is fuzzed.
public enum FormFields {
    public static func parse(_ body: String) -> [(name: String, value: String)] {
        body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
    }

    /// The fields by name; empty values (after trimming) are left out.
    public static func grouped(_ body: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for (name, raw) in parse(body) {
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { continue }
            fields[name, default: []].append(value)
        }
        return fields
    }
}

/// A participation code of the monitor as typed: case, spaces and dashes do not matter.
public enum ParticipationCode {
    public static func normalised(_ typed: String) -> String {
        typed.uppercased().filter { $0.isLetter || $0.isNumber }
    }
}
