import Foundation
import ICalendar
public import Planning

/// Which feeds a group has, and which files they are written to.
extension FeedRenderer {
    /// Every feed worth publishing for the group: the public and members feeds, one organiser
    /// feed per member, one feed per theme, kind and GAP priority its public sessions carry, and
    /// the observances.
    public func availableFeeds() -> [FeedKind] {
        var themes = Set<Slug>()
        var kinds = Set<Slug>()
        var priorities = Set<GAPPriorityID>()
        for activity in source.plan.activities {
            guard let kind = source.catalogue.kind(activity.kind), kind.privacy == .public else { continue }
            kinds.insert(kind.slug)
            let sessionThemes = (sessionsByActivity[activity.slug] ?? []).compactMap(\.theme)
            for slug in sessionThemes + [activity.theme].compactMap({ $0 }) {
                themes.insert(slug)
                priorities.formUnion(source.catalogue.theme(slug)?.gap ?? [])
            }
        }
        return [.group, .members] + source.plan.members.map { .organiser($0.id) } + themes.sorted().map { .theme($0) }
            + kinds.sorted().map { .kind($0) } + priorities.sorted().map { .gapPriority($0) } + [.observances]
    }

    /// The feeds worth writing as files into a folder holding `existingFiles`: every
    /// ``availableFeeds()``, plus each other theme, kind or GAP priority feed of the group whose
    /// file is already there. Rewritten, such a file empties once its last session has left it,
    /// instead of showing what is no longer planned.
    public func feedsToWrite(existingFiles: Set<String>) -> [FeedKind] {
        let available = availableFeeds()
        let catalogue = source.catalogue
        let possible: [FeedKind] =
            catalogue.themes.map { .theme($0.slug) }
            + catalogue.activityKinds.filter { $0.privacy == .public }.map { .kind($0.slug) }
            + (catalogue.gapPriorities + group.missionPriorities).map { .gapPriority($0.id) }
        let stale = possible.filter {
            !available.contains($0) && existingFiles.contains($0.fileName(group: group.slug))
        }
        return available + stale
    }

    /// The organiser feed files among `existingFiles` of members the group no longer has: they
    /// hold a former member's duties and name, and cannot be rendered again. Empty when another
    /// group's slug begins with this group's organiser-file prefix (`vienna-organiser-…`), whose
    /// files could not be told apart.
    public func formerOrganiserFiles(in existingFiles: Set<String>, otherGroups: [Slug]) -> [String] {
        let members = Set(source.plan.members.map(\.id.rawValue))
        return organiserFiles(in: existingFiles, otherGroups: otherGroups).filter { !members.contains($0.member) }
            .map(\.file)
    }

    /// Every private feed file of the group among `existingFiles` (the members feed and every
    /// organiser feed, of present members or former): what must never lie in a public folder.
    public func privateFiles(in existingFiles: Set<String>, otherGroups: [Slug]) -> [String] {
        let members = FeedKind.members.fileName(group: group.slug)
        return
            ((existingFiles.contains(members) ? [members] : [])
            + organiserFiles(in: existingFiles, otherGroups: otherGroups).map(\.file)).sorted()
    }

    /// The files named like this group's organiser feeds, with the member each names.
    func organiserFiles(in existingFiles: Set<String>, otherGroups: [Slug]) -> [(file: String, member: String)] {
        let prefix = FeedKind.organiserFilePrefix(group: group.slug)
        guard !otherGroups.contains(where: { $0.rawValue.hasPrefix(prefix) }) else { return [] }
        return existingFiles.sorted().compactMap { file in
            guard file.hasPrefix(prefix), file.hasSuffix(".ics") else { return nil }
            let member = String(file.dropFirst(prefix.count).dropLast(4))
            return (try? Slug(member)) != nil ? (file, member) : nil
        }
    }

    /// Renders one feed.
    ///
    /// Throws ``FeedError/unknownFeedSubject(_:)`` for a member, theme, kind or priority the
    /// group or catalogue does not have, ``FeedError/inconsistentPlan(_:)`` for an activity of
    /// an unknown kind, ``FeedError/rendering(_:)`` if libical refuses a value.
}
