import Foundation

/// The MPs' public registers, kept by the Griffie (issue 14; woo-besluit L4313-4345; RvO art. 150a):
/// side activities with the income received per calendar year, gifts, and foreign trips paid by
/// others. Every change is a new version with the day it was published, so the register can be read
/// as it stood on any day: the College relies on "the version of 24 November 2021" (COI.2021.0021,
/// woo-besluit L5950-6047, L5991).
public struct PublicRegister: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case sideActivity = "nevenactiviteit", gift = "geschenk", foreignTrip = "buitenlandse-reis"
    }

    /// One published state of an entry; `removed` ends the entry from that day.
    public struct Version: Codable, Hashable, Sendable {
        public var published: LocalDate
        public var description: String
        public var paid: Bool?
        public var removed: Bool
        /// The income statement this version carries, for a side activity (RvO art. 150a lid 1).
        public var income: IncomeStatement?

        public init(published: LocalDate, description: String, paid: Bool? = nil, removed: Bool = false,
                    income: IncomeStatement? = nil) {
            self.published = published
            self.description = description
            self.paid = paid
            self.removed = removed
            self.income = income
        }
    }

    public struct Entry: Codable, Hashable, Sendable {
        public var id: String
        public var member: String
        public var kind: Kind
        public var versions: [Version]

        public init(id: String, member: String, kind: Kind, versions: [Version]) {
            self.id = id
            self.member = member
            self.kind = kind
            self.versions = versions
        }

        /// The version in force on a day: the latest published on or before it, unless that removed it.
        /// Of two versions published on one day, the later in `versions` counts.
        public func version(on day: LocalDate) -> Version? {
            var latest: Version?
            for version in versions where version.published <= day {
                if let found = latest, version.published < found.published { continue }
                latest = version
            }
            guard let latest, !latest.removed else { return nil }
            return latest
        }

        /// Every calendar year's income statement published on or before a day, by year: each version
        /// carries one statement, so a later version (a new year's statement, a changed description)
        /// must not hide the earlier years' (RvO art. 150a lid 1: the income per calendar year). Of
        /// two statements for one year, the later published counts (a correction).
        public func incomeStatements(on day: LocalDate) -> [IncomeStatement] {
            var byYear: [Int: (published: LocalDate, statement: IncomeStatement)] = [:]
            for version in versions where version.published <= day {
                guard let income = version.income else { continue }
                if let found = byYear[income.year], version.published < found.published { continue }
                byYear[income.year] = (version.published, income)
            }
            return byYear.keys.sorted().compactMap { byYear[$0]?.statement }
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The register as it stood on a day, for one member or all: what a reader saw that day.
    public func asOf(_ day: LocalDate, member: String? = nil, kind: Kind? = nil) -> [(entry: Entry, version: Version)] {
        entries.filter { (member == nil || $0.member == member) && (kind == nil || $0.kind == kind) }
            .compactMap { entry in entry.version(on: day).map { (entry, $0) } }
    }
}

/// The income from side activities actually received in a calendar year, due by 1 April of the next
/// year (RvO art. 150a lid 1). A statement for a year not yet ended is refused; a late one is accepted
/// and marked late, never lost.
public struct IncomeStatement: Codable, Hashable, Sendable {
    public var member: String
    public var year: Int
    public var amountCents: Int
    public var submittedOn: LocalDate

    public init(member: String, year: Int, amountCents: Int, submittedOn: LocalDate) {
        self.member = member
        self.year = year
        self.amountCents = amountCents
        self.submittedOn = submittedOn
    }

    /// 1 April of the year after ("uiterlijk op 1 april", RvO art. 150a lid 1).
    public var dueOn: LocalDate? { Self.due(forYear: year) }

    public static func due(forYear year: Int) -> LocalDate? { LocalDate(year: year + 1, month: 4, day: 1) }

    public var isLate: Bool { dueOn.map { submittedOn > $0 } ?? false }

    public func problems() -> [String] {
        var found: [String] = []
        if amountCents < 0 { found.append("register.error.negativeValue") }
        if submittedOn.year <= year { found.append("register.error.yearNotEnded") }
        return found
    }
}

/// An instruction by the House to register ("aanwijzing", Regeling toezicht en handhaving
/// Gedragscode; woo-besluit L5296-5385): the register shows whether it was followed and since when.
public struct RegistrationInstruction: Codable, Hashable, Sendable {
    public var member: String
    public var issuedOn: LocalDate
    /// What must appear in the register, in words an entry's description contains.
    public var required: [String]

    public init(member: String, issuedOn: LocalDate, required: [String]) {
        self.member = member
        self.issuedOn = issuedOn
        self.required = required
    }

    public enum Status: Hashable, Sendable {
        /// Everything required is in the register since that day.
        case followed(since: LocalDate)
        /// On the day asked, something required is still missing.
        case notFollowed(missing: [String])
    }

    /// Whether the register held every required item on `day`, and since when.
    public func status(in register: PublicRegister, on day: LocalDate) -> Status {
        func missing(on date: LocalDate) -> [String] {
            let descriptions = register.asOf(date, member: member, kind: .sideActivity).map { $0.version.description.lowercased() }
            return required.filter { item in !descriptions.contains { $0.contains(item.lowercased()) } }
        }
        let missingNow = missing(on: day)
        guard missingNow.isEmpty else { return .notFollowed(missing: missingNow) }
        // The first publication day (after the instruction) from which nothing was missing up to `day`.
        let days = Set(register.entries.filter { $0.member == member }.flatMap { $0.versions.map(\.published) })
            .filter { $0 <= day }.sorted()
        var since = day
        for date in days.reversed() {
            if missing(on: date).isEmpty { since = date } else { break }
        }
        return .followed(since: max(since, issuedOn))
    }
}

extension PublicRegister {
    /// The members with a paid side activity during `year` and no income statement for it, once the
    /// statement is late (from 2 April of the next year; RvO art. 150a lid 1). Paid during the year:
    /// paid on its last day, or a paid version published in it. A statement counts when published or
    /// when `submitted` holds the member (sent and waiting for the Griffie). Sorted by member id.
    public func membersWithoutIncomeStatement(for year: Int, today: LocalDate, submitted: Set<String>) -> [String] {
        guard let due = IncomeStatement.due(forYear: year), today > due, let end = LocalDate(year: year, month: 12, day: 31) else { return [] }
        let paid = Set(entries.filter { entry in
            entry.kind == .sideActivity && (entry.version(on: end)?.paid == true
                || entry.versions.contains { $0.paid == true && $0.published.year == year && !$0.removed })
        }.map(\.member))
        let stated = Set(entries.flatMap { entry in entry.versions.compactMap { $0.income?.year == year ? entry.member : nil } })
        return paid.subtracting(stated).subtracting(submitted).sorted()
    }
}
