import Foundation

extension ProgrammePlanner.Request {
    /// The request for planning `months` of a stored group: the sessions of the period that
    /// take place (not dropped, not cancelled), and the headlines of earlier months as history
    /// for the twelve-month rule. Throws nothing; an empty `months` gives an empty period.
    public init(plan: GroupPlan, catalogue: Catalogue, months: [MonthKey]) {
        let sessions: [Session]
        if let first = months.first, let last = months.last {
            let period = first.dates.lowerBound...last.dates.upperBound
            sessions = plan.sessions.filter { period.contains($0.start.date) && $0.takesPlace }
        } else {
            sessions = []
        }
        self.init(
            group: plan.group, catalogue: catalogue, members: plan.members, activities: plan.activities,
            sessions: sessions, months: months,
            history: months.first.map { ProgrammePlanner.history(from: plan.sessions, before: $0) } ?? [:])
    }
}
