/// An action refused for a reason the person can act on: a text key with its values, put in their
/// language at the door. Thrown inside the action's unit of work, so that whatever it wrote is
/// rolled back.
package struct Refusal: Error, Equatable {
    package let key: String
    /// Plain values for the text (a name), never text that needs translating.
    package let values: [String: String]

    package init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
    }
}

/// A record the action names does not exist, or not for this person (the door answers 404).
package struct NotFound: Error {
    package init() {}
}
