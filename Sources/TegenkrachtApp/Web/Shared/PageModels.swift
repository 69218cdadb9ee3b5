import Foundation

// Small page models that several pages share.

/// A radio button or checkbox with its value, label and optional hint.
struct Choice: Encodable, Sendable {
    let value: String
    let label: String
    var hint: String? = nil
    let checked: Bool
}

/// A checkbox or option identified by `id` (the registry's and the alerts' forms).
struct CheckboxOption: Encodable, Sendable {
    let id: String
    let label: String
    let checked: Bool
}

/// One line of a report's timeline: when, and what happened.
struct TimelineItem: Encodable, Sendable {
    let at: String
    let text: String
}
