import Foundation

/// Someone asking to join a group through its join form: who, what they do, why, what they care
/// about, and who suggested them. Kept until a coordinator approves or rejects it, or it expires.
public struct JoinRequest: Hashable, Sendable, Codable {
    /// The longest name, position and "suggested by".
    public static let maxShortText = 200
    /// The longest "why".
    public static let maxWhy = 2_000

    /// Full name.
    public let name: String
    /// E-mail address, checked like a member's.
    public let email: String
    /// Position or unit, e.g. `Programme officer, Economic and Environmental Activities`.
    public let position: String
    /// Why they want to join.
    public let why: String
    /// Theme slugs they care about (the catalogue's, checked by the store).
    public let interests: [Slug]
    /// Who suggested them, if anyone.
    public let suggestedBy: String?

    /// Throws ``PlanningError`` for an empty name, position or why, a malformed e-mail, a text
    /// too long, or a repeated interest (path: the form's field).
    public init(
        name: String, email: String, position: String, why: String, interests: [Slug] = [], suggestedBy: String? = nil
    ) throws {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let position = position.trimmingCharacters(in: .whitespacesAndNewlines)
        let why = why.trimmingCharacters(in: .whitespacesAndNewlines)
        let suggestedBy = suggestedBy?.trimmingCharacters(in: .whitespacesAndNewlines)
        try requireText(name, "name")
        try Member.checkEmail(email)
        try requireText(position, "position")
        try requireText(why, "why")
        for (field, text, limit) in [
            ("name", name, Self.maxShortText), ("position", position, Self.maxShortText), ("why", why, Self.maxWhy),
            ("suggested-by", suggestedBy ?? "", Self.maxShortText),
        ] {
            try require(
                text.count <= limit, .outOfRange, "at most \(limit) characters, not \(text.count)", path: field)
        }
        try requireUnique(interests, in: "interests", field: "", what: "interest") { $0 }
        self.name = name
        self.email = email
        self.position = position
        self.why = why
        self.interests = interests
        self.suggestedBy = suggestedBy?.isEmpty == false ? suggestedBy : nil
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            name: c(.name), email: c(.email), position: c(.position), why: c(.why), interests: c(.interests),
            suggestedBy: c.optional(.suggestedBy))
    }

    /// A member id made from the name: `Jonas Lindqvist` → `jonas-lindqvist` (accents dropped);
    /// nil when the name has no letter or digit to make one from.
    public var suggestedID: Slug? {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
            .lowercased()
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return try? Slug(words.joined(separator: "-"))
    }
}
