internal import CLibical
public import Foundation

/// What parsing gave: the calendars (usually one) and every problem found, in line order.
public struct ICSParseResult: Hashable, Sendable {
    /// The calendars read, in input order; never empty.
    public var calendars: [ICSCalendar]
    /// Problems found (always empty of errors in strict mode, which throws instead).
    public var problems: [ICSProblem]

    /// The first (usually only) calendar.
    public var calendar: ICSCalendar { calendars[0] }
}

extension ICSCalendar {
    /// Parses iCalendar text. See ``parse(_:options:)-(Data,_)``.
    public static func parse(_ text: String, options: ICSParseOptions = .strict) throws(ICSError) -> ICSParseResult {
        // The prescan reads the string's own UTF-8 storage: no copy of the input.
        var text = text
        return try text.withUTF8 { Parser.result(of: $0, options: options, inputIsValidUTF8: true) }.get()
    }

    /// Parses iCalendar bytes.
    ///
    /// Before libical runs, the input is checked in Swift: its size, each unfolded line's length,
    /// NUL bytes, UTF-8, nesting depth (these throw), and BEGIN/END balance, junk lines and the
    /// values libical accepts silently — impossible dates, non-numeric `SEQUENCE`, invalid
    /// `RRULE`, unknown `TZID` (these become ``ICSProblem``s with their line). libical's own
    /// `X-LIC-ERROR`s are added too. In strict mode any error throws
    /// ``ICSError/invalidCalendar(_:)``; in lenient mode broken values are left out and listed.
    public static func parse(_ data: Data, options: ICSParseOptions = .strict) throws(ICSError) -> ICSParseResult {
        try data.withUnsafeBytes { Parser.result(of: $0.bindMemory(to: UInt8.self), options: options) }.get()
    }

    /// Parses an `.ics` file; its size is checked before it is read.
    public static func parse(contentsOf url: URL, options: ICSParseOptions = .strict) throws(ICSError) -> ICSParseResult
    {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        guard size <= options.maxInputBytes else { throw .inputTooLarge(bytes: size, limit: options.maxInputBytes) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        return try parse(data, options: options)
    }
}

/// Feeds libical's parser one unfolded line per call, like `fgets`. A plain struct reached
/// through a pointer: no reference counting or exclusivity checks on each of the many calls.
private struct LineFeed {
    let base: UnsafePointer<UInt8>
    let count: Int
    var position = 0

    mutating func next(into buffer: UnsafeMutablePointer<CChar>, size: Int) -> UnsafeMutablePointer<CChar>? {
        guard position < count, size > 1 else { return nil }
        let available = min(size - 1, count - position)
        let start = base + position
        // Up to and including the next newline, as fgets does.
        let length =
            memchr(start, Int32(UInt8(ascii: "\n")), available)
            .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - start + 1 } ?? available
        UnsafeMutableRawPointer(buffer).copyMemory(from: start, byteCount: length)
        position += length
        buffer[length] = 0
        return buffer
    }
}

private let lineGenerator:
    @convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> UnsafeMutablePointer<CChar>? = {
        buffer, size, data in
        guard let buffer, let data else { return nil }
        return data.assumingMemoryBound(to: LineFeed.self).pointee.next(into: buffer, size: size)
    }

enum Parser {
    /// ``parse(_:options:)`` as a `Result`, for the `withUTF8`/`withUnsafeBytes` closures
    /// (which rethrow untyped errors).
    static func result(
        of input: UnsafeBufferPointer<UInt8>, options: ICSParseOptions, inputIsValidUTF8: Bool = false
    ) -> Result<ICSParseResult, ICSError> {
        do throws(ICSError) {
            return .success(try parse(input, options: options, inputIsValidUTF8: inputIsValidUTF8))
        } catch {
            return .failure(error)
        }
    }

    static func parse(
        _ input: UnsafeBufferPointer<UInt8>, options: ICSParseOptions, inputIsValidUTF8: Bool = false
    ) throws(ICSError) -> ICSParseResult {
        var scan = try Prescan(input, options: options, inputIsValidUTF8: inputIsValidUTF8)
        let result = try Libical.locked { () throws(ICSError) -> ICSParseResult in
            for rule in scan.rules {
                do {
                    let normalised = try Libical.normalisedRule(rule.text, line: rule.line)
                    // libical's parser reads the value as written: when nothing was trimmed it
                    // reads this very text, so the reader need not print the rule again.
                    if Libical.ruleBody(rule.text) == rule.text { scan.normalisedRules[rule.line] = normalised }
                } catch {
                    scan.bad(
                        rule.line, .invalidRecurrenceRule, "RRULE: \"\(rule.text)\" is not a valid recurrence rule")
                }
            }
            for duration in scan.durations
            where icaldurationtype_is_bad_duration(icaldurationtype_from_string(duration.text)) != 0 {
                scan.bad(duration.line, .invalidValue, "\"\(duration.text)\" is not a valid DURATION")
            }
            let roots = try libicalRoots(scan.feed)
            // One tree (the usual case): libical's errors are read during the one walk that
            // reads the values; a walk of its own would chase every property pointer twice.
            var reader = TreeReader(scan: scan, errorsWhileReading: roots.count == 1)
            var calendars: [ICSCalendar] = []
            if roots.count != 1 {
                for root in roots {
                    reader.collectLibicalErrors(root.root)
                }
            }
            for root in roots {
                calendars.append(contentsOf: reader.calendars(in: root.root))
            }
            guard !calendars.isEmpty else {
                let nothing = ICSProblem(
                    severity: .error, kind: .missingEnd, line: scan.lines.first?.physical,
                    message: "libical could read no VCALENDAR from the input")
                throw .invalidCalendar(reader.sortedProblems + [nothing])
            }
            return ICSParseResult(calendars: calendars, problems: reader.sortedProblems)
        }
        if options.mode == .strict, result.problems.contains(where: { $0.severity == .error }) {
            throw .invalidCalendar(result.problems)
        }
        return result
    }

    /// libical's trees for the feed: the complete ones, then any partial one `icalparser_clean`
    /// returns for truncated input (with its "Missing END" errors).
    private static func libicalRoots(_ feed: [UInt8]) throws(ICSError) -> [ComponentTree] {
        guard let parser = icalparser_new() else { throw .libicalFailure("icalparser_new") }
        defer { icalparser_free(parser) }
        var trees: [ComponentTree] = []
        // The feed's storage and the line source live until libical's parse returns.
        feed.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var source = LineFeed(base: base, count: bytes.count)
            withUnsafeMutablePointer(to: &source) { pointer in
                icalparser_set_gen_data(parser, pointer)
                if let root = icalparser_parse(parser, lineGenerator) {
                    trees.append(ComponentTree(owning: root))
                }
                icalparser_set_gen_data(parser, nil)
            }
        }
        if let partial = icalparser_clean(parser), let clone = icalcomponent_new_clone(partial) {
            trees.append(ComponentTree(owning: clone))
        }
        clibical_clear_errno()
        return trees
    }
}
