/// Who reads a wave's results (issue 8, and issue 18 for an employer's own wave): the roles the
/// instrument names; for a wave of one employer (a fractie's foundation running the monitor for its
/// own staff) only those roles held *for that employer*. The organisation's coordinator does not read
/// a fractie's own results: they are the fractie's, as its RI&E is.
public enum WaveReaders {
    public static func mayRead(employer: String?, readers: Set<FunctionaryRole>, assignments: [RoleAssignment]) -> Bool {
        assignments.contains { readers.contains($0.role) && (employer == nil || $0.employer == employer) }
    }
}
