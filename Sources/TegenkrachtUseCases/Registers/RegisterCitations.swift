import FluentKit
import Foundation
import TegenkrachtCore

// The link between the College and the registers (issue 14): a College case cites a member's public
// registers as they stood on a day, and the case shows what they held then and whether the House's
// instructions to register had been followed (woo-besluit L5944-6048: COI.2021.0021 cites "de versie
// 24 november 2021" and the instruction of 15 March 2022).

/// A handler of a College case cites the registers of a member on a day. Part of the case: in its
/// unit of work, with its version claim and audit entry.
package enum CiteRegister {
    package static func run(memberID: String, asOf: LocalDate?, version: Int?, on context: CaseContext) async throws {
        guard context.caseFile.recipient == RecipientKind.integrityBoard.rawValue else { throw Refusal("citation.error.notCollege") }
        guard context.organisation?.isMemberOfParliament(memberID) == true else { throw Refusal("register.error.member") }
        guard let asOf else { throw Refusal("register.error.date") }
        guard asOf <= context.today else { throw Refusal("register.error.futureDate") }
        try await context.perform(version: version) { c in
            let citation = RegisterCitation()
            let id = UUID()
            citation.id = id
            citation.$caseFile.id = c.caseID
            citation.memberSealed = try c.crypto.seal(Data(memberID.utf8), purpose: .registerCitation(id))
            citation.asOf = asOf.iso
            citation.citedBy = c.personID
            citation.createdAt = c.now
            try await citation.create(on: c.db)
            try await c.finish(audit: .caseRegisterCite)
        }
    }
}

package enum RegisterCitations {
    /// One citation with what the registers held on its day.
    package struct Cited: Sendable {
        package let memberID: String
        package let asOf: LocalDate
        package let citedBy: String
        package let citedAt: Date
        /// Entries in force that day, per register.
        package let entries: [PublicRegister.Kind: Int]
        /// The instructions issued on or before that day, with their status that day.
        package let instructions: [(instruction: RegistrationInstruction, status: RegistrationInstruction.Status)]
    }

    /// The case's citations, oldest first (read by whoever may read the case).
    package static func of(_ context: CaseContext) async throws -> [Cited] {
        let records = try await RegisterCitation.query(on: context.db).filter(\.$caseFile.$id == context.caseID).sort(\.$createdAt).all()
        var cited: [Cited] = []
        for record in records {
            let member = String(decoding: try context.crypto.open(record.memberSealed, purpose: .registerCitation(try record.requireID())),
                                as: UTF8.self)
            guard let day = LocalDate(iso: record.asOf) else { continue }
            let register = try await PublicRegisterStore.register(member: member, app: context.app, db: context.db)
            let entries = Dictionary(grouping: register.asOf(day, member: member, kind: nil), by: \.entry.kind).mapValues(\.count)
            let instructions = try await RegistrationInstructions.of(member: member, db: context.db).filter { $0.issuedOn <= day }
                .map { ($0, $0.status(in: register, on: day)) }
            cited.append(Cited(memberID: member, asOf: day, citedBy: record.citedBy, citedAt: record.createdAt,
                               entries: entries, instructions: instructions))
        }
        return cited
    }

    /// For the College's annual report: cases that cited a register in the year, and the House's
    /// instructions to register issued in the year with how many are followed by the year's end (or today).
    package struct YearCount: Sendable, Equatable {
        package var casesCiting = 0
        package var instructionsIssued = 0
        package var instructionsFollowed = 0
        package var instructionsNotFollowed: Int { instructionsIssued - instructionsFollowed }
    }

    package static func count(year: Int, app: any ServiceContext, db: any Database) async throws -> YearCount {
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return YearCount() }
        var count = YearCount()
        // The year's moments in the organisation's time zone, so the database counts only that year.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = app.tegenkracht.timeZone
        if let start = calendar.date(from: DateComponents(year: year, month: 1, day: 1)),
           let end = calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1)) {
            let citations = try await RegisterCitation.query(on: db).filter(\.$createdAt >= start).filter(\.$createdAt < end).all()
            count.casesCiting = Set(citations.map { $0.$caseFile.id }).count
        }
        let instructions = try await RegistrationInstructionRecord.query(on: db)
            .filter(\.$issuedOn >= first.iso).filter(\.$issuedOn <= last.iso).all()
        count.instructionsIssued = instructions.count
        let end = min(last, app.today)
        for member in Set(instructions.map(\.memberID)) {
            let register = try await PublicRegisterStore.register(member: member, app: app, db: db)
            for instruction in try await RegistrationInstructions.of(member: member, db: db)
            where (first...last).contains(instruction.issuedOn) {
                if case .followed = instruction.status(in: register, on: end) { count.instructionsFollowed += 1 }
            }
        }
        return count
    }
}
