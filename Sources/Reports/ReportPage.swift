import Foundation
internal import Mustache
import Planning

/// The printable HTML report: the template and stylesheet from the module's resources, and the
/// view model it is rendered from, with two server-drawn SVG charts (GAP targets against held
/// sessions, attendance by month), each with a title, a description and the table it draws.
struct ReportPage: Sendable {
    let library: MustacheLibrary
    let stylesheet: String

    init() throws(ReportError) {
        func resource(_ name: String, _ ext: String) throws(ReportError) -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { throw ReportError("the report's \(name).\(ext) is missing from the build") }
            return text
        }
        var library = MustacheLibrary()
        do {
            try library.register(resource("impact", "mustache"), named: "impact")
            try library.register(resource("gapchart", "mustache"), named: "gapchart")
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError("the report template does not parse: \(error)")
        }
        self.library = library
        stylesheet = try resource("report", "css")
    }

    func render(groups: [ImpactReport], network: NetworkImpactReport?, stylesheet link: String?) throws -> String {
        var context: [String: Any] = [
            "title": network.map { "Network impact report, \($0.from) to \($0.to)" }
                ?? groups.first.map { "Impact report: \($0.groupName), \($0.from) to \($0.to)" } ?? "Impact report",
            "groups": groups.map { Self.group($0, headingLevel: network == nil ? 1 : 2) },
        ]
        if let link { context["stylesheetLink"] = link } else { context["inlineStyle"] = stylesheet }
        if let network {
            context["network"] = [
                "groupCount": network.groups.count, "sessions": ReportRenderer.sentence(network.sessions),
                "reach": ReportRenderer.sentence(network.reach), "gap": network.gap.map(Self.gapRow),
                "gapChart": Self.gapChart(network.gap, id: "network-gap"),
            ]
        }
        guard let html = library.render(context, withTemplate: "impact") else {
            throw ReportError("the report template is missing")
        }
        return html
    }

    static func group(_ report: ImpactReport, headingLevel: Int) -> [String: Any] {
        let id = report.group.rawValue
        let changes = report.feedback.flatMap { $0.changes ?? [] }
        var group: [String: Any] = [
            "id": id, "name": report.groupName, "from": report.from.readable, "to": report.to.readable,
            "network": headingLevel > 1, "minimumAnswers": report.minimumAnswers,
            "sessions": ReportRenderer.sentence(report.sessions), "reach": ReportRenderer.sentence(report.reach),
            "gap": report.gap.map(gapRow), "gapChart": gapChart(report.gap, id: "\(id)-gap"),
            "months": report.months.map { month -> [String: Any] in
                [
                    "month": month.month.readable, "theme": month.themeTitle ?? "—", "planned": month.planned,
                    "held": month.held, "attendance": month.attendance,
                ]
            },
            "attendanceChart": attendanceChart(report.months, id: "\(id)-attendance"),
            "feedback": report.feedback.map { line -> [String: Any] in
                feedbackRow(line.title, line.date.readable, line.summary)
            },
            "themes": report.themes.map { line -> [String: Any] in
                feedbackRow(line.title, "\(line.sessions)", line.summary)
            },
            "changes": changes, "hasChanges": !changes.isEmpty,
        ]
        if let duties = report.duties, !duties.isEmpty {
            group["hasDuties"] = true
            group["duties"] = duties.map { ["name": $0.name, "sessions": $0.sessions, "held": $0.held] }
        }
        return group
    }

    static func gapRow(_ line: ImpactReport.GAPLine) -> [String: Any] {
        [
            "priority": line.priority.rawValue, "title": line.title, "target": line.target.map(String.init) ?? "—",
            "planned": line.planned, "held": line.held,
        ]
    }

    static func feedbackRow(_ title: String, _ second: String, _ summary: ImpactReport.FeedbackSummary) -> [String: Any]
    {
        let averages = ReportRenderer.averages(summary)
        return [
            "title": title, "second": second, "answers": summary.answers, "usefulness": averages[0],
            "again": averages[1], "suppressed": summary.suppressed,
        ]
    }

    // MARK: - Charts

    /// Horizontal bars per priority: the target as an outlined bar, the held sessions filled
    /// (shapes and numbers, not colours, tell them apart, so it prints in black and white).
    static func gapChart(_ lines: [ImpactReport.GAPLine], id: String) -> [String: Any] {
        let rowHeight = 44
        let left = 130
        let barWidth = 420
        let largest = max(1, lines.map { max($0.target ?? 0, $0.held) }.max() ?? 1)
        func length(_ value: Int) -> Int { value * barWidth / largest }
        let rows = lines.enumerated().map { index, line -> [String: Any] in
            let y = 30 + index * rowHeight
            return [
                "label": line.priority.rawValue, "labelY": y + 18, "targetY": y, "heldY": y + 18,
                "targetWidth": length(line.target ?? 0), "heldWidth": length(line.held),
                "targetLabel": line.target.map { "target \($0)" } ?? "no target",
                "heldLabel": "held \(line.held)", "targetTextX": left + length(line.target ?? 0) + 6,
                "heldTextX": left + length(line.held) + 6, "targetTextY": y + 12, "heldTextY": y + 30,
            ]
        }
        let description = lines.map { line in
            "\(line.priority): " + (line.target.map { "target \($0), " } ?? "no target, ") + "held \(line.held)"
        }.joined(separator: "; ")
        return [
            "id": id, "width": left + barWidth + 120, "height": 40 + lines.count * rowHeight, "left": left,
            "rows": rows, "legendTargetTextX": left + 20, "legendHeldX": left + 80, "legendHeldTextX": left + 100,
            "description": lines.isEmpty ? "No GAP priority has a target or a session." : description + ".",
        ]
    }

    /// Vertical bars of attendance per month, each labelled with its number.
    static func attendanceChart(_ months: [ImpactReport.MonthLine], id: String) -> [String: Any] {
        let columnWidth = 48
        let plotHeight = 160
        let top = 24
        let largest = max(1, months.map(\.attendance).max() ?? 1)
        let bars = months.enumerated().map { index, month -> [String: Any] in
            let height = month.attendance * plotHeight / largest
            let x = 10 + index * columnWidth
            return [
                "x": x, "y": top + plotHeight - height, "width": columnWidth - 12, "height": height,
                "label": month.month.shortName, "labelX": x + (columnWidth - 12) / 2, "labelY": top + plotHeight + 18,
                "value": month.attendance, "valueY": top + plotHeight - height - 6,
            ]
        }
        let description = months.map { "\($0.month.readable): \($0.attendance)" }.joined(separator: "; ")
        return [
            "id": id, "width": 20 + months.count * columnWidth, "height": top + plotHeight + 30,
            "baseline": top + plotHeight, "bars": bars, "description": description + ".",
        ]
    }
}

extension MonthKey {
    /// `Mar 27`: a month's short label in a chart.
    fileprivate var shortName: String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(names[(month - 1) % 12]) \(String(format: "%02d", year % 100))"
    }
}
