import Foundation

/// Prints results as an aligned table or as JSON.
enum Output {
    /// Prints `value` as pretty JSON with sorted keys (stable for scripts and tests).
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints rows under headers, columns padded to their widest cell.
    static func table(_ headers: [String], _ rows: [[String]]) {
        print(tableText(headers, rows), terminator: "")
    }

    /// The text of ``table(_:_:)``.
    static func tableText(_ headers: [String], _ rows: [[String]]) -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var text = line(headers) + "\n" + line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { text += line(row) + "\n" }
        if rows.isEmpty { text += "(none)\n" }
        return text
    }

    /// Prints `key: value` lines, keys aligned.
    static func fields(_ pairs: [(String, String)]) {
        let width = pairs.map(\.0.count).max() ?? 0
        for (key, value) in pairs {
            print((key + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + " " + value)
        }
    }
}
