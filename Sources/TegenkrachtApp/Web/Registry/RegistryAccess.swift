import Fluent
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// What the registry's pages need to know about the reader: their roles today, and the year asked.
enum RegistryAccess {
    static func roles(_ req: Request) async throws -> Set<FunctionaryRole> {
        guard let staff = req.staff, staff.role == .functionary, let personID = staff.personID else { return [] }
        let today = req.application.today
        return Set(try await req.application.organisationStore.current(on: req.db)?.roles(of: personID, on: today).map(\.role) ?? [])
    }

    /// The signed-in functionary's role assignments today, with the employer each is held for.
    static func assignments(_ req: Request) async throws -> [RoleAssignment] {
        guard let staff = req.staff, staff.role == .functionary, let personID = staff.personID else { return [] }
        return try await req.application.organisationStore.current(on: req.db)?.roles(of: personID, on: req.application.today) ?? []
    }

    /// The ten completed years before this one, newest first: what is published (the open figures, the
    /// RI&E input) is a year that has ended, so a number cannot change from one day to the next and
    /// give away the one new signal behind the change.
    static func completedYears(_ req: Request) -> [Int] {
        let current = req.application.today.year
        return Array(((current - 10)...(current - 1)).reversed())
    }

    /// `?jaar=` if it is one of the completed years; last year otherwise.
    static func completedYear(_ req: Request) -> Int {
        let years = completedYears(req)
        return req.query[Int.self, at: "jaar"].flatMap { years.contains($0) ? $0 : nil } ?? years[0]
    }

    static func year(_ req: Request) -> Int {
        let current = req.application.today.year
        return (req.query[Int.self, at: "jaar"]).flatMap { (2000...current).contains($0) ? $0 : nil } ?? current
    }
}
