import Foundation
public import Planning
import Yams

/// Writes a group back to the YAML of `Config/groups/*.yaml`, so that loading the text gives
/// an equal ``GroupPlan`` (sessions are not part of the file and are not written; comments of
/// the original file are not kept).
public enum GroupWriter {
    /// The YAML text of `plan`'s group, members, activities and blackouts.
    public static func yaml(for plan: GroupPlan) throws -> String {
        let root: Node = mapping([
            ("group", groupNode(plan.group)),
            ("members", block(plan.members.map(memberNode))),
            ("activities", block(plan.activities.map(activityNode))),
            ("blackouts", block(plan.blackouts.map(blackoutNode))),
        ])
        do {
            return try Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true)
        } catch {
            throw ConfigError(
                file: "", line: nil, path: "", message: "cannot write YAML: \(error)", code: .malformedYAML)
        }
    }

    // MARK: Nodes

    private static func groupNode(_ group: Group) -> Node {
        var pairs: [(String, Node?)] = [
            ("slug", plain(group.slug)),
            ("name", text(group.name)),
            ("duty-station", text(group.dutyStation)),
            ("country", text(group.country.rawValue)),
            ("time-zone", plain(group.timeZone)),
            ("venue", venueNode(group.venue)),
            ("mission-statement", text(group.missionStatement)),
            ("working-days", flow(group.workingDays.map { plain($0.rawValue) })),
            ("minimum-gap-days", plain(group.minimumGapDays)),
            ("max-size", group.maxSize.map(plain)),
            ("observance-opt-out", plain(group.settings.observanceOptOut)),
            ("report", plain(group.settings.report.rawValue)),
            (
                "feeds",
                mapping([
                    ("confidential", plain(group.settings.confidentialFeedMode.rawValue)),
                    ("cancelled-retention-days", plain(group.settings.cancelledRetentionDays)),
                    ("public-join-links", plain(group.settings.publicJoinLinks)),
                ])
            ),
        ]
        if !group.missionPriorities.isEmpty || !group.gapTargets.isEmpty {
            let targets = group.gapTargets.sorted { $0.key < $1.key }.map {
                ($0.key.rawValue, Optional(plain($0.value)))
            }
            pairs.append(
                (
                    "gap",
                    mapping([
                        ("priorities", block(group.missionPriorities.map(priorityNode))),
                        ("targets", mapping(targets)),
                    ])
                ))
        }
        return mapping(pairs)
    }

    private static func venueNode(_ venue: Venue) -> Node {
        mapping([
            ("name", text(venue.name)),
            ("address", text(venue.address)),
            ("latitude", venue.latitude.map(plain)),
            ("longitude", venue.longitude.map(plain)),
        ])
    }

    private static func priorityNode(_ priority: GAPPriority) -> Node {
        mapping([
            ("id", plain(priority.id)),
            ("title", text(priority.title)),
            ("scope", plain(priority.scope.rawValue)),
            ("source", priority.source.map(text)),
        ])
    }

    private static func memberNode(_ member: Member) -> Node {
        mapping([
            ("id", plain(member.id)),
            ("name", text(member.name)),
            ("email", text(member.email)),
            ("role", plain(member.role.rawValue)),
            ("staff-category", plain(member.staffCategory.rawValue)),
            ("joined", plain(member.joined)),
            ("interests", flow(member.interests.map(plain))),
            ("capacity-per-month", plain(member.capacityPerMonth)),
            ("past-duties", member.pastDuties > 0 ? plain(member.pastDuties) : nil),
            (
                "availability",
                block(
                    member.availability.map { window in
                        flowMapping([
                            ("days", flow(window.days.map { plain($0.rawValue) })),
                            ("from", quoted(window.from)),
                            ("to", quoted(window.to)),
                        ])
                    })
            ),
            (
                "absences",
                block(
                    member.absences.map { absence in
                        flowMapping([
                            ("from", plain(absence.from)), ("to", plain(absence.to)), ("reason", text(absence.reason)),
                        ])
                    })
            ),
        ])
    }

    private static func activityNode(_ activity: Activity) -> Node {
        var pairs: [(String, Node?)] = [
            ("slug", plain(activity.slug)),
            ("kind", plain(activity.kind)),
            ("title", text(activity.title)),
        ]
        switch activity.schedule {
        case .oneOff(let start):
            pairs.append(("start", quoted(start)))
        case .series(let series):
            pairs.append(
                (
                    "series",
                    mapping([
                        ("rule", quoted(series.rule)),
                        ("start", quoted(series.start)),
                        ("until", series.until.map(plain)),
                        ("count", series.count.map(plain)),
                    ])
                ))
        }
        pairs += [
            ("duration-minutes", activity.durationMinutes.map(plain)),
            ("location", activity.location.map(text)),
            ("online-url", activity.onlineURL.map { text($0.absoluteString) }),
            ("theme", activity.theme.map(plain)),
            ("organisers", activity.organisers.map { flow($0.map(plain)) }),
        ]
        return mapping(pairs)
    }

    private static func blackoutNode(_ blackout: Blackout) -> Node {
        let dates: [(String, Node?)] =
            blackout.from == blackout.to
            ? [("date", plain(blackout.from))] : [("from", plain(blackout.from)), ("to", plain(blackout.to))]
        return flowMapping(dates + [("reason", text(blackout.reason)), ("source", plain(blackout.source.rawValue))])
    }

    // MARK: Scalars

    /// A value written as is (slugs, numbers, dates, words).
    private static func plain(_ value: some CustomStringConvertible) -> Node {
        Node(value.description, .implicit, .plain)
    }

    /// A value always written in double quotes (times, date-times, rules).
    private static func quoted(_ value: some CustomStringConvertible) -> Node {
        Node(value.description, .implicit, .doubleQuoted)
    }

    /// Free text: plain when YAML would read it back as the same text, else double-quoted.
    private static func text(_ value: String) -> Node {
        let candidate = Node(value)
        let safe =
            candidate.tag.rawValue == Tag.Name.str.rawValue && !value.isEmpty
            && value.trimmingCharacters(in: .whitespaces) == value
        return Node(value, .implicit, safe ? .any : .doubleQuoted)
    }

    private static func mapping(_ pairs: [(String, Node?)]) -> Node {
        Node(pairs.compactMap { key, value in value.map { (Node(key), $0) } })
    }

    private static func flowMapping(_ pairs: [(String, Node?)]) -> Node {
        Node(pairs.compactMap { key, value in value.map { (Node(key), $0) } }, .implicit, .flow)
    }

    private static func flow(_ items: [Node]) -> Node { Node(items, .implicit, .flow) }

    private static func block(_ items: [Node]) -> Node { Node(items, .implicit, .block) }
}
