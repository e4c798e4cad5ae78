import Foundation

/// `NAME;PARAM=VALUE;…:VALUE` split apart (quoted parameter values respected), as index ranges
/// of a line borrowed for the time it is inspected. Parameters are decoded only when asked for:
/// most lines never need them as text.
struct ContentLine {
    private let line: UnsafeBufferPointer<UInt8>
    private let nameEnd: Int
    private let valueStart: Int
    /// Each parameter's name and value as byte ranges of the line (the value still quoted).
    /// Most lines have at most one parameter: it is kept inline, the others in an array.
    private var firstParameter: (name: Range<Int>, value: Range<Int>)?
    private var otherParameters: [(name: Range<Int>, value: Range<Int>)] = []

    /// The name as written.
    var nameBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: line[..<nameEnd]) }
    /// The value's bytes; `value` decodes them only when a check needs the text.
    var valueBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: line[valueStart...]) }
    var value: String { String(decoding: valueBytes, as: UTF8.self) }

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        line = bytes
        var index = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") {
            guard Self.isNameByte(bytes[index]) else { return nil }
            index += 1
        }
        guard index < bytes.count, index > 0 else { return nil }
        nameEnd = index
        while index < bytes.count, bytes[index] == UInt8(ascii: ";") {
            index += 1
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "=") {
                guard Self.isNameByte(bytes[index]) else { return nil }
                index += 1
            }
            guard index < bytes.count, index > nameStart else { return nil }
            let nameEnd = index
            index += 1
            let valueStart = index
            var quoted = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted, byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") {
                    break
                }
                index += 1
            }
            guard !quoted else { return nil }
            if firstParameter == nil {
                firstParameter = (nameStart..<nameEnd, valueStart..<index)
            } else {
                otherParameters.append((nameStart..<nameEnd, valueStart..<index))
            }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        valueStart = index + 1
    }

    /// The first parameter called `name` (upper-case ASCII), quotes removed.
    func parameter(_ name: StaticString) -> String? {
        parameterBytes(name).map(Self.unquoted)
    }

    /// The first parameter called `name` (upper-case ASCII) as written (quotes kept).
    func parameterBytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        parameterValueRange(name).map { UnsafeBufferPointer(rebasing: line[$0]) }
    }

    /// A parameter value's text, quotes removed.
    static func unquoted(_ value: UnsafeBufferPointer<UInt8>) -> String {
        guard value.contains(UInt8(ascii: "\"")) else { return String(decoding: value, as: UTF8.self) }
        return String(decoding: value.filter { $0 != UInt8(ascii: "\"") }, as: UTF8.self)
    }

    /// Whether the first parameter called `name` has the value `value` (both upper-case ASCII;
    /// the line's text is compared case-insensitively, quotes removed).
    func parameter(_ name: StaticString, is value: StaticString) -> Bool {
        guard let range = parameterValueRange(name) else { return false }
        return Self.equalsIgnoringCase(line[range].lazy.filter { $0 != UInt8(ascii: "\"") }, value)
    }

    /// Whether a parameter called `name` (upper-case ASCII) is present.
    func hasParameter(_ name: StaticString) -> Bool { parameterValueRange(name) != nil }

    private func parameterValueRange(_ name: StaticString) -> Range<Int>? {
        guard let firstParameter else { return nil }
        if Self.equalsIgnoringCase(line[firstParameter.name], name) { return firstParameter.value }
        return otherParameters.first { Self.equalsIgnoringCase(line[$0.name], name) }?.value
    }

    /// Compares bytes with an upper-case ASCII literal, ignoring the bytes' ASCII case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ upper: StaticString) -> Bool {
        guard bytes.count == upper.utf8CodeUnitCount else { return false }
        return upper.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, wanted in
                (97...122).contains(byte) ? byte - 32 == wanted : byte == wanted
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        // Letters either case (bit 5 folds a–z onto A–Z), digits, "-".
        (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 || byte == UInt8(ascii: "-")
    }
}
