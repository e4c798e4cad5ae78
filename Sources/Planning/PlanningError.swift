import Foundation

/// The one error type of the planning domain: what is wrong, how to fix it, and where.
///
/// `path` names the offending value in the terms of the YAML schema of `Config/`, with
/// zero-based indices, for example `members[3].availability[1]` or `group.time-zone`. A value
/// nested in another gets the outer part prefixed as the error travels up (see ``prefixed(_:)``).
public struct PlanningError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// What kind of rule was broken; stable, for programs and tests.
    public enum Code: String, Hashable, Sendable, Codable {
        /// A slug is not lowercase kebab-case `[a-z0-9-]+`.
        case invalidSlug = "invalid-slug"
        /// A GAP priority id is not uppercase `[A-Z0-9-]+`.
        case invalidGAPID = "invalid-gap-id"
        /// A country code is not ISO 3166-1 alpha-2.
        case invalidCountry = "invalid-country"
        /// Foundation does not know the IANA time zone id.
        case unknownTimeZone = "unknown-time-zone"
        /// A date, time or date-time is malformed or does not exist.
        case invalidDate = "invalid-date"
        /// A required text is empty.
        case emptyValue = "empty-value"
        /// A number is outside its allowed range.
        case outOfRange = "out-of-range"
        /// A range ends before it starts (or at its start where it must not).
        case reversedRange = "reversed-range"
        /// Two availability windows overlap.
        case overlap = "overlap"
        /// The same slug, id or value appears twice where it must be unique.
        case duplicate = "duplicate"
        /// A slug or id names something that does not exist.
        case unknownReference = "unknown-reference"
        /// An e-mail address is malformed.
        case invalidEmail = "invalid-email"
        /// A URL is malformed or not http(s).
        case invalidURL = "invalid-url"
        /// A CSS colour name is unknown.
        case invalidColour = "invalid-colour"
        /// A recurrence rule is malformed.
        case invalidRecurrence = "invalid-recurrence"
        /// A recurrence rule uses a part of RFC 5545 this planner does not support.
        case unsupportedRecurrence = "unsupported-recurrence"
        /// Two settings contradict each other.
        case conflict = "conflict"
    }

    /// What kind of rule was broken.
    public var code: Code
    /// What is wrong and how to fix it, in a sentence a coordinator understands.
    public var message: String
    /// Where, e.g. `members[3].availability[1]`; empty for the value itself.
    public var path: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String = "") {
        self.code = code
        self.message = message
        self.path = path
    }

    /// The same error seen from the value that holds this one under `component`
    /// (`"members[3]"`, `"availability[1]"`, `"venue"`).
    public func prefixed(_ component: String) -> PlanningError {
        var copy = self
        if path.isEmpty {
            copy.path = component
        } else if path.hasPrefix("[") {
            copy.path = component + path
        } else {
            copy.path = component + "." + path
        }
        return copy
    }

    /// `path: message`, or just the message when there is no path.
    public var description: String {
        path.isEmpty ? message : "\(path): \(message)"
    }
}

/// Runs `body` and prefixes any ``PlanningError`` it throws with `component`.
func within<T>(_ component: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PlanningError {
        throw error.prefixed(component)
    }
}

/// Throws a ``PlanningError`` with `code` and `message` unless `condition` holds.
func require(_ condition: Bool, _ code: PlanningError.Code, _ message: @autoclosure () -> String, path: String = "")
    throws
{
    if !condition {
        throw PlanningError(code, message(), path: path)
    }
}

/// Throws ``PlanningError/Code/emptyValue`` when `text` is empty or only whitespace.
func requireText(_ text: String, _ name: String) throws {
    try require(
        !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, .emptyValue,
        "\(name) must not be empty", path: name)
}

/// Throws ``PlanningError/Code/duplicate`` at the second occurrence of a key in `items`.
func requireUnique<Item, Key: Hashable>(
    _ items: [Item], in listName: String, field: String, what: String, key: (Item) -> Key
) throws {
    var seen: [Key: Int] = [:]
    for (index, item) in items.enumerated() {
        let value = key(item)
        if let first = seen[value] {
            throw PlanningError(
                .duplicate, "\(what) '\(value)' is already used by \(listName)[\(first)]; make it unique",
                path: field.isEmpty ? "\(listName)[\(index)]" : "\(listName)[\(index)].\(field)")
        }
        seen[value] = index
    }
}

extension KeyedDecodingContainer {
    /// `container(.key)` decodes a required value; used by the checked decoders of the model.
    func callAsFunction<T: Decodable>(_ key: Key) throws -> T { try decode(T.self, forKey: key) }

    /// Decodes an optional value.
    func optional<T: Decodable>(_ key: Key) throws -> T? { try decodeIfPresent(T.self, forKey: key) }
}
