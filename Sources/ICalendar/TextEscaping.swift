import Foundation

/// The TEXT values libical writes wrongly, written here instead.
///
/// libical 3.0.16 escapes `\` and newlines in X-properties and `CATEGORIES` but leaves `,` and
/// `;` raw (libical-facts.md), and a backslash given to it is doubled, so it cannot be made to
/// write `\,`. Such a value is handed to libical as a placeholder (short ASCII: its line is never
/// folded), and ``substitute(in:)`` replaces each placeholder's line with the property written
/// and folded here. Values without `,` or `;` are left to libical, which writes them right.
/// libical reads the escaped forms back (`\,` `\;` `\\` `\n`), so a round trip is exact.
final class EscapedTextLines {
    /// Unguessable per serialisation, so no value in the calendar can contain it.
    private let marker = "ICSTEXT" + UUID().uuidString.replacingOccurrences(of: "-", with: "") + "N"
    /// The properties to write, by placeholder number: name and escaped value.
    private var lines: [(name: String, escapedValue: String)] = []

    /// The value to give libical for the TEXT property `name`: `value` itself when libical
    /// writes it correctly, else a placeholder.
    func value(_ name: String, _ value: String) throws(ICSError) -> String {
        let value = try TreeBuilder.text(name, value)
        guard value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") }) else { return value }
        lines.append((name, TextEscaping.escaped(value)))
        return marker + String(lines.count - 1)
    }

    /// `text` (libical's output) with every placeholder line replaced by its escaped, folded
    /// property. Throws if libical did not write a placeholder where it was put.
    func substitute(in text: String) throws(ICSError) -> String {
        guard !lines.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let markerBytes = Array(marker.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + lines.count * 80)
        var copied = 0
        var found = 0
        while let hit = Self.firstIndex(of: markerBytes, in: bytes, from: copied) {
            let lineStart = bytes[..<hit].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            var digitsEnd = hit + markerBytes.count
            while digitsEnd < bytes.count, (48...57).contains(bytes[digitsEnd]) { digitsEnd += 1 }
            guard let number = Int(String(decoding: bytes[(hit + markerBytes.count)..<digitsEnd], as: UTF8.self)),
                number < lines.count,
                bytes[lineStart..<hit].elementsEqual((lines[number].name + ":").utf8),
                digitsEnd < bytes.count, bytes[digitsEnd] == UInt8(ascii: "\r")
            else { throw .libicalFailure("an escaped TEXT value was not written as a line of its own") }
            output.append(contentsOf: bytes[copied..<lineStart])
            output.append(contentsOf: TextEscaping.folded(lines[number].name + ":" + lines[number].escapedValue))
            copied = digitsEnd
            found += 1
        }
        output.append(contentsOf: bytes[copied...])
        guard found == lines.count else {
            throw .libicalFailure("\(lines.count - found) escaped TEXT values missing from libical's output")
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        haystack[start...].firstRange(of: needle)?.lowerBound
    }
}

/// RFC 5545 TEXT escaping (3.3.11) and line folding (3.1), written out for the values libical
/// gets wrong.
enum TextEscaping {
    /// `\` `;` `,` and newlines (CRLF, CR or LF) escaped.
    static func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count + 8)
        var afterCR = false
        for scalar in value.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !afterCR { result += "\\n" }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// One content line as physical lines of at most 75 octets, each ended by CRLF except the
    /// last (the caller's line end follows), continuations starting with a space. Folded as
    /// libical folds its own lines, so all lines of a feed look alike: at most 74 octets of the
    /// line each, broken after the last `;`, `:` or space, else before a UTF-8 sequence.
    static func folded(_ line: String) -> [UInt8] {
        let bytes = Array(line.utf8)
        let chunk = 74
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / chunk * 3 + 3)
        var start = 0
        while start < bytes.count {
            var next = bytes.count
            if bytes.count - start > chunk {
                let breakAfter = (start + 1..<start + chunk).last { [59, 58, 32].contains(bytes[$0]) }
                let sequenceStart = (start + 1...start + chunk).last { bytes[$0] & 0xC0 != 0x80 }
                next = breakAfter.map { $0 + 1 } ?? sequenceStart ?? start + chunk
            }
            if start > 0 { output += [13, 10, 32] }
            output += bytes[start..<next]
            start = next
        }
        return output
    }
}
