import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// Where a role holder belongs, in words: the civil service, external, or a fractie by name.
enum Affiliation {
    static func text(_ assignment: RoleAssignment, _ org: Organisation, _ date: LocalDate,
                                _ req: Request) -> String {
        switch assignment.affiliation {
        case .civilService: return req.text("affiliation.ambtelijk")
        case .external: return req.text("affiliation.extern")
        case .fractie:
            let name = assignment.fractie.flatMap { org.fractie(id: $0, on: date)?.name } ?? "?"
            return req.text("affiliation.fractie", ["fractie": name])
        }
    }
}
