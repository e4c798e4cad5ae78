import Foundation

/// One anonymous answer to a session's feedback form: no name, no address, no time of day.
public struct FeedbackAnswer: Hashable, Sendable, Codable {
    /// Whether the person would come again.
    public enum Again: String, Hashable, Sendable, Codable, CaseIterable {
        case yes, maybe, no
    }

    /// The gender a person chose to give, so the group hears women colleagues too; optional.
    public enum Gender: String, Hashable, Sendable, Codable, CaseIterable {
        case woman, man, other
    }

    /// How useful the session was, from 1 (not at all) to 5 (very).
    public let usefulness: Int
    /// Whether they would come again.
    public let again: Again
    /// One thing they will do differently; optional free text.
    public let change: String?
    /// Their gender, if they chose to say.
    public let gender: Gender?

    /// The longest free-text answer.
    public static let maxChange = 500

    /// An answer, checked: usefulness 1–5, free text at most ``maxChange`` characters.
    public init(usefulness: Int, again: Again, change: String? = nil, gender: Gender? = nil) throws {
        try require(
            (1...5).contains(usefulness), .outOfRange, "usefulness is from 1 to 5, not \(usefulness)",
            path: "usefulness")
        let text = change?.trimmingCharacters(in: .whitespacesAndNewlines)
        try require(
            (text?.count ?? 0) <= Self.maxChange, .outOfRange,
            "the answer on what you will do differently is at most \(Self.maxChange) characters", path: "change")
        self.usefulness = usefulness
        self.again = again
        self.change = (text?.isEmpty ?? true) ? nil : text
        self.gender = gender
    }

    private enum CodingKeys: String, CodingKey {
        case usefulness, again, change, gender
    }

    /// Decoding checks the same rules (stored rows).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            usefulness: container.decode(Int.self, forKey: .usefulness),
            again: container.decode(Again.self, forKey: .again),
            change: container.decodeIfPresent(String.self, forKey: .change),
            gender: container.decodeIfPresent(Gender.self, forKey: .gender))
    }
}
