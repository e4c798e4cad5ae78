import Foundation

/// How the parser treats problems, and the caps it applies before libical sees the input.
public struct ICSParseOptions: Hashable, Sendable {
    /// What to do with problems in the input.
    public enum Mode: Hashable, Sendable {
        /// Any error-severity problem throws ``ICSError/invalidCalendar(_:)``.
        case strict
        /// Problems are returned with the calendar; broken values are left out.
        case lenient
    }

    /// Strict or lenient.
    public var mode: Mode
    /// The largest input accepted, in bytes (default 8 MiB).
    public var maxInputBytes: Int
    /// The longest unfolded content line accepted, in bytes (default 64 KiB). libical's parse
    /// time grows with the square of a line's length, so this is checked before it runs.
    public var maxLineBytes: Int
    /// The deepest nesting of components accepted (default 8; a feed needs 3).
    public var maxNestingDepth: Int

    /// Creates options; the defaults suit feeds and imported holiday calendars.
    public init(
        mode: Mode = .strict, maxInputBytes: Int = 8 << 20, maxLineBytes: Int = 64 << 10, maxNestingDepth: Int = 8
    ) {
        self.mode = mode
        self.maxInputBytes = maxInputBytes
        self.maxLineBytes = maxLineBytes
        self.maxNestingDepth = maxNestingDepth
    }

    /// Strict parsing with the default caps.
    public static let strict = ICSParseOptions(mode: .strict)
    /// Lenient parsing with the default caps.
    public static let lenient = ICSParseOptions(mode: .lenient)
}

/// A content line's or component's name, upper-cased, as two words compared in two integer
/// comparisons: no `String` per line. Names of up to 16 ASCII bytes (every name RFC 5545 and
/// RFC 7986 define) are packed into the words; longer or non-ASCII ones are numbered by
/// ``LongNames`` (with `high` all ones, which no packed name has).
struct NameCode: Hashable {
    var low: UInt64
    var high: UInt64

    /// `bytes` upper-cased (ASCII), or nil when they are longer than 16 bytes or not ASCII.
    init?(packing bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 16 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for offset in 0..<bytes.count {
            let byte = bytes[offset]
            guard byte != 0, byte < 0x80 else { return nil }
            let upper = UInt64(byte &- 97 < 26 ? byte &- 32 : byte)
            if offset < 8 { low |= upper << (8 * offset) } else { high |= upper << (8 * (offset - 8)) }
        }
        self.init(low: low, high: high)
    }

    /// An upper-case name the module itself spells (16 bytes at most).
    init(_ literal: StaticString) {
        self = literal.withUTF8Buffer { NameCode(packing: $0) } ?? NameCode(low: 0, high: 0)
    }

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// The code of the `number`th long name.
    init(long number: Int) { self.init(low: UInt64(number), high: .max) }

    /// The number of a long name, or nil for a packed one.
    var longNumber: Int? { high == .max ? Int(low) : nil }

    /// An upper-cased text as a packed code, when it is short ASCII.
    static func packed(_ uppercased: String) -> NameCode? {
        var text = uppercased
        return text.withUTF8 { NameCode(packing: $0) }
    }

    static let begin = NameCode("BEGIN")
    static let end = NameCode("END")
    static let tzid = NameCode("TZID")
    static let vcalendar = NameCode("VCALENDAR")
    static let vtimezone = NameCode("VTIMEZONE")
    static let vevent = NameCode("VEVENT")
    static let standard = NameCode("STANDARD")
    static let daylight = NameCode("DAYLIGHT")
}

/// The names too long (or not ASCII) for a packed ``NameCode``, numbered in the order first
/// seen, so that equal names have equal codes.
struct LongNames {
    private(set) var texts: [String] = []
    private var numbers: [String: Int] = [:]

    /// The code of an upper-cased name, numbering it if it is new.
    mutating func code(for uppercased: String) -> NameCode {
        if let packed = NameCode.packed(uppercased) { return packed }
        if let number = numbers[uppercased] { return NameCode(long: number) }
        texts.append(uppercased)
        numbers[uppercased] = texts.count - 1
        return NameCode(long: texts.count - 1)
    }

    /// The code of an upper-cased name if it has one already (nil: no line has this name).
    func existingCode(for uppercased: String) -> NameCode? {
        if let packed = NameCode.packed(uppercased) { return packed }
        return numbers[uppercased].map { NameCode(long: $0) }
    }

    /// The name's text, for messages.
    func text(of code: NameCode) -> String {
        if let number = code.longNumber { return number < texts.count ? texts[number] : "" }
        // Packed names have no zero bytes: each word's bytes end at its first zero.
        var bytes: [UInt8] = []
        for word in [code.low, code.high] {
            var rest = word
            while rest != 0 {
                bytes.append(UInt8(truncatingIfNeeded: rest))
                rest >>= 8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One component as the prescan saw it, in document (pre-)order.
struct ComponentRecord {
    /// Its name (the `BEGIN` value, upper-cased); ``Prescan/name(of:)`` gives the text.
    var code: NameCode
    var beginLine: Int
    var firstIndex: Int
    var lastIndex: Int
    /// Its position in ``Prescan/components``.
    var index: Int
    /// Where its own properties lie in ``Prescan/properties``: between these two positions,
    /// mixed with those of its subcomponents.
    var firstProperty: Int
    var propertyEnd: Int
}
