// The impact report rendered: JSON (the report as it is), Markdown, CSV (one rectangular table,
// written by CSV.swift) and a printable HTML page with SVG charts (mustache). Every format shows
// the numbers ``ImpactReport`` computed; nothing here decides who sees what.

internal import CSV
import Foundation
public import Planning

/// The formats a report is rendered in.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Markdown: headings and tables, for a mail or a wiki.
    case md
    /// One CSV table (``ReportRenderer/csvHeader``), for a spreadsheet.
    case csv
    /// The report as it is (``ImpactReport``), pretty with sorted keys.
    case json
    /// A printable page with SVG charts and their tables.
    case html

    /// The media type of the rendered report.
    public var mediaType: String {
        switch self {
        case .md: "text/markdown; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json"
        case .html: "text/html; charset=utf-8"
        }
    }
}

/// Why a report could not be rendered.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// One line for a person.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Renders impact reports, one group's or the network's, in every ``ReportFormat``.
public struct ReportRenderer: Sendable {
    private let page: ReportPage

    /// Loads the page template from the module's resources.
    /// - Throws: ``ReportError`` when the template is missing from the build.
    public init() throws(ReportError) {
        page = try ReportPage()
    }

    /// One group's report in `format`. For HTML, `stylesheet` is the address of
    /// ``ReportRenderer/stylesheet`` (a server that forbids inline styles links it), or nil to
    /// inline it (a file to print or mail).
    public func render(_ report: ImpactReport, as format: ReportFormat, stylesheet: String? = nil) throws -> String {
        switch format {
        case .json: try Self.json(report)
        case .md: Self.markdown([report], network: nil)
        case .csv: try Self.csv([report], network: nil)
        case .html: try page.render(groups: [report], network: nil, stylesheet: stylesheet)
        }
    }

    /// The network's report in `format` (see ``render(_:as:stylesheet:)``).
    public func render(_ report: NetworkImpactReport, as format: ReportFormat, stylesheet: String? = nil) throws
        -> String
    {
        switch format {
        case .json: try Self.json(report)
        case .md: Self.markdown(report.groups, network: report)
        case .csv: try Self.csv(report.groups, network: report)
        case .html: try page.render(groups: report.groups, network: report, stylesheet: stylesheet)
        }
    }

    /// The report page's print and screen styles (for a server to serve under its own address).
    public var stylesheet: String { page.stylesheet }

    // MARK: - JSON

    /// Pretty, sorted keys: the same report is the same bytes.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    // MARK: - Markdown

    static func markdown(_ groups: [ImpactReport], network: NetworkImpactReport?) -> String {
        var out: [String] = []
        if let network {
            out += [
                "# Network impact report, \(network.from) to \(network.to)", "",
                "Groups: \(network.groups.count). " + sentence(network.sessions), "",
                "Reach: " + sentence(network.reach), "",
            ]
            out += gapTable(network.gap) + [""]
        }
        for report in groups {
            let level = network == nil ? "#" : "##"
            out += [
                "\(level) Impact report: \(cell(report.groupName)), \(report.from) to \(report.to)", "",
                sentence(report.sessions), "", "Reach: " + sentence(report.reach), "",
                "\(level)# Gender Action Plan priorities", "",
            ]
            out += gapTable(report.gap) + ["", "\(level)# Months", ""]
            out += table(
                ["Month", "Theme", "Planned", "Held", "Attendance"],
                report.months.map {
                    [
                        $0.month.description, cell($0.themeTitle ?? "—"), "\($0.planned)", "\($0.held)",
                        "\($0.attendance)",
                    ]
                })
            out += [
                "", "\(level)# Feedback per session", "",
                "Averages show where at least \(report.minimumAnswers) people answered.", "",
            ]
            out += table(
                ["Session", "Date", "Answers", "Usefulness (1–5)", "Would come again"],
                report.feedback.map {
                    [cell($0.title), $0.date.description, "\($0.summary.answers)"] + averages($0.summary)
                })
            let changes = report.feedback.flatMap { line in (line.changes ?? []).map { "- \(cell($0))" } }
            if !changes.isEmpty {
                out += ["", "One thing people will do differently:", ""] + changes
            }
            out += ["", "\(level)# Feedback per theme", ""]
            out += table(
                ["Theme", "Sessions", "Answers", "Usefulness (1–5)", "Would come again"],
                report.themes.map {
                    [cell($0.title), "\($0.sessions)", "\($0.summary.answers)"] + averages($0.summary)
                })
            if let duties = report.duties {
                out += ["", "\(level)# Organisers' duties (coordinator only)", ""]
                out += table(
                    ["Organiser", "Sessions", "Held"], duties.map { [cell($0.name), "\($0.sessions)", "\($0.held)"] })
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func sentence(_ counts: ImpactReport.SessionCounts) -> String {
        "Sessions planned: \(counts.planned), held: \(counts.held) (of them confidential: "
            + "\(counts.confidentialHeld)), cancelled: \(counts.cancelled)."
    }

    static func sentence(_ reach: ImpactReport.Reach) -> String {
        "\(reach.attendance) attendances over \(reach.sessionsCounted) counted sessions"
            + (reach.womenShare.map {
                "; women \(percent($0)) where recorded (\(reach.women) of \(reach.attendanceWithGender))"
            }
                ?? "; no split by gender recorded") + "."
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    static func averages(_ summary: ImpactReport.FeedbackSummary) -> [String] {
        guard let usefulness = summary.usefulness, let again = summary.again else {
            return ["too few answers", "too few answers"]
        }
        return [String(format: "%.2f", usefulness), "yes \(again.yes), maybe \(again.maybe), no \(again.no)"]
    }

    static func gapTable(_ lines: [ImpactReport.GAPLine]) -> [String] {
        table(
            ["Priority", "Title", "Target", "Planned", "Held"],
            lines.map {
                [
                    $0.priority.rawValue, cell($0.title), $0.target.map(String.init) ?? "—", "\($0.planned)",
                    "\($0.held)",
                ]
            })
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        guard !rows.isEmpty else { return ["(none)"] }
        return ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in " --- |" }.joined()]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }
    }

    /// Text safe in a Markdown table cell: no pipe, no line break, no HTML.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }

    // MARK: - CSV

    /// The columns of the CSV: one table, a row per line of each section.
    public static let csvHeader = [
        "group", "section", "key", "title", "target", "planned", "held", "cancelled", "attendance", "women",
        "answers", "usefulness",
    ]

    static func csv(_ groups: [ImpactReport], network: NetworkImpactReport?) throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        defer { stream.close() }
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: csvHeader)
        func row(
            _ group: String, _ section: String, _ key: String, _ title: String = "", target: Int? = nil,
            planned: Int? = nil, held: Int? = nil, cancelled: Int? = nil, attendance: Int? = nil, women: Int? = nil,
            answers: Int? = nil, usefulness: Double? = nil
        ) throws {
            let numbers = [target, planned, held, cancelled, attendance, women, answers].map {
                $0.map(String.init) ?? ""
            }
            try writer.write(
                row: [group, section, key, title] + numbers + [usefulness.map { String(format: "%.2f", $0) } ?? ""])
        }
        func totals(_ group: String, _ sessions: ImpactReport.SessionCounts, _ reach: ImpactReport.Reach) throws {
            try row(
                group, "sessions", "all", planned: sessions.planned, held: sessions.held,
                cancelled: sessions.cancelled)
            try row(group, "sessions", "confidential", held: sessions.confidentialHeld)
            try row(
                group, "reach", "all", held: reach.sessionsCounted, attendance: reach.attendance, women: reach.women)
        }
        func gap(_ group: String, _ lines: [ImpactReport.GAPLine]) throws {
            for line in lines {
                try row(
                    group, "gap", line.priority.rawValue, line.title, target: line.target, planned: line.planned,
                    held: line.held)
            }
        }
        if let network {
            try totals("network", network.sessions, network.reach)
            try gap("network", network.gap)
        }
        for report in groups {
            let group = report.group.rawValue
            try totals(group, report.sessions, report.reach)
            try gap(group, report.gap)
            for month in report.months {
                try row(
                    group, "month", month.month.description, month.themeTitle ?? "", planned: month.planned,
                    held: month.held, attendance: month.attendance)
            }
            for line in report.feedback {
                try row(
                    group, "session-feedback", line.session ?? "", line.title, answers: line.summary.answers,
                    usefulness: line.summary.usefulness)
            }
            for line in report.themes {
                try row(
                    group, "theme-feedback", line.theme.rawValue, line.title, answers: line.summary.answers,
                    usefulness: line.summary.usefulness)
            }
            for duty in report.duties ?? [] {
                try row(group, "duty", duty.member.rawValue, duty.name, planned: duty.sessions, held: duty.held)
            }
        }
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw ReportError("the CSV could not be written to memory")
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
