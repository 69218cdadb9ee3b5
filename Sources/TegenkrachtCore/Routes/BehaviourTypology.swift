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

    /// The Klachtenregeling's own categories (art. 2 and its explanation, woo-besluit L240-250): sexual
    /// harassment, aggression and violence, bullying, and direct or indirect distinction ("de term
    /// discriminatie wordt in dit kader niet gebruikt"). Bullying is "treiteren, roddelen, stalking en
    /// geruchtenverspreiding" with a structural character; aggression is being "verbaal, psychisch of
    /// fysiek lastiggevallen, bedreigd of aangevallen". Belittling remarks count as bullying (a choice,
    /// docs/registry.md).
    public static let regulationCategories = ["seksuele-intimidatie", "agressie-en-geweld", "pesten", "onderscheid"]

    public var regulationCategory: String {
        switch code {
        case "k", "l": "seksuele-intimidatie"
        case "e", "f", "g", "h", "i": "agressie-en-geweld"
        case "a", "b", "c", "d", "j": "pesten"
        default: "onderscheid"
        }
    }

    public static func item(code: String) -> BehaviourItem? {
        all.first { $0.code == code }
    }

    private static func item(_ code: String, _ group: String, serious: Bool = false) -> BehaviourItem {
        BehaviourItem(code: code, group: group, kinds: [.unwantedBehaviour], serious: serious)
    }
}
