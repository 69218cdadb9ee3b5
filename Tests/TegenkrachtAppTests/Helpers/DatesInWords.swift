import TegenkrachtCore

extension LocalDate {
    /// The day as a Dutch page writes it ("9 december 2026"), spelled out here independently of the
    /// app's texts, so that a test checks the page against what a reader expects.
    var inDutch: String {
        let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                      "november", "december"]
        return "\(day) \(months[month - 1]) \(year)"
    }
}
