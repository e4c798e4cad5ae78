import CalendarFeeds
import Foundation
import ICalendar

/// One libFuzzer input: read strictly and leniently, write what was read and read it again,
/// and import it as holidays. A crash, a sanitizer report, a hang (libFuzzer's `-timeout`) or
/// our own output failing to parse is a finding; a thrown error is the right answer to junk.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    for options in [ICSParseOptions.strict, .lenient] {
        guard let result = try? ICSCalendar.parse(data, options: options) else { continue }
        for calendar in result.calendars {
            guard let text = try? calendar.serialized() else { continue }
            do {
                _ = try ICSCalendar.parse(text, options: .lenient)
            } catch {
                fatalError("a calendar read from fuzz input was written as text that does not parse: \(error)\n\(text)")
            }
        }
    }
    _ = try? CalendarImport.holidays(from: data)
    return 0
}

/// libFuzzer's driver (`FuzzerDriver.cpp`, exported for programs with their own `main`).
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The entry point. SwiftPM links a debug executable with `main` aliased to `<module>_main`
/// (so tests can link it), which hides libFuzzer's own `main`: this one starts libFuzzer.
@_cdecl("ICalendarFuzz_main")
public func fuzzerMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
