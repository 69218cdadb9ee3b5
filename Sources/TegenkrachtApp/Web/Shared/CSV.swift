import TegenkrachtUseCases
import Vapor

/// CSV for exports of aggregates: `;`-separated (as Dutch spreadsheets expect), fields quoted, and
/// never starting with a formula character (CSV injection; TAB and CR included, as OWASP advises).
enum CSV {
    static func field(_ text: String) -> String {
        let safe = text.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + text : text
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The lines as a file: CRLF after each, as RFC 4180 has it.
    static func body(_ lines: [String]) -> String {
        lines.joined(separator: "\r\n") + "\r\n"
    }

    static func response(_ lines: [String], filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body(lines)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return response
    }
}

/// The refusal of a public JSON endpoint: `{"error": "…"}` (the `Error` schema of the OpenAPI contract).
struct APIError: Content, Error {
    let error: String
}
