/// Statistical disclosure control for counts: no published number may point at a person.
///
/// Primary suppression hides every count from 1 to k − 1 (default k = 5). Secondary suppression then
/// hides more cells until no hidden count can be worked out from the published totals: in every row
/// and column that has a hidden cell there are at least two hidden cells, and together they hold at
/// least k (so the hidden values cannot be pinned down by subtraction). Zero is published: it says
/// nobody, which points at no one.
public struct SuppressedTable: Hashable, Sendable {
    public enum Cell: Hashable, Sendable {
        case value(Int)
        case suppressed

        public var value: Int? {
            if case .value(let v) = self { return v }
            return nil
        }
    }

    public let cells: [[Cell]]
    public let rowTotals: [Cell]
    public let columnTotals: [Cell]
    public let grandTotal: Cell

    public init(cells: [[Cell]], rowTotals: [Cell], columnTotals: [Cell], grandTotal: Cell) {
        self.cells = cells
        self.rowTotals = rowTotals
        self.columnTotals = columnTotals
        self.grandTotal = grandTotal
    }
}

public enum DisclosureControl {
    public static let defaultK = 5

    /// Counts of overlapping groups (one report names several kinds of behaviour), published beside a
    /// total: each count below k is hidden, and when only one is, the smallest other count goes too,
    /// so that "the total minus the others" does not come close to the hidden one. Zero is published.
    public static func suppressOverlapping(_ counts: [Int], k: Int = defaultK) -> [Int?] {
        var hidden = counts.map { $0 > 0 && $0 < k }
        if hidden.filter({ $0 }).count == 1,
           let next = counts.indices.filter({ !hidden[$0] && counts[$0] > 0 }).min(by: { counts[$0] < counts[$1] }) {
            hidden[next] = true
        }
        return counts.indices.map { hidden[$0] ? nil : counts[$0] }
    }

    public static func suppress(_ counts: [[Int]], k: Int = defaultK) -> SuppressedTable {
        let rows = counts.count
        let columns = counts.first?.count ?? 0
        var hidden = counts.map { $0.map { $0 > 0 && $0 < k } }
        let rowTotals = counts.map { $0.reduce(0, +) }
        let columnTotals = (0..<columns).map { c in counts.reduce(0) { $0 + $1[c] } }
        let grand = rowTotals.reduce(0, +)
        var hideRowTotal = rowTotals.map { $0 > 0 && $0 < k }
        var hideColumnTotal = columnTotals.map { $0 > 0 && $0 < k }

        // Protect each line (the cells of a row or column, with its total): add the smallest visible
        // non-zero cell until the hidden cells are at least two and hold at least k together. A line
        // that cannot be protected that way has its total hidden too.
        func protect(_ positions: [(Int, Int)], totalHidden: inout Bool) -> Bool {
            var changed = false
            let hiddenPositions = positions.filter { hidden[$0.0][$0.1] }
            guard !hiddenPositions.isEmpty, !totalHidden else { return false }
            var count = hiddenPositions.count
            var sum = hiddenPositions.reduce(0) { $0 + counts[$1.0][$1.1] }
            while count < 2 || sum < k {
                let candidates = positions.filter { !hidden[$0.0][$0.1] && counts[$0.0][$0.1] > 0 }
                guard let next = candidates.min(by: { counts[$0.0][$0.1] < counts[$1.0][$1.1] }) else {
                    totalHidden = true
                    return true
                }
                hidden[next.0][next.1] = true
                count += 1
                sum += counts[next.0][next.1]
                changed = true
            }
            return changed
        }

        var changed = true
        while changed {
            changed = false
            for r in 0..<rows where protect((0..<columns).map { (r, $0) }, totalHidden: &hideRowTotal[r]) { changed = true }
            for c in 0..<columns where protect((0..<rows).map { ($0, c) }, totalHidden: &hideColumnTotal[c]) { changed = true }
        }
        // Lines can still be combined, and the grand total spans them all: audit the table as an attacker
        // would (bounds on every hidden cell from all published totals) and hide more wherever a hidden
        // cell is pinned down: a cell in its row or column, else the smallest other visible cell, else
        // the totals themselves.
        var hideGrand = grand > 0 && grand < k
        while let (r, c) = pinnedCell(counts, hidden: hidden, hideRowTotal: hideRowTotal, hideColumnTotal: hideColumnTotal,
                                      hideGrand: hideGrand)
                ?? linearlyDetermined(counts, hidden: hidden, hideRowTotal: hideRowTotal, hideColumnTotal: hideColumnTotal,
                                      hideGrand: hideGrand, k: k) {
            let rowCandidates = (0..<columns).filter { !hidden[r][$0] && counts[r][$0] > 0 }.map { (r, $0) }
            let columnCandidates = (0..<rows).filter { !hidden[$0][c] && counts[$0][c] > 0 }.map { ($0, c) }
            let anywhere = (0..<rows).flatMap { i in (0..<columns).map { (i, $0) } }.filter { !hidden[$0.0][$0.1] && counts[$0.0][$0.1] > 0 }
            let smallest = { (cells: [(Int, Int)]) in cells.min(by: { counts[$0.0][$0.1] < counts[$1.0][$1.1] }) }
            if let next = smallest(rowCandidates + columnCandidates) ?? smallest(anywhere) {
                hidden[next.0][next.1] = true
            } else if !hideRowTotal[r] {
                hideRowTotal[r] = true
            } else if !hideColumnTotal[c] {
                hideColumnTotal[c] = true
            } else if let row = rowTotals.indices.filter({ !hideRowTotal[$0] && rowTotals[$0] > 0 }).min(by: { rowTotals[$0] < rowTotals[$1] }) {
                // The cell is pinned through the grand total and the other lines: hide another line's
                // total before the grand total itself.
                hideRowTotal[row] = true
            } else if let column = columnTotals.indices.filter({ !hideColumnTotal[$0] && columnTotals[$0] > 0 })
                        .min(by: { columnTotals[$0] < columnTotals[$1] }) {
                hideColumnTotal[column] = true
            } else if !hideGrand {
                hideGrand = true
            } else {
                break  // everything that could be hidden is; nothing more to do
            }
        }

        // A single hidden total among the row totals (or column totals) could be worked out from the
        // grand total: hide a second one, the smallest.
        func protectTotals(_ totals: [Int], _ hiddenTotals: inout [Bool]) {
            guard hiddenTotals.filter({ $0 }).count == 1 else { return }
            if let next = totals.indices.filter({ !hiddenTotals[$0] && totals[$0] > 0 }).min(by: { totals[$0] < totals[$1] }) {
                hiddenTotals[next] = true
            }
        }
        protectTotals(rowTotals, &hideRowTotal)
        protectTotals(columnTotals, &hideColumnTotal)

        func cell(_ value: Int, _ isHidden: Bool) -> SuppressedTable.Cell { isHidden ? .suppressed : .value(value) }
        return SuppressedTable(
            cells: (0..<rows).map { r in (0..<columns).map { c in cell(counts[r][c], hidden[r][c]) } },
            rowTotals: (0..<rows).map { cell(rowTotals[$0], hideRowTotal[$0]) },
            columnTotals: (0..<columns).map { cell(columnTotals[$0], hideColumnTotal[$0]) },
            grandTotal: cell(grand, hideGrand))
    }

    /// The first hidden cell whose value follows from the published cells and totals: each hidden cell is
    /// at least 1 (zeros are published) and at most the grand total; every published line total bounds
    /// the hidden cells in it; the bounds are tightened until nothing changes.
    static func pinnedCell(_ counts: [[Int]], hidden: [[Bool]], hideRowTotal: [Bool], hideColumnTotal: [Bool],
                           hideGrand: Bool) -> (Int, Int)? {
        let rows = counts.count, columns = counts.first?.count ?? 0
        let grand = counts.reduce(0) { $0 + $1.reduce(0, +) }
        var lo = (0..<rows).map { r in (0..<columns).map { c in hidden[r][c] ? 1 : counts[r][c] } }
        // A hidden grand total bounds nothing: the attacker does not know it.
        let ceiling = hideGrand ? Int.max / 4 : grand
        var hi = (0..<rows).map { r in (0..<columns).map { c in hidden[r][c] ? ceiling : counts[r][c] } }
        var changed = true
        while changed {
            changed = false
            func tighten(_ positions: [(Int, Int)]) {
                let total = positions.reduce(0) { $0 + counts[$1.0][$1.1] }
                let sumLo = positions.reduce(0) { $0 + lo[$1.0][$1.1] }
                let sumHi = positions.reduce(0) { $0 + hi[$1.0][$1.1] }
                for (r, c) in positions where hidden[r][c] {
                    let newLo = max(lo[r][c], total - (sumHi - hi[r][c]))
                    let newHi = min(hi[r][c], total - (sumLo - lo[r][c]))
                    if newLo != lo[r][c] || newHi != hi[r][c] {
                        lo[r][c] = newLo
                        hi[r][c] = newHi
                        changed = true
                    }
                }
            }
            for r in 0..<rows where !hideRowTotal[r] { tighten((0..<columns).map { (r, $0) }) }
            for c in 0..<columns where !hideColumnTotal[c] { tighten((0..<rows).map { ($0, c) }) }
            if !hideGrand {
                tighten((0..<rows).flatMap { r in (0..<columns).map { (r, $0) } })
                // The grand total less every published row total is the sum of the rows whose totals are
                // hidden (and the same for columns). With "every hidden cell is at least 1" that sum can
                // pin cells down that no single line does: in `x x 0 | x / 0 x x | x / x 5 x | 7` the
                // hidden (0,0) and (1,2) add up to 7 − 5 = 2, so both are 1 (found by the enumerating
                // oracle in DisclosureOracleTests).
                let hiddenRows = (0..<rows).filter { hideRowTotal[$0] }
                if !hiddenRows.isEmpty && hiddenRows.count < rows {
                    tighten(hiddenRows.flatMap { r in (0..<columns).map { (r, $0) } })
                }
                let hiddenColumns = (0..<columns).filter { hideColumnTotal[$0] }
                if !hiddenColumns.isEmpty && hiddenColumns.count < columns {
                    tighten(hiddenColumns.flatMap { c in (0..<rows).map { ($0, c) } })
                }
            }
        }
        for r in 0..<rows {
            for c in 0..<columns where hidden[r][c] && lo[r][c] >= hi[r][c] { return (r, c) }
        }
        return nil
    }

    /// The first hidden cell (or a hidden cell of a small hidden total) whose value follows from the
    /// published totals taken together: the bounds of `pinnedCell` look at one line at a time, so they
    /// miss "grand total − one row − one column" (found by the brute-force oracle in the tests). A
    /// number is determined exactly when its indicator over the hidden cells lies in the span of the
    /// published lines' indicators; that is checked by Gaussian elimination.
    static func linearlyDetermined(_ counts: [[Int]], hidden: [[Bool]], hideRowTotal: [Bool], hideColumnTotal: [Bool],
                                   hideGrand: Bool, k: Int) -> (Int, Int)? {
        let rows = counts.count, columns = counts.first?.count ?? 0
        let unknowns = (0..<rows).flatMap { r in (0..<columns).map { (r, $0) } }.filter { hidden[$0.0][$0.1] }
        guard !unknowns.isEmpty else { return nil }
        let index = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($0.element.0 * columns + $0.element.1, $0.offset) })
        func indicator(_ positions: [(Int, Int)]) -> [Double] {
            var vector = [Double](repeating: 0, count: unknowns.count)
            for (r, c) in positions { if let i = index[r * columns + c] { vector[i] = 1 } }
            return vector
        }
        let rowLines = (0..<rows).map { r in (0..<columns).map { (r, $0) } }
        let columnLines = (0..<columns).map { c in (0..<rows).map { ($0, c) } }
        var equations: [[Double]] = []
        for r in 0..<rows where !hideRowTotal[r] { equations.append(indicator(rowLines[r])) }
        for c in 0..<columns where !hideColumnTotal[c] { equations.append(indicator(columnLines[c])) }
        if !hideGrand { equations.append(indicator(unknowns)) }
        let basis = echelon(equations)
        func determined(_ target: [Double]) -> Bool {
            guard target.contains(where: { $0 != 0 }) else { return false }
            var rest = target
            for (pivot, row) in basis where abs(rest[pivot]) > 1e-9 {
                let factor = rest[pivot]
                for j in rest.indices { rest[j] -= factor * row[j] }
            }
            return rest.allSatisfy { abs($0) < 1e-9 }
        }
        for (i, cell) in unknowns.enumerated() {
            var unit = [Double](repeating: 0, count: unknowns.count)
            unit[i] = 1
            if determined(unit) { return cell }
        }
        // A small total that was hidden must not follow from the others either.
        let small = { (value: Int) in value > 0 && value < k }
        for r in 0..<rows where hideRowTotal[r] && small(counts[r].reduce(0, +)) && determined(indicator(rowLines[r])) {
            if let c = (0..<columns).first(where: { hidden[r][$0] }) { return (r, c) }
        }
        for c in 0..<columns where hideColumnTotal[c] && small(counts.reduce(0) { $0 + $1[c] }) && determined(indicator(columnLines[c])) {
            if let r = (0..<rows).first(where: { hidden[$0][c] }) { return (r, c) }
        }
        return nil
    }

    /// Rows reduced to echelon form, each with its pivot column (pivot 1, zero in the other rows).
    private static func echelon(_ equations: [[Double]]) -> [(Int, [Double])] {
        var rows = equations
        var basis: [(Int, [Double])] = []
        guard let width = rows.first?.count else { return [] }
        for column in 0..<width {
            guard let p = rows.indices.first(where: { abs(rows[$0][column]) > 1e-9 }) else { continue }
            var pivot = rows.remove(at: p)
            let scale = pivot[column]
            pivot = pivot.map { $0 / scale }
            for i in rows.indices where abs(rows[i][column]) > 1e-9 {
                let factor = rows[i][column]
                for j in 0..<width { rows[i][j] -= factor * pivot[j] }
            }
            for b in basis.indices where abs(basis[b].1[column]) > 1e-9 {
                let factor = basis[b].1[column]
                for j in 0..<width { basis[b].1[j] -= factor * pivot[j] }
            }
            basis.append((column, pivot))
        }
        return basis
    }

    /// Groups (fracties, units) smaller than k are merged into one "other" group, so no breakdown can
    /// narrow down to a small fractie or unit; if "other" is still smaller than k, the smallest
    /// remaining group joins it too.
    public static func mergeSmallGroups(_ groups: [(name: String, count: Int)], k: Int = defaultK,
                                        otherName: String) -> [(name: String, count: Int)] {
        var large = groups.filter { $0.count >= k }
        var other = groups.filter { $0.count < k }.reduce(0) { $0 + $1.count }
        var merged = groups.contains { $0.count < k && $0.count > 0 }
        while merged && other < k, let smallest = large.indices.min(by: { large[$0].count < large[$1].count }) {
            other += large[smallest].count
            large.remove(at: smallest)
        }
        if other == 0 { merged = false }
        return large + (merged ? [(otherName, other)] : [])
    }
}
