import FluentKit
import Foundation
import TegenkrachtCore

// The House's instruction to an MP to register ("aanwijzing", Regeling toezicht en handhaving
// Gedragscode; woo-besluit L5296-5385): recorded by the Griffie, shown on the member's public page
// with whether it was followed and since when (COI.2021.0021: the instruction of 15 March 2022 was
// not followed, L5320-5328).
package enum RecordRegistrationInstruction {
    @discardableResult
    package static func run(memberID: String, issuedOn: LocalDate, required: [String], keeperID: String, by actor: ActorRef,
                            app: any ServiceContext, db: any Database) async throws -> UUID {
        let organisation = try await app.organisationStore.current(on: db)
        guard let organisation, organisation.keepsPublicRegisters(keeperID, on: app.today) else { throw NotFound() }
        guard organisation.isMemberOfParliament(memberID) else { throw Refusal("register.error.member") }
        let items = required.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw Refusal("register.error.instructionItems") }
        guard items.count <= 20, items.allSatisfy({ $0.count <= 300 }) else { throw Refusal("portal.error.tooLong") }
        guard issuedOn <= app.today else { throw Refusal("register.error.futureDate") }
        let id = UUID()
        try await UnitOfWork.run(db) { tx in
            let now = app.clock.now
            let record = RegistrationInstructionRecord()
            record.id = id
            record.memberID = memberID
            record.issuedOn = issuedOn.iso
            record.required = items.joined(separator: "\n")
            record.recordedBy = keeperID
            record.createdAt = now
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .registerInstruction, subject: "register-instruction:\(id)", now: now)
        }
        return id
    }
}

package enum RegistrationInstructions {
    /// A member's instructions, oldest first, as the core's value.
    package static func of(member: String, db: any Database) async throws -> [RegistrationInstruction] {
        try await RegistrationInstructionRecord.query(on: db).filter(\.$memberID == member).sort(\.$issuedOn).all().compactMap { record in
            LocalDate(iso: record.issuedOn).map {
                RegistrationInstruction(member: record.memberID, issuedOn: $0, required: record.required.split(separator: "\n").map(String.init))
            }
        }
    }
}
