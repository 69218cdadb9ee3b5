import FluentKit
import Foundation
import TegenkrachtCore

/// The pattern check on every new registry entry (issue 7; 003a §3 step 9): signals about the same
/// person or unit from different sources, within the window, more than the threshold: the designated
/// authority gets one alert with the count and the first date. Index look-ups by blind index, no scan.
package enum PatternCheck {
    package static func run(for entry: RegistryEntry, subjects: [RegistryService.Subject], app: any ServiceContext, db: any Database) async throws {
        guard let date = LocalDate(iso: entry.receivedOn) else { return }
        let rule = app.tegenkracht.patternRule
        let organisation = try await app.organisationStore.current(on: db)
        for group in [subjects.filter(\.identifier.isPerson), subjects.filter { !$0.identifier.isPerson }] where !group.isEmpty {
            var indexes: [String] = []
            for subject in group {
                let index = try RegistryService.blindIndex(subject.identifier, app: app)
                if !indexes.contains(index) { indexes.append(index) }
            }
            // Every window that holds this signal lies within one window's length on either side of it:
            // signals entered later with earlier dates count as well as the other way round (issue 13).
            var query = RegistrySubject.query(on: db).filter(\.$subjectIndex ~~ indexes)
            if let months = rule.windowMonths {
                query = query.filter(\.$receivedOn > date.adding(months: -months).iso)
                    .filter(\.$receivedOn < date.adding(months: months).iso)
            }
            let rows = try await query.all()
            let counting = rule.fullestWindow(rows.compactMap { row in LocalDate(iso: row.receivedOn).map { .init(date: $0, source: row.source) } })
            guard counting.count > rule.moreThan, let since = counting.first?.date else { continue }
            let sources = Set(counting.map(\.source))
            let entryIDs = Set(rows.filter { sources.contains($0.source) }.map { $0.$entry.id })
            if !group[0].identifier.isPerson, try await coveredByOnePersonAlert(entryIDs, db: db) {
                // Every one of these signals is about the same person, who has an alert already: a
                // unit alert would only say it twice. A unit alert is for a pattern across people.
                continue
            }
            let alert: RegistryAlert
            if let open = try await RegistryAlert.query(on: db).filter(\.$subjectIndex ~~ indexes)
                .filter(\.$state != AlertState.handled.rawValue).first() {
                alert = open
                alert.count = counting.count
                alert.since = since.iso
                // Once a signal says the person is an MP, the alert is one about an MP: it moves to
                // whom the organisation gives authority over MPs (away from the coordinator).
                if entry.accusedGroup == RouteGroup.memberOfParliament.rawValue {
                    alert.recipients = authority(for: group.map(\.identifier), context: subjects.map(\.identifier),
                                                 aboutMember: true, organisation: organisation, on: date).joined(separator: ",")
                }
                alert.updatedAt = app.clock.now
                try await alert.save(on: db)
            } else {
                alert = RegistryAlert()
                alert.id = UUID()
                alert.subjectIndex = indexes[0]
                alert.isPerson = group[0].identifier.isPerson
                alert.subjectLabelSealed = try app.keyVault.seal(Data(group[0].label.utf8), for: .alertLabel(try alert.requireID()))
                alert.count = counting.count
                alert.since = since.iso
                alert.recipients = authority(for: group.map(\.identifier), context: subjects.map(\.identifier),
                                             aboutMember: entry.accusedGroup == RouteGroup.memberOfParliament.rawValue,
                                             organisation: organisation, on: date).joined(separator: ",")
                alert.state = AlertState.open.rawValue
                alert.raisedAt = app.clock.now
                alert.updatedAt = alert.raisedAt
                try await alert.create(on: db)
                try await AuditLog.append(on: db, actor: .system, action: .registryAlert, subject: "alert:\(try alert.requireID())", now: app.clock.now)
            }
            let linked = Set(try await RegistryAlertEntry.query(on: db).filter(\.$alert.$id == alert.requireID()).all().map { $0.$entry.id })
            for id in entryIDs.subtracting(linked) {
                let link = RegistryAlertEntry()
                link.$alert.id = try alert.requireID()
                link.$entry.id = id
                try await link.create(on: db)
            }
        }
    }

    package static func coveredByOnePersonAlert(_ entryIDs: Set<UUID>, db: any Database) async throws -> Bool {
        let links = try await RegistryAlertEntry.query(on: db).filter(\.$entry.$id ~~ Array(entryIDs)).with(\.$alert).all()
        var byAlert: [UUID: Set<UUID>] = [:]
        for link in links where link.alert.isPerson {
            byAlert[link.$alert.id, default: []].insert(link.$entry.id)
        }
        return byAlert.values.contains { $0 == entryIDs }
    }

    /// The advisors' coordinator and the competent authority of the employer concerned; never the
    /// accused themselves. About an MP: whom the organisation data gives authority over MPs, never
    /// the civil-service coordinator and never anyone of the MP's party (`context` holds the entry's
    /// fractie, when named).
    package static func authority(for identifiers: [SubjectIdentifier], context: [SubjectIdentifier] = [], aboutMember: Bool = false,
                          organisation: Organisation?, on date: LocalDate) -> [String] {
        guard let organisation else { return [] }
        let members = identifiers.compactMap { identifier -> String? in
            guard case .person(let id) = identifier,
                  let category = organisation.person(id: id)?.category,
                  category == .memberOfParliament || category == .presidiumMember else { return nil }
            return id
        }
        if aboutMember || !members.isEmpty {
            let accused = Set(identifiers.compactMap { if case .person(let id) = $0 { id } else { nil } })
            let fracties = Set((identifiers + context).compactMap { if case .fractie(let id) = $0 { id } else { nil } })
            return organisation.authorityOverMembers(accused: accused, fracties: fracties, on: date)
        }
        var employers: Set<String> = []
        var accused: Set<String> = []
        for identifier in identifiers {
            switch identifier {
            case .person(let id):
                accused.insert(id)
                if let employer = organisation.person(id: id)?.employer { employers.insert(employer) }
            case .unit(let id):
                if let employer = organisation.units.first(where: { $0.id == id })?.employer { employers.insert(employer) }
            case .fractie(let id):
                if let employer = organisation.fractie(id: id, on: date)?.employer { employers.insert(employer) }
            case .name:
                break
            }
        }
        let coordinators = organisation.holders(of: .integrityCoordinator, on: date).map(\.person.id)
        let competent = organisation.holders(of: .competentAuthority, on: date)
            .filter { $0.assignment.employer.map(employers.contains) ?? false }.map(\.person.id)
        var seen: Set<String> = []
        return (coordinators + competent).filter { !accused.contains($0) && seen.insert($0).inserted }
    }
}
