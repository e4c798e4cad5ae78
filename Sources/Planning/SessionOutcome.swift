public import Foundation

/// What became of a session once its day came: held or not, how many came, a private note and
/// a public link to its materials. Counts only, never names.
///
/// The public may read ``held`` and ``materials``; the headcounts and the note are for the
/// group's tokens (``Visibility`` decides).
public struct SessionOutcome: Hashable, Sendable, Codable {
    /// True when the session took place.
    public let held: Bool
    /// How many came, in all.
    public let attendance: Int?
    /// Of them, how many women (optional; only ever a count).
    public let women: Int?
    /// Of them, how many men.
    public let men: Int?
    /// Of them, how many did not say.
    public let undisclosed: Int?
    /// The organisers' private note.
    public let note: String?
    /// Slides, the film, the reading: a public `https://` link.
    public let materials: URL?

    /// The largest headcount a session may report.
    public static let maxAttendance = 10_000

    /// An outcome, checked: counts from 0 to ``maxAttendance``, the split by gender never more
    /// than the total, no headcount for a session not held, materials a web address.
    public init(
        held: Bool, attendance: Int? = nil, women: Int? = nil, men: Int? = nil, undisclosed: Int? = nil,
        note: String? = nil, materials: URL? = nil
    ) throws {
        for (name, count) in [("attendance", attendance), ("women", women), ("men", men), ("undisclosed", undisclosed)]
        {
            guard let count else { continue }
            try require(
                (0...Self.maxAttendance).contains(count), .outOfRange,
                "\(name) must be a count from 0 to \(Self.maxAttendance), not \(count)", path: name)
        }
        let split = [women, men, undisclosed].compactMap { $0 }
        if !split.isEmpty {
            try require(
                attendance != nil, .conflict, "give the attendance when giving women, men or undisclosed",
                path: "attendance")
        }
        if let attendance {
            try require(
                split.reduce(0, +) <= attendance, .conflict,
                "women, men and undisclosed (\(split.reduce(0, +))) are more than the attendance (\(attendance))",
                path: "attendance")
            try require(
                held || attendance == 0, .conflict, "a session that was not held has no attendance",
                path: "attendance")
        }
        if let materials { try requireWebURL(materials, path: "materials") }
        self.held = held
        self.attendance = attendance
        self.women = women
        self.men = men
        self.undisclosed = undisclosed
        self.note = note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        self.materials = materials
    }

    private enum CodingKeys: String, CodingKey {
        case held, attendance, women, men, undisclosed, note, materials
    }

    /// Decoding checks the same rules (API bodies, stored rows).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            held: container.decode(Bool.self, forKey: .held),
            attendance: container.decodeIfPresent(Int.self, forKey: .attendance),
            women: container.decodeIfPresent(Int.self, forKey: .women),
            men: container.decodeIfPresent(Int.self, forKey: .men),
            undisclosed: container.decodeIfPresent(Int.self, forKey: .undisclosed),
            note: container.decodeIfPresent(String.self, forKey: .note),
            materials: container.decodeIfPresent(URL.self, forKey: .materials))
    }
}
