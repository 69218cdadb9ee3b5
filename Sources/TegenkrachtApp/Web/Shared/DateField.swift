import TegenkrachtCore

/// A date entered as day, month and year (issue 15, the GOV.UK pattern), as `date-field.leaf` shows
/// it as `field` inside `#for(field in …)` (pages hold a list of one; LeafKit's `#with` prints its
/// parameters to standard output, so it is not used): the form posts `<name>Day`, `<name>Month` and
/// `<name>Year`, read back with `DateInput`. The labels are in the field, in the page's language.
struct DateField: Encodable, Sendable {
    let id: String
    let name: String
    let legend: String
    let hint: String
    let dayLabel: String
    let monthLabel: String
    let yearLabel: String
    let day: String
    let month: String
    let year: String

    /// A field showing a stored day, or the parts typed in a refused form, or nothing.
    init(id: String, name: String, legend: String, date: LocalDate? = nil, typed: [String: String] = [:], localizer t: Localizer) {
        self.id = id
        self.name = name
        self.legend = legend
        hint = t.text("date.hint")
        dayLabel = t.text("date.day")
        monthLabel = t.text("date.monthField")
        yearLabel = t.text("date.year")
        let retyped = ["Day", "Month", "Year"].contains { typed["\(name)\($0)"] != nil }
        day = retyped ? typed["\(name)Day"] ?? "" : date.map { String($0.day) } ?? ""
        month = retyped ? typed["\(name)Month"] ?? "" : date.map { String($0.month) } ?? ""
        year = retyped ? typed["\(name)Year"] ?? "" : date.map { String($0.year) } ?? ""
    }
}
