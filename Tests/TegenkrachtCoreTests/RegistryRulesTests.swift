import TegenkrachtCore
import Testing

/// A small deterministic generator, so that failures can be replayed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What an attacker can derive: bounds on every hidden cell from the published cells and totals,
/// tightened until nothing changes (each hidden cell is at least 1, since zeros are published).
private func attackerBounds(_ t: SuppressedTable) -> [[ClosedRange<Int>?]] {
    let rows = t.cells.count, cols = t.cells.first?.count ?? 0
    let grand = t.grandTotal.value ?? Int.max / 4
    var lo = t.cells.map { $0.map { $0.value ?? 1 } }
    var hi = t.cells.map { $0.map { $0.value ?? grand } }
    // Hidden totals are unknowns too, but the attacker can still use the grand total over them.
    var changed = true
    while changed {
        changed = false
        func tighten(_ positions: [(Int, Int)], total: Int?) {
            guard let total else { return }
            let sumLo = positions.reduce(0) { $0 + lo[$1.0][$1.1] }
            let sumHi = positions.reduce(0) { $0 + hi[$1.0][$1.1] }
            for (r, c) in positions {
                let newLo = max(lo[r][c], total - (sumHi - hi[r][c]))
                let newHi = min(hi[r][c], total - (sumLo - lo[r][c]))
                if newLo != lo[r][c] || newHi != hi[r][c] {
                    lo[r][c] = newLo
                    hi[r][c] = newHi
                    changed = true
                }
            }
        }
        for r in 0..<rows { tighten((0..<cols).map { (r, $0) }, total: t.rowTotals[r].value) }
        for c in 0..<cols { tighten((0..<rows).map { ($0, c) }, total: t.columnTotals[c].value) }
        tighten((0..<rows).flatMap { r in (0..<cols).map { (r, $0) } }, total: t.grandTotal.value)
    }
    return (0..<rows).map { r in (0..<cols).map { c in t.cells[r][c] == .suppressed ? lo[r][c]...max(lo[r][c], hi[r][c]) : nil } }
}

@Suite("Disclosure control")
struct DisclosureControlTests {
    @Test("Tiny tables end and show nothing small: one person in the whole table is not published anywhere",
          arguments: [[[1]], [[0, 1], [0, 0]], [[1, 1], [1, 0]], [[0, 3], [12, 0]], [[4]], [[0, 0], [0, 0]]])
    func tinyTables(counts: [[Int]]) {
        let table = DisclosureControl.suppress(counts, k: 5)
        let published = table.cells.joined().compactMap(\.value) + (table.rowTotals + table.columnTotals + [table.grandTotal]).compactMap(\.value)
        #expect(published.allSatisfy { $0 == 0 || $0 >= 5 })
        let bounds = attackerBounds(table)
        for (r, row) in counts.enumerated() {
            for (c, value) in row.enumerated() {
                if let range = bounds[r][c] { #expect(range.lowerBound < range.upperBound, "\(counts): \(value) derived") }
            }
        }
    }

    @Test("Small counts are hidden and cannot be worked out from the totals (2,000 random tables)")
    func randomTables() {
        var generator = SplitMix(state: 20261122)
        for round in 0..<2000 {
            let rows = Int.random(in: 2...6, using: &generator)
            let cols = Int.random(in: 2...5, using: &generator)
            let counts = (0..<rows).map { _ in
                (0..<cols).map { _ in Int.random(in: 0...3, using: &generator) == 0 ? 0 : Int.random(in: 0...14, using: &generator) }
            }
            let table = DisclosureControl.suppress(counts, k: 5)
            for r in 0..<rows {
                for c in 0..<cols {
                    if let v = table.cells[r][c].value {
                        #expect(v == 0 || v >= 5, "round \(round): published \(v)")
                        #expect(v == counts[r][c])
                    }
                }
            }
            for total in table.rowTotals + table.columnTotals + [table.grandTotal] {
                if let v = total.value { #expect(v == 0 || v >= 5, "round \(round): published total \(v)") }
            }
            let bounds = attackerBounds(table)
            for r in 0..<rows {
                for c in 0..<cols {
                    if let range = bounds[r][c] {
                        #expect(range.lowerBound < range.upperBound, "round \(round): cell \(r),\(c) = \(counts[r][c]) derived from \(counts)")
                        #expect(range.contains(counts[r][c]))
                    }
                }
            }
        }
    }

    @Test("A single small cell in a row takes a second cell with it")
    func secondary() {
        let table = DisclosureControl.suppress([[2, 10, 20], [8, 9, 30]], k: 5)
        #expect(table.cells[0][0] == .suppressed)
        // Without a second hidden cell, 2 = 32 − 10 − 20.
        #expect(table.cells[0].filter { $0 == .suppressed }.count >= 2)
        #expect(table.cells[1][0] == .suppressed || table.cells[1].allSatisfy { $0 != .suppressed } == false)
        #expect(table.rowTotals[0] == .value(32))
    }

    @Test("Two hidden ones are still derivable: 1 + 1 = 2; more must be hidden")
    func sumOfHiddenCells() {
        let table = DisclosureControl.suppress([[1, 1, 40], [20, 30, 40]], k: 5)
        let hiddenInRow = zip(table.cells[0], [1, 1, 40]).filter { $0.0 == .suppressed }.map(\.1)
        #expect(hiddenInRow.reduce(0, +) >= 5)
    }

    @Test("Small fracties and units are merged, so no breakdown narrows down to one")
    func mergeSmallGroups() {
        let merged = DisclosureControl.mergeSmallGroups(
            [("Noordstar", 12), ("Groep De Wit", 1), ("Europa Nu", 2), ("Sociaal Front", 7)], k: 5, otherName: "overig")
        #expect(merged.map(\.name) == ["Noordstar", "overig"])
        #expect(merged.map(\.count) == [12, 10])
        let fine = DisclosureControl.mergeSmallGroups([("A", 5), ("B", 0)], k: 5, otherName: "overig")
        #expect(fine.map(\.name) == ["A"])
    }
}

@Suite("Pattern alerts and name matching")
struct PatternRuleTests {
    let rule = PatternRule.standard

    @Test("More than three signals within 24 months, counting each case or recipient once")
    func threshold() {
        let signals = [
            PatternRule.Signal(date: LocalDate(iso: "2024-11-22")!, source: "advisor:1"),
            .init(date: LocalDate(iso: "2025-06-01")!, source: "manager:7"),
            .init(date: LocalDate(iso: "2025-06-02")!, source: "manager:7"),  // the same case again
            .init(date: LocalDate(iso: "2026-01-15")!, source: "hr:3"),
        ]
        #expect(!rule.alerts(signals, on: LocalDate(iso: "2026-11-21")!))
        let fourth = signals + [.init(date: LocalDate(iso: "2026-11-21")!, source: "advisor:2")]
        #expect(rule.alerts(fourth, on: LocalDate(iso: "2026-11-21")!))
        // On 22 November 2026 the first signal (22 November 2024) falls out of the 24 months.
        #expect(!rule.alerts(fourth, on: LocalDate(iso: "2026-11-22")!))
        #expect(rule.counting(fourth, on: LocalDate(iso: "2026-11-22")!).count == 3)
    }

    @Test("The 24-month window on a leap day: a signal of 29 February 2024 counts on 28 February 2026, not on 1 March")
    func leapDayWindow() {
        let signals = [PatternRule.Signal(date: LocalDate(iso: "2024-02-29")!, source: "a")]
        #expect(rule.counting(signals, on: LocalDate(iso: "2026-02-28")!).count == 1)
        #expect(rule.counting(signals, on: LocalDate(iso: "2026-03-01")!).isEmpty)
        // A signal from after the date does not count yet (registered with a later date by mistake).
        #expect(rule.counting([.init(date: LocalDate(iso: "2026-03-02")!, source: "b")], on: LocalDate(iso: "2026-03-01")!).isEmpty)
    }

    @Test("Name variants meet: titles, accents, initials and case do not matter")
    func names() {
        let a = Set(NameNormalizer.variants("Dr. Jan de Vriës"))
        let b = Set(NameNormalizer.variants("J. de Vries"))
        let c = Set(NameNormalizer.variants("JAN DE VRIES"))
        #expect(!a.isDisjoint(with: b))
        #expect(!a.isDisjoint(with: c))
        #expect(NameNormalizer.variants("Anna Visser").contains("a visser"))
        #expect(Set(NameNormalizer.variants("Piet Visser")).isDisjoint(with: NameNormalizer.variants("Anna Jansen")))
        #expect(NameNormalizer.variants("  ").isEmpty)
    }
}
