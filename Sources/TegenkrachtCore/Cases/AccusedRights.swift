/// The rights of the accused in one case (issue 5; 000a art. 11): to be informed (when, by whom,
/// what), to be heard, to bring counsel, to see and correct the facts, and to support. Fairness to
/// the accused is part of the case, not an afterthought: the ladder refuses measures or a finding
/// against someone who was not informed and heard.
public struct AccusedRights: Codable, Hashable, Sendable {
    public var informedOn: LocalDate?
    public var informedBy: String
    public var toldWhat: String
    public var heardOn: LocalDate?
    public var counselOffered: Bool
    public var factsSharedOn: LocalDate?
    public var correctionsOn: LocalDate?
    public var supportOffered: String

    public init(informedOn: LocalDate? = nil, informedBy: String = "", toldWhat: String = "", heardOn: LocalDate? = nil,
                counselOffered: Bool = false, factsSharedOn: LocalDate? = nil, correctionsOn: LocalDate? = nil,
                supportOffered: String = "") {
        self.informedOn = informedOn
        self.informedBy = informedBy
        self.toldWhat = toldWhat
        self.heardOn = heardOn
        self.counselOffered = counselOffered
        self.factsSharedOn = factsSharedOn
        self.correctionsOn = correctionsOn
        self.supportOffered = supportOffered
    }

    /// Informed and heard, in that order.
    public var heard: Bool {
        guard let informedOn, let heardOn else { return false }
        return heardOn >= informedOn
    }

    public enum Problem: Error, Hashable, Sendable {
        case informedWithoutWho
        case heardBeforeInformed
        case factsBeforeInformed
        case correctionsBeforeFacts
    }

    /// The first thing that does not add up.
    public var problem: Problem? {
        if informedOn != nil, informedBy.trimmingCharacters(in: .whitespaces).isEmpty || toldWhat.trimmingCharacters(in: .whitespaces).isEmpty {
            return .informedWithoutWho
        }
        if let heardOn, informedOn.map({ heardOn < $0 }) ?? true { return .heardBeforeInformed }
        if let factsSharedOn, informedOn.map({ factsSharedOn < $0 }) ?? true { return .factsBeforeInformed }
        if let correctionsOn, factsSharedOn.map({ correctionsOn < $0 }) ?? true { return .correctionsBeforeFacts }
        return nil
    }
}
