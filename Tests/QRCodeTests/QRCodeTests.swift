import QRCode
import Testing

/// QR codes from the system libqrencode: the standard's sizes and finder patterns, the SVG
/// picture, and refusals instead of crashes.
@Suite struct QRCodeTests {
    static let link =
        "https://allyship.example.org/groups/vienna/sessions/monthly-meeting/20270302T1500/feedback/0123456789abcdef01234567"

    @Test func aLinkBecomesASymbolOfTheStandardSizeWithItsFinderPatterns() throws {
        let code = try QRCode(encoding: Self.link)
        #expect(code.width == 17 + 4 * code.version, "a version-v symbol has 17 + 4v modules a side")
        #expect((5...8).contains(code.version), "about 120 bytes at medium correction: version 5 to 8")
        #expect(code.modules.count == code.width * code.width)
        // The three finder patterns: a dark 7×7 ring with a dark 3×3 centre, in three corners.
        for (top, left) in [(0, 0), (0, code.width - 7), (code.width - 7, 0)] {
            for i in 0..<7 {
                #expect(code.isDark(row: top, column: left + i) && code.isDark(row: top + 6, column: left + i))
                #expect(code.isDark(row: top + i, column: left) && code.isDark(row: top + i, column: left + 6))
            }
            #expect(!code.isDark(row: top + 1, column: left + 1) && code.isDark(row: top + 3, column: left + 3))
        }
        // More correction costs a larger symbol; the same text gives the same symbol.
        #expect(
            try QRCode(encoding: Self.link, correction: .high).version
                > QRCode(encoding: Self.link, correction: .low).version)
        #expect(try QRCode(encoding: Self.link) == code)
    }

    @Test func theSVGIsAnAccessibleSquareWithAQuietZone() throws {
        let code = try QRCode(encoding: "https://example.org/")
        let svg = code.svg(title: "QR code of the <feedback> link", size: 200)
        let side = code.width + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"200\" height=\"200\""))
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("<title>QR code of the &lt;feedback&gt; link</title>"))
        // The top-left finder starts after the four-module quiet zone, as a run of seven.
        #expect(svg.contains("M4 4h7v1h-7z"))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test func emptyTooLongAndNULTextsAreRefused() {
        #expect(throws: QRCodeError.empty) { try QRCode(encoding: "") }
        #expect(throws: QRCodeError.tooLong) { try QRCode(encoding: String(repeating: "x", count: 5_000)) }
        #expect(throws: QRCodeError.encodingFailed) { try QRCode(encoding: "a\u{0}b") }
    }
}
