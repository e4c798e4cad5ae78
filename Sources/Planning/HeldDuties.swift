extension AssignmentProblem {
    /// The same problem with every current duty held as if pinned: planning it fills only open
    /// slots (a duty a member declined, a new session) and moves no one else.
    public func holdingEveryDuty() throws -> AssignmentProblem {
        var held = self
        held.sessions = try sessions.map { session in
            try session.with(
                organisers: session.organisers.map {
                    Assignment(memberID: $0.memberID, role: $0.role, pinned: true, reasons: $0.reasons)
                })
        }
        return held
    }
}
