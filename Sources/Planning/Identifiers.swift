public import Foundation

/// A string identifier whose text is checked when it is made and when it is decoded.
public protocol CheckedIdentifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The text, as written in the configuration.
    var rawValue: String { get }
    /// Checks `text` and throws ``PlanningError`` if it is not a valid identifier of this kind.
    init(_ text: String) throws
}

extension CheckedIdentifier {
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

private let lowercase = UInt8(ascii: "a")...UInt8(ascii: "z")
private let uppercase = UInt8(ascii: "A")...UInt8(ascii: "Z")
private let digits = UInt8(ascii: "0")...UInt8(ascii: "9")

/// True when every byte of `text` is one of `allowed` or a hyphen and the text is a kebab-style
/// word list: not empty, no leading, trailing or doubled hyphen.
private func isHyphenated(_ text: String, allowed: (UInt8) -> Bool) -> Bool {
    // One pass over the bytes (request paths are checked with this): a hyphen may not lead,
    // trail or follow another; anything else must be allowed ASCII.
    var previous = UInt8(ascii: "-")
    for byte in text.utf8 {
        if byte == UInt8(ascii: "-") {
            if previous == UInt8(ascii: "-") { return false }
        } else if !allowed(byte) {
            return false
        }
        previous = byte
    }
    return previous != UInt8(ascii: "-")
}

/// A stable lowercase kebab-case name (`[a-z0-9-]+`): group, member, theme, kind, activity,
/// observance.
public struct Slug: CheckedIdentifier {
    public let rawValue: String

    /// Throws ``PlanningError/Code/invalidSlug`` unless `text` is lowercase kebab-case.
    public init(_ text: String) throws {
        try require(
            isHyphenated(text) { lowercase.contains($0) || digits.contains($0) }, .invalidSlug,
            "'\(text)' is not a slug: use lowercase letters, digits and single hyphens, e.g. 'share-the-care'")
        rawValue = text
    }
}

/// The id of a GAP priority: uppercase `[A-Z0-9-]+`, e.g. `INT-WORKENV`, `PS-VAW`.
public struct GAPPriorityID: CheckedIdentifier, CodingKeyRepresentable {
    public let rawValue: String

    /// Throws ``PlanningError/Code/invalidGAPID`` unless `text` is uppercase with hyphens.
    public init(_ text: String) throws {
        try require(
            isHyphenated(text) { uppercase.contains($0) || digits.contains($0) }, .invalidGAPID,
            "'\(text)' is not a GAP priority id: use uppercase letters, digits and hyphens, e.g. 'PS-VAW'")
        rawValue = text
    }

    public var codingKey: any CodingKey { GAPCodingKey(stringValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) {
        guard let id = try? GAPPriorityID(codingKey.stringValue) else { return nil }
        self = id
    }

    private struct GAPCodingKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// An ISO 3166-1 alpha-2 country code such as `AT` or `DE` (checked for shape: two uppercase
/// ASCII letters).
public struct CountryCode: CheckedIdentifier {
    public let rawValue: String

    /// Throws ``PlanningError/Code/invalidCountry`` unless `text` is two uppercase letters.
    public init(_ text: String) throws {
        try require(
            text.count == 2 && text.allSatisfy { ("A"..."Z").contains($0) }, .invalidCountry,
            "'\(text)' is not an ISO 3166-1 alpha-2 country code: use two uppercase letters, e.g. 'AT'")
        rawValue = text
    }
}

/// An IANA time zone id that Foundation knows, e.g. `Europe/Vienna`, with its `TimeZone`.
public struct TimeZoneID: CheckedIdentifier {
    public let rawValue: String
    /// The Foundation zone for ``rawValue``.
    public let timeZone: TimeZone

    /// Throws ``PlanningError/Code/unknownTimeZone`` unless Foundation knows `text`.
    public init(_ text: String) throws {
        guard !text.isEmpty, let zone = TimeZone(identifier: text) else {
            throw PlanningError(
                .unknownTimeZone,
                "'\(text)' is not a known IANA time zone id: use a name like 'Europe/Vienna' or 'Asia/Bishkek'")
        }
        rawValue = text
        timeZone = zone
    }

    public static func == (lhs: TimeZoneID, rhs: TimeZoneID) -> Bool { lhs.rawValue == rhs.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

/// A value whose coded form is its text: ``description`` out, `init(parsing:)` in (checked).
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the text form; throws ``PlanningError`` when it is malformed.
    init(parsing text: String) throws
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
