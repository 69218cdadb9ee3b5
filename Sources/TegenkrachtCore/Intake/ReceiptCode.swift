/// The code a reporter comes back with: five groups of four characters in Crockford's base32
/// ("K7QF-3M9X-VR2D-8HJT-W4NC"). The first group locates the report and is not secret; the other four
/// carry 80 random bits. Only a slow, salted hash of the whole code is stored, so the code can be
/// neither read from the database nor recovered: lost is lost, which the reporter is told.
public struct ReceiptCode: Hashable, Sendable, CustomStringConvertible {
    /// Crockford's alphabet: no I, L, O or U, so nothing is misread.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let locatorLength = 4
    public static let secretLength = 16
    public static var secretBits: Int { secretLength * 5 }

    /// The normalised 20 characters, without separators.
    public let characters: String

    public var locator: String { String(characters.prefix(Self.locatorLength)) }

    /// Groups of four, for reading aloud and writing down.
    public var description: String {
        stride(from: 0, to: characters.count, by: 4).map { i -> String in
            let start = characters.index(characters.startIndex, offsetBy: i)
            return String(characters[start..<characters.index(start, offsetBy: 4)])
        }.joined(separator: "-")
    }

    /// A new code from a cryptographically secure generator.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> ReceiptCode {
        let total = locatorLength + secretLength
        let characters = String((0..<total).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] })
        return ReceiptCode(characters: characters)
    }

    public static func generate() -> ReceiptCode {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    private init(characters: String) {
        self.characters = characters
    }

    /// Reads what a person typed: any case, spaces or dashes anywhere, and the letters people confuse
    /// with digits (O for 0, I and L for 1). Nil when it cannot be a code.
    public init?(typed text: String) {
        var out = ""
        for character in text.uppercased() {
            switch character {
            case " ", "-", ".", "\t", "\n": continue
            case "O": out.append("0")
            case "I", "L": out.append("1")
            default:
                guard Self.alphabet.contains(character) else { return nil }
                out.append(character)
            }
        }
        guard out.count == Self.locatorLength + Self.secretLength else { return nil }
        characters = out
    }
}
