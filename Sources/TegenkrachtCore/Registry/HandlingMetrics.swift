/// Small helpers for the handling KPIs (anchors-reporting-systems §7), on counts per value, so that
/// the database sends a histogram and not a million rows.
public enum HandlingMetrics {
    /// The median of values given with their counts (for an even total, the lower middle value, as
    /// whole days are reported).
    public static func median(_ histogram: [(value: Int, count: Int)]) -> Int? {
        let sorted = histogram.filter { $0.count > 0 }.sorted { $0.value < $1.value }
        let total = sorted.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        let middle = (total + 1) / 2
        var seen = 0
        for (value, count) in sorted {
            seen += count
            if seen >= middle { return value }
        }
        return sorted.last?.value
    }
}
