import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Vapor's decoder for `multipart/form-data`, behind a check by our own parser (issue 16). MultipartKit
/// 4.7.1 traps on a byte of 128 or more in a part's header name, and on an empty boundary, and Vapor
/// uses it for *every* route that decodes a form (the CSRF check decodes every POST): one request with
/// such a body ended the process. `MultipartStream` is a port of the same state machine that throws
/// where MultipartKit traps, so a body it accepts cannot reach those traps; anything else is 400.
struct CheckedFormDataDecoder: ContentDecoder {
    private let inner = FormDataDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                              userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        guard let boundary = headers.contentType?.parameters["boundary"], let parser = MultipartStream(boundary: boundary) else {
            throw Abort(.badRequest)
        }
        do {
            try parser.execute(body.readableBytesView)
        } catch {
            throw Abort(.badRequest)
        }
        return try inner.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }
}
