import Foundation

/// The annual reports as data (`Resources/Reports/*.json`): which entries a report covers and which
/// tables it has, each row counting the entries whose field has one of the row's codes. A new table or
/// a changed category is a data change. Labels are localisation keys (`report.<report>.<table>.<row>`).
public struct ReportTemplate: Codable, Hashable, Sendable {
    public var id: String
    /// Who may read the report (role codes): always with small counts suppressed.
    public var readers: [FunctionaryRole]
    /// The body that publishes this report itself (the College, art. 4): its members may produce the
    /// exact tables for their own publication.
    public var publishedBy: [FunctionaryRole]
    /// Readers who get the exact counts by default: the regulation's own addressees, for whom the
    /// report is made (art. 14: the bevoegd gezag, the works council). In a year with a handful of
    /// complaints, suppression would leave them nothing; small-cell suppression still applies to
    /// every other breakdown (the dashboard, other reports).
    public var exactFor: [FunctionaryRole]?
    /// The registry channels the report covers (empty: all).
    public var channels: [String]
    /// Only these kinds (empty: all).
    public var kinds: [String]
    public var tables: [Table]
    /// Where the layout comes from (spec section and source lines).
    public var source: String

    public struct Table: Codable, Hashable, Sendable {
        public var id: String
        /// The registry field the rows count: `category`, `handling`, `channel`, `reporterGroup`,
        /// `accusedGroup`, `outcome`, `behaviourGroup`, `year`.
        public var field: String
        public var rows: [Row]
        /// Whether a row "Totaal" closes the table.
        public var total: Bool
    }

    public struct Row: Codable, Hashable, Sendable {
        public var id: String
        /// The field values this row counts; a row with children counts its children's codes too.
        public var codes: [String]
        public var children: [Row]?

        public init(id: String, codes: [String], children: [Row]? = nil) {
            self.id = id
            self.codes = codes
            self.children = children
        }

        /// Every code under this row.
        public var allCodes: Set<String> {
            Set(codes).union((children ?? []).flatMap(\.allCodes))
        }
    }
}

/// A filled table: every row with its count (or suppressed), at its depth, and the total.
public struct FilledTable: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public let id: String
        public let depth: Int
        public let count: SuppressedTable.Cell
    }

    public let id: String
    public let lines: [Line]
    public let total: SuppressedTable.Cell?
    /// Entries whose value no row counts (a category the template does not know): shown, never lost.
    public let unmatched: Int
}

extension ReportTemplate.Table {
    /// Fills the table from counts per field value. With k > 1, sibling rows are suppressed as a column
    /// whose total is their parent (or the grand total); a suppressed parent hides its whole subtree,
    /// so that no hidden count follows from a published one.
    public func fill(_ counts: [String: Int], k: Int) -> FilledTable {
        let covered = rows.reduce(into: Set<String>()) { $0.formUnion($1.allCodes) }
        let grand = counts.filter { covered.contains($0.key) }.values.reduce(0, +)
        var lines: [FilledTable.Line] = []
        func count(_ row: ReportTemplate.Row) -> Int { row.allCodes.reduce(0) { $0 + (counts[$1] ?? 0) } }
        func emit(_ siblings: [ReportTemplate.Row], depth: Int, hiddenParent: Bool) {
            let values = siblings.map(count)
            let cells: [SuppressedTable.Cell]
            if hiddenParent {
                cells = values.map { _ in .suppressed }
            } else if k > 1 {
                cells = DisclosureControl.suppress(values.map { [$0] }, k: k).cells.map { $0[0] }
            } else {
                cells = values.map { .value($0) }
            }
            for (row, cell) in zip(siblings, cells) {
                lines.append(.init(id: row.id, depth: depth, count: cell))
                if let children = row.children, !children.isEmpty {
                    emit(children, depth: depth + 1, hiddenParent: cell == .suppressed)
                }
            }
        }
        emit(rows, depth: 0, hiddenParent: false)
        let totalCell: SuppressedTable.Cell = k > 1 && grand > 0 && grand < k ? .suppressed : .value(grand)
        let unmatched = counts.filter { !covered.contains($0.key) }.values.reduce(0, +)
        return FilledTable(id: id, lines: lines, total: total ? totalCell : nil, unmatched: unmatched)
    }
}

/// The templates, loaded from the data folder.
public struct ReportBook: Sendable {
    public let templates: [ReportTemplate]

    public init(templates: [ReportTemplate]) {
        self.templates = templates
    }

    public func template(_ id: String) -> ReportTemplate? {
        templates.first { $0.id == id }
    }

    public static func load(directory: String) throws -> ReportBook {
        ReportBook(templates: try RuleBook.load([ReportTemplate].self, kind: .reportTemplates, directory: directory).flatMap { $0 })
    }
}
