// A QR code of a piece of text, encoded by the system libqrencode and drawn as SVG. Knows nothing
// of planning: the caller gives the text (a link) and gets the modules or a picture back.

internal import CQRencode

/// A QR code symbol: a square of dark and light modules encoding one text.
public struct QRCode: Sendable, Equatable {
    /// How much of the symbol may be damaged and still read; more costs a larger symbol.
    public enum Correction: Sendable, CaseIterable {
        /// About 7% of the symbol may be lost.
        case low
        /// About 15%: the default, good for a printed page.
        case medium
        /// About 25%.
        case quartile
        /// About 30%.
        case high
    }

    /// The text the symbol encodes.
    public let text: String
    /// The symbol's version (1–40), which libqrencode chose as the smallest that holds the text.
    public let version: Int
    /// Modules per side.
    public let width: Int
    /// `width × width` modules, row by row; `true` is dark.
    public let modules: [Bool]

    /// Encodes `text` (8-bit, case kept) with the given error correction.
    /// - Throws: `QRCodeError.empty` for an empty text, `QRCodeError.tooLong` when no QR code
    ///   holds it, `QRCodeError.encodingFailed` for any other refusal by libqrencode.
    public init(encoding text: String, correction: Correction = .medium) throws(QRCodeError) {
        guard !text.isEmpty else { throw .empty }
        guard !text.utf8.contains(0) else { throw .encodingFailed }
        let level: QRecLevel
        switch correction {
        case .low: level = QR_ECLEVEL_L
        case .medium: level = QR_ECLEVEL_M
        case .quartile: level = QR_ECLEVEL_Q
        case .high: level = QR_ECLEVEL_H
        }
        // QRcode_encodeString8bit is reentrant when libqrencode is built with pthreads, as
        // Debian's is; version 0 lets it choose the smallest symbol.
        guard let symbol = text.withCString({ QRcode_encodeString8bit($0, 0, level) }) else {
            // libqrencode says ERANGE when the text does not fit in version 40.
            throw text.utf8.count > 2_900 ? .tooLong : .encodingFailed
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        self.text = text
        self.version = Int(symbol.pointee.version)
        self.width = width
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        self.modules = data.map { $0 & 1 == 1 }
    }

    /// Whether the module at `row`, `column` (from the top left, 0-based) is dark.
    public func isDark(row: Int, column: Int) -> Bool {
        modules[row * width + column]
    }

    /// The symbol as a standalone SVG picture: one path of unit squares, a quiet zone of
    /// `margin` modules (4 by the standard) around it, scaled to `size` CSS pixels, with a
    /// `<title>` (the accessible name) and `role="img"`.
    /// - Parameters:
    ///   - title: the picture's accessible name, e.g. "QR code of the feedback link"; escaped here.
    ///   - size: the rendered width and height in CSS pixels.
    ///   - margin: the quiet zone in modules.
    public func svg(title: String, size: Int = 256, margin: Int = 4) -> String {
        let side = width + 2 * margin
        var path = ""
        path.reserveCapacity(width * width * 4)
        for row in 0..<width {
            var column = 0
            while column < width {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                // One horizontal run of dark modules becomes one rectangle.
                var end = column
                while end < width && isDark(row: row, column: end) { end += 1 }
                path += "M\(column + margin) \(row + margin)h\(end - column)v1h-\(end - column)z"
                column = end
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" width="\(size)" height="\(size)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">\
            <title>\(Self.escaped(title))</title>\
            <rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>
            """
    }

    /// Text made safe for XML character data and attribute values.
    private static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Why a text could not be made into a QR code.
public enum QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text was empty.
    case empty
    /// The text is longer than the largest QR code (version 40) holds.
    case tooLong
    /// libqrencode refused the text for another reason (e.g. a NUL byte, or no memory).
    case encodingFailed

    /// One line for a person.
    public var description: String {
        switch self {
        case .empty: "nothing to encode: the text is empty"
        case .tooLong: "the text is too long for a QR code"
        case .encodingFailed: "libqrencode could not encode the text"
        }
    }
}
