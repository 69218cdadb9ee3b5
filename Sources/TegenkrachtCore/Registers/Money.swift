import Foundation

/// Amounts in euro as people type them on a Dutch form (issue 14): "75", "75,50", "€ 1.250",
/// "1250.5". Kept in whole cents, so no floating point ever decides whether a gift is over €50.
public enum Money {
    /// The cents in a typed amount; nil when it is not an amount. A leading minus is read (and then
    /// refused by the rules with its own message, "a value below zero").
    public static func cents(from typed: String) -> Int? {
        var text = typed.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "€", with: "")
            .replacingOccurrences(of: " ", with: "")
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        // The last "," or "." followed by one or two digits is the decimal mark; other marks group thousands.
        var whole = text
        var fraction = ""
        if let mark = text.lastIndex(where: { $0 == "," || $0 == "." }) {
            let after = text[text.index(after: mark)...]
            if after.count == 1 || after.count == 2 {
                whole = String(text[..<mark])
                fraction = String(after)
            }
        }
        whole = whole.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: "")
        guard !whole.isEmpty, whole.count <= 9, whole.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let euros = Int(whole) else { return nil }
        let cents = euros * 100 + (fraction.isEmpty ? 0 : (Int(fraction) ?? 0) * (fraction.count == 1 ? 10 : 1))
        return negative ? -cents : cents
    }

    /// "€ 75,00" (Dutch) or "€75.00" (English).
    public static func text(_ cents: Int, english: Bool = false) -> String {
        let sign = cents < 0 ? "-" : ""
        let value = abs(cents)
        let fraction = String(format: "%02d", value % 100)
        return english ? "\(sign)€\(value / 100).\(fraction)" : "\(sign)€ \(value / 100),\(fraction)"
    }
}
