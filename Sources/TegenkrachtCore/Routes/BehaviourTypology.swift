/// The 20 behaviours of the report's typology (003a §1.2 A, survey items a-t), each with the kinds of
/// matter it is. Grouped in plain words for the route finder's question "what happened".
public struct BehaviourItem: Hashable, Sendable {
    public let code: String
    public let group: String
    public let kinds: Set<BehaviourKind>
    /// Serious behaviour that may not go informal without a recorded justification (issue 5 triage).
    public let serious: Bool

    public static let all: [BehaviourItem] = [
        item("a", "words"), item("i", "words"), item("b", "words"),
        item("c", "bullying"), item("d", "bullying"),
        // Pressure to break the rules is both unwanted behaviour and an integrity matter.
        BehaviourItem(code: "e", group: "pressure", kinds: [.unwantedBehaviour, .integrity], serious: false),
        item("f", "pressure"), item("g", "pressure", serious: true), item("j", "pressure", serious: true),
        item("h", "physical", serious: true),
        item("k", "sexual"), item("l", "sexual", serious: true),
        item("m", "discrimination"), item("n", "discrimination"), item("o", "discrimination"),
        item("p", "discrimination"), item("q", "discrimination"), item("r", "discrimination"),
        item("s", "discrimination"), item("t", "discrimination"),
    ]

    public static let groups = ["words", "bullying", "pressure", "physical", "sexual", "discrimination"]

    public static func item(code: String) -> BehaviourItem? {
        all.first { $0.code == code }
    }

    private static func item(_ code: String, _ group: String, serious: Bool = false) -> BehaviourItem {
        BehaviourItem(code: code, group: group, kinds: [.unwantedBehaviour], serious: serious)
    }
}
