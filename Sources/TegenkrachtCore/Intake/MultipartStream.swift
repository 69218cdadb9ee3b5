/// A streaming parser for `multipart/form-data` bodies, fed piece by piece.
///
/// Ported from MultipartKit's `MultipartParser` (MIT licence, Copyright (c) 2018 Qutheory, LLC), with
/// two changes (issue 16, found by our randomized intake test): a byte of 128 or more in a part's header
/// name is a syntax error (MultipartKit 4.7.1 indexes a 128-entry table with it and traps, so one request
/// ended the process), and an empty or over-long boundary is refused by the initialiser instead of by a
/// precondition. It lives in the core, so the fuzzer exercises it (`Fuzz/TegenkrachtFuzz`).
public final class MultipartStream {
    public struct SyntaxError: Error, Sendable {}

    private enum CRLF { case cr, lf }

    private enum HeaderState {
        case preHeaders(CRLF = .cr)
        case headerName([UInt8] = [])
        case headerValue([UInt8] = [], name: [UInt8])
        case postHeaderValue([UInt8], name: [UInt8])
        case postHeaders
    }

    private enum State {
        case preamble(boundaryMatchIndex: Int = 0)
        case headers(state: HeaderState = .preHeaders())
        case body
        case boundary(boundaryMatchIndex: Int = 0)
        case epilogue
    }

    public var onHeader: (String, String) -> Void = { _, _ in }
    public var onBody: (ArraySlice<UInt8>) -> Void = { _ in }
    public var onPartComplete: () -> Void = {}

    private let boundary: [UInt8]
    private var state: State = .preamble()
    private var buffer: [UInt8] = []
    private var position = 0

    /// Nil for a boundary that RFC 2046 does not allow in length (1 to 70 characters).
    public init?(boundary: String) {
        guard (1...70).contains(boundary.utf8.count) else { return nil }
        self.boundary = Array("\r\n--\(boundary)".utf8)
    }

    public func execute<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        buffer = Array(bytes)
        position = 0
        defer { buffer = []; position = 0 }
        while position < buffer.count {
            switch state {
            case let .preamble(index): state = parsePreamble(boundaryMatchIndex: index)
            case let .headers(headerState): state = try parseHeaders(headerState: headerState)
            case .body: state = parseBody()
            case let .boundary(index): state = try parseBoundary(boundaryMatchIndex: index)
            case .epilogue: return  // anything after the closing delimiter is ignored
            }
        }
    }

    private func readByte() -> UInt8? {
        guard position < buffer.count else { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    private func parsePreamble(boundaryMatchIndex: Int) -> State {
        var index = boundaryMatchIndex
        while index < boundary.count, let byte = readByte() {
            if index == 0, byte == boundary[2] {
                index = 3  // the first delimiter may come without its leading CRLF
            } else if byte == boundary[index] {
                index += 1
            } else if index > 0, byte == boundary[0] {
                index = 1
            } else {
                index = 0
            }
        }
        return index >= boundary.count ? .headers() : .preamble(boundaryMatchIndex: index)
    }

    private func parseCRLF(_ crlf: CRLF) throws -> CRLF? {
        var crlf = crlf
        while let byte = readByte() {
            switch (crlf, byte) {
            case (.cr, 13): crlf = .lf
            case (.lf, 10): return nil
            default: throw SyntaxError()
            }
        }
        return crlf
    }

    private func parseHeaders(headerState: HeaderState) throws -> State {
        var headerState = headerState
        while position < buffer.count {
            switch headerState {
            case let .preHeaders(crlf):
                headerState = try parseCRLF(crlf).map(HeaderState.preHeaders) ?? .headerName()
            case let .headerName(name):
                headerState = try parseHeaderName(name: name)
            case let .headerValue(value, name):
                headerState = parseHeaderValue(value, name: name)
            case let .postHeaderValue(value, name):
                guard readByte() == 10 else { throw SyntaxError() }
                onHeader(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
                headerState = .headerName([])
            case .postHeaders:
                guard readByte() == 10 else { throw SyntaxError() }
                return .body
            }
        }
        return .headers(state: headerState)
    }

    private func parseHeaderName(name: [UInt8]) throws -> HeaderState {
        var name = name
        while let byte = readByte() {
            switch byte {
            case 58 where !name.isEmpty: return .headerValue(name: name)  // ':'
            case 13 where name.isEmpty: return .postHeaders
            case _ where Self.isTokenCharacter(byte): name.append(byte)
            default: throw SyntaxError()
            }
        }
        return .headerName(name)
    }

    private func parseHeaderValue(_ value: [UInt8], name: [UInt8]) -> HeaderState {
        var value = value
        while let byte = readByte() {
            switch byte {
            case 13: return .postHeaderValue(value, name: name)
            case 32, 9 where value.isEmpty: continue
            default: value.append(byte)
            }
        }
        return .headerValue(value, name: name)
    }

    private func parseBody() -> State {
        let start = position
        while position < buffer.count, buffer[position] != boundary[0] { position += 1 }
        if position > start { onBody(buffer[start..<position]) }
        return position < buffer.count ? .boundary() : .body
    }

    private func parseBoundary(boundaryMatchIndex: Int) throws -> State {
        var index = boundaryMatchIndex
        while true {
            guard let byte = readByte() else { return .boundary(boundaryMatchIndex: index) }
            guard index < boundary.count else {
                onPartComplete()
                switch byte {
                case 13: return .headers(state: .preHeaders(.lf))
                case 45: return .epilogue  // '-'
                default: throw SyntaxError()
                }
            }
            guard byte == boundary[index] else {
                // Not a delimiter after all: what looked like one is body.
                let consumed = Array(boundary[0..<index])
                if byte == boundary[0] {
                    onBody(consumed[...])
                    return .boundary(boundaryMatchIndex: 1)
                }
                onBody((consumed + [byte])[...])
                return .body
            }
            index += 1
        }
    }

    /// RFC 7230 token characters (a header field name); everything of 128 and above is not one.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
