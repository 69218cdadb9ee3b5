import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// The letters a report's procedure has (its steps' documents that have a text), in Dutch.
enum Letters {
    static func available(for report: Report, app: Application) -> [(id: String, title: String)] {
        guard let definition = CaseProcedure.definition(for: report, app: app) else { return [] }
        let t = app.localisation.localizer(.dutch)
        var seen: Set<String> = []
        return definition.steps.flatMap { $0.documents ?? [] }.compactMap { document in
            let key = "letter.\(definition.id).\(document)"
            guard t.has("\(key).title"), seen.insert(document).inserted else { return nil }
            return (document, t.text("\(key).title"))
        }
    }
}
