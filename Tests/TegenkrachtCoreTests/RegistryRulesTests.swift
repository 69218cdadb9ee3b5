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

    @Test("A backlog typed newest first raises the alert: the fullest window counts, whatever the order of entry")
    func anyOrder() {
        // Five registrations about one person, entered from November back to March (issue 13).
        let dates = ["2026-11-10", "2026-09-02", "2026-07-15", "2026-05-20", "2026-03-04"]
        var entered: [PatternRule.Signal] = []
        var alertAfter: Int?
        for (i, date) in dates.enumerated() {
            entered.append(.init(date: LocalDate(iso: date)!, source: "registratie:\(i)"))
            // What the old check did: look back from the newest entry's own date only.
            #expect(!rule.alerts(entered, on: LocalDate(iso: date)!))
            if alertAfter == nil, rule.fullestWindow(entered).count > rule.moreThan { alertAfter = i + 1 }
        }
        #expect(alertAfter == 4)
        #expect(rule.fullestWindow(entered).count == 5)
        #expect(rule.fullestWindow(entered).first?.date == LocalDate(iso: "2026-03-04"))
        // Positive control: four signals spread over more than 24 months never make a window of four.
        let spread = ["2020-01-01", "2022-06-01", "2024-11-01", "2026-11-01"].enumerated()
            .map { PatternRule.Signal(date: LocalDate(iso: $0.element)!, source: "s\($0.offset)") }
        #expect(rule.fullestWindow(spread).count == 1)
        // Without a window, every signal counts (the report's own wording has none).
        #expect(PatternRule(moreThan: 3, windowMonths: nil).fullestWindow(spread).count == 4)
        // The same source twice is one signal.
        let twice = [PatternRule.Signal(date: LocalDate(iso: "2026-01-01")!, source: "zaak:1"),
                     .init(date: LocalDate(iso: "2026-02-01")!, source: "zaak:1")]
        #expect(rule.fullestWindow(twice).count == 1)
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

/// An oracle that shares nothing with `DisclosureControl` (issue 12: the bounds above copy its
/// algorithm): it tries every integer table an attacker cannot tell apart from the published one, by
/// backtracking over the hidden cells (each at least 1, since zeros are published), and records which
/// values each hidden cell and each hidden total can take. A hidden number that can take one value only
/// is disclosed.
private struct BruteForceOracle {
    let table: SuppressedTable
    let cap: Int
    var budget: Int
    var seenCells: [[Set<Int>]]
    var seenRowTotals: [Set<Int>]
    var seenColumnTotals: [Set<Int>]
    var seenGrand: Set<Int> = []

    init(_ table: SuppressedTable, cap: Int, budget: Int = 2_000_000) {
        self.table = table
        self.cap = cap
        self.budget = budget
        seenCells = table.cells.map { $0.map { _ in [] } }
        seenRowTotals = table.rowTotals.map { _ in [] }
        seenColumnTotals = table.columnTotals.map { _ in [] }
    }

    var rows: Int { table.cells.count }
    var columns: Int { table.cells.first?.count ?? 0 }

    /// Whether a complete table reproduces every published cell and total.
    func isConsistent(_ f: [[Int]]) -> Bool {
        for r in 0..<rows { for c in 0..<columns { if let v = table.cells[r][c].value, v != f[r][c] { return false } } }
        for r in 0..<rows { if let v = table.rowTotals[r].value, v != f[r].reduce(0, +) { return false } }
        for c in 0..<columns { if let v = table.columnTotals[c].value, v != f.reduce(0, { $0 + $1[c] }) { return false } }
        if let v = table.grandTotal.value, v != f.reduce(0, { $0 + $1.reduce(0, +) }) { return false }
        return true
    }

    /// Starts from the true table (the attacker cannot rule it out), then looks for any other.
    mutating func run(truth: [[Int]]) -> Bool {
        record(truth)
        return run()
    }

    /// Runs the search; false when it ran out of budget before it could decide.
    mutating func run() -> Bool {
        var filling = table.cells.map { $0.map { $0.value ?? 0 } }
        let hidden = (0..<rows).flatMap { r in (0..<columns).map { (r, $0) } }.filter { table.cells[$0.0][$0.1] == .suppressed }
        return search(hidden, 0, &filling)
    }

    /// Whether every hidden cell and total has been seen with two values at least (search may stop).
    var undecided: Bool {
        for r in 0..<rows { for c in 0..<columns where table.cells[r][c] == .suppressed && seenCells[r][c].count < 2 { return true } }
        for r in 0..<rows where table.rowTotals[r] == .suppressed && seenRowTotals[r].count < 2 { return true }
        for c in 0..<columns where table.columnTotals[c] == .suppressed && seenColumnTotals[c].count < 2 { return true }
        return table.grandTotal == .suppressed && seenGrand.count < 2
    }

    private mutating func search(_ hidden: [(Int, Int)], _ index: Int, _ filling: inout [[Int]]) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        guard index < hidden.count else {
            record(filling)
            return true
        }
        let (r, c) = hidden[index]
        for value in 1...max(1, cap) {
            filling[r][c] = value
            if fits(filling, hidden: hidden, through: index) {
                guard search(hidden, index + 1, &filling) else { return false }
                if !undecided { return true }
            }
        }
        filling[r][c] = 0
        return true
    }

    /// The partial filling (hidden cells up to `through` set, later ones still 0) breaks no published total.
    private func fits(_ f: [[Int]], hidden: [(Int, Int)], through: Int) -> Bool {
        let unset = Set(hidden[(through + 1)...].map { $0.0 * 1000 + $0.1 })
        func check(_ positions: [(Int, Int)], _ total: Int?) -> Bool {
            guard let total else { return true }
            let sum = positions.reduce(0) { $0 + f[$1.0][$1.1] }
            let open = positions.filter { unset.contains($0.0 * 1000 + $0.1) }.count
            return open == 0 ? sum == total : sum + open <= total
        }
        for r in 0..<rows where !check((0..<columns).map { (r, $0) }, table.rowTotals[r].value) { return false }
        for c in 0..<columns where !check((0..<rows).map { ($0, c) }, table.columnTotals[c].value) { return false }
        return check((0..<rows).flatMap { r in (0..<columns).map { (r, $0) } }, table.grandTotal.value)
    }

    private mutating func record(_ f: [[Int]]) {
        for r in 0..<rows { for c in 0..<columns where table.cells[r][c] == .suppressed { seenCells[r][c].insert(f[r][c]) } }
        for r in 0..<rows { seenRowTotals[r].insert(f[r].reduce(0, +)) }
        for c in 0..<columns { seenColumnTotals[c].insert(f.reduce(0) { $0 + $1[c] }) }
        seenGrand.insert(f.reduce(0) { $0 + $1.reduce(0, +) })
    }
}

@Suite("Disclosure control against a brute-force oracle")
struct DisclosureOracleTests {
    @Test("Every small table: no hidden cell or total below k can be pinned down by trying every possible table")
    func bruteForce() {
        var generator = SplitMix(state: 20261202)
        var decided = 0
        var disclosures: [String] = []
        for _ in 0..<400 {
            let rows = Int.random(in: 1...3, using: &generator)
            let columns = Int.random(in: 1...3, using: &generator)
            let counts = (0..<rows).map { _ in
                (0..<columns).map { _ in Int.random(in: 0...2, using: &generator) == 0 ? 0 : Int.random(in: 1...9, using: &generator) }
            }
            let k = 5
            let table = DisclosureControl.suppress(counts, k: k)
            let grand = counts.reduce(0) { $0 + $1.reduce(0, +) }
            var oracle = BruteForceOracle(table, cap: table.grandTotal.value ?? grand + 3)
            // The publication is true to the table (and hidden cells are never zero).
            #expect(oracle.isConsistent(counts), "\(counts)")
            guard oracle.run(truth: counts) else { continue }
            decided += 1
            for r in 0..<rows { for c in 0..<columns where table.cells[r][c] == .suppressed && counts[r][c] < k {
                if oracle.seenCells[r][c].count < 2 { disclosures.append("cell \(r),\(c) = \(counts[r][c]) in \(counts)") }
            } }
            // A hidden total matters when it is small itself (a large one was hidden only to protect others).
            let small = { (value: Int) in value > 0 && value < k }
            for r in 0..<rows where table.rowTotals[r] == .suppressed && small(counts[r].reduce(0, +)) && oracle.seenRowTotals[r].count < 2 {
                disclosures.append("row total \(r) in \(counts)")
            }
            for c in 0..<columns where table.columnTotals[c] == .suppressed && small(counts.reduce(0) { $0 + $1[c] })
                && oracle.seenColumnTotals[c].count < 2 {
                disclosures.append("column total \(c) in \(counts)")
            }
            if table.grandTotal == .suppressed && small(grand) && oracle.seenGrand.count < 2 { disclosures.append("grand total in \(counts)") }
        }
        #expect(disclosures.isEmpty, "\(disclosures.prefix(10))")
        #expect(decided >= 380, "the oracle decided only \(decided) of 400 tables within its budget")
    }

    @Test("The oracle catches a disclosure (positive control): a lone small cell next to its published total")
    func oracleFindsALeak() {
        // Published: row total 12 and the cell 9, so the hidden cell is 3: no algorithm output, made by hand.
        let leaky = SuppressedTable(cells: [[.suppressed, .value(9)]], rowTotals: [.value(12)],
                                    columnTotals: [.suppressed, .value(9)], grandTotal: .value(12))
        var oracle = BruteForceOracle(leaky, cap: 12)
        let ran = oracle.run()
        #expect(ran)
        #expect(oracle.seenCells[0][0] == [3])
    }
}
