import Foundation

/// A member's answer to whether he comes to a session.
public enum RSVP: String, CaseIterable, Hashable, Sendable, Codable {
    case going
    case maybe
    case notGoing = "not-going"

    /// `going`, `maybe`, `not going`: for pages.
    public var words: String { rawValue.replacingOccurrences(of: "-", with: " ") }
}

/// How many members answered each way for one session: counts only, never who.
public struct RSVPCount: Hashable, Sendable, Codable {
    /// Members coming.
    public var going: Int
    /// Members who may come.
    public var maybe: Int
    /// Members not coming.
    public var notGoing: Int

    /// Creates counts.
    public init(going: Int = 0, maybe: Int = 0, notGoing: Int = 0) {
        self.going = going
        self.maybe = maybe
        self.notGoing = notGoing
    }

    /// `12 going, 3 maybe` (the maybes only when there are some), with `, 1 not going` added
    /// when `withNotGoing` (the coordinator's view). Counts only, never names.
    public func words(withNotGoing: Bool = false) -> String {
        "\(going) going" + (maybe > 0 ? ", \(maybe) maybe" : "")
            + (withNotGoing && notGoing > 0 ? ", \(notGoing) not going" : "")
    }

    /// Counts one more answer.
    public mutating func add(_ answer: RSVP) {
        switch answer {
        case .going: going += 1
        case .maybe: maybe += 1
        case .notGoing: notGoing += 1
        }
    }
}
