import CSV
import Foundation
import Planning
import Reports
import Testing

/// The report's renderers: every format shows the same numbers; Markdown cells cannot break the
/// table; the CSV reads back; the HTML page has accessible charts and works under a strict CSP.
@Suite struct ReportsTests {
    /// A small report, as JSON (the report's own format), with a title that tries to break out.
    static let json = """
        {"group":"vienna","groupName":"Group | <Vienna>","from":"2027-01-01","to":"2027-02-28",
         "audience":"coordinator","minimumAnswers":5,
         "sessions":{"planned":4,"cancelled":1,"held":3,"confidentialHeld":1},
         "gap":[{"priority":"PS-VAW","title":"Violence, against women","target":2,"planned":3,"held":1},
                {"priority":"INT-CAPACITY","title":"Capacity","planned":1,"held":0}],
         "reach":{"attendance":53,"sessionsCounted":3,"women":7,"men":15,"undisclosed":1,
                  "attendanceWithGender":23,"womenShare":0.304},
         "months":[{"month":"2027-01","theme":"fatherhood","themeTitle":"Fatherhood","planned":2,"held":2,"attendance":44},
                   {"month":"2027-02","planned":2,"held":1,"attendance":9}],
         "feedback":[{"session":"monthly-meeting@2027-01-05T15:00","title":"Monthly meeting","date":"2027-01-05",
                      "theme":"fatherhood","summary":{"answers":6,"usefulness":3.83,
                      "again":{"yes":4,"maybe":2,"no":0},"genders":{"women":3,"men":3,"other":0,"unsaid":0}},
                      "changes":["Speak up, \\"always\\""]},
                     {"title":"Confidential session","date":"2027-02-10","summary":{"answers":3}}],
         "themes":[{"theme":"fatherhood","title":"Fatherhood","sessions":1,"summary":{"answers":6,"usefulness":3.83,
                    "again":{"yes":4,"maybe":2,"no":0},"genders":{"women":3,"men":3,"other":0,"unsaid":0}}}],
         "duties":[{"member":"anton-berger","name":"Anton Berger","sessions":2,"held":2}]}
        """

    static func report() throws -> ImpactReport {
        try JSONDecoder().decode(ImpactReport.self, from: Data(json.utf8))
    }

    @Test func jsonRoundTripsToTheSameReport() throws {
        let report = try Self.report()
        let text = try ReportRenderer().render(report, as: .json)
        #expect(try JSONDecoder().decode(ImpactReport.self, from: Data(text.utf8)) == report)
        #expect(text == (try ReportRenderer().render(report, as: .json)), "the same report is the same bytes")
    }

    @Test func markdownCellsCannotBreakTheTable() throws {
        let md = try ReportRenderer().render(Self.report(), as: .md)
        #expect(md.contains("# Impact report: Group \\| &lt;Vienna>, 2027-01-01 to 2027-02-28"))
        #expect(md.contains("| PS-VAW | Violence, against women | 2 | 3 | 1 |"))
        #expect(md.contains("| INT-CAPACITY | Capacity | — | 1 | 0 |"))
        #expect(md.contains("| Monthly meeting | 2027-01-05 | 6 | 3.83 | yes 4, maybe 2, no 0 |"))
        #expect(md.contains("| Confidential session | 2027-02-10 | 3 | too few answers | too few answers |"))
        #expect(md.contains("women 30% where recorded (7 of 23)"))
        #expect(md.contains("| Anton Berger | 2 | 2 |"))
    }

    @Test func csvReadsBackIntoTheSameNumbers() throws {
        let report = try Self.report()
        let text = try ReportRenderer().render(report, as: .csv)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        #expect(reader.headerRow == ReportRenderer.csvHeader)
        var rows: [[String: String]] = []
        while reader.next() != nil {
            rows.append(Dictionary(uniqueKeysWithValues: zip(ReportRenderer.csvHeader, reader.currentRow ?? [])))
        }
        let gap = try #require(rows.first { $0["section"] == "gap" && $0["key"] == "PS-VAW" })
        #expect(gap["title"] == "Violence, against women", "a comma is quoted, not a new column")
        #expect(gap["target"] == "2" && gap["planned"] == "3" && gap["held"] == "1")
        let sessions = try #require(rows.first { $0["section"] == "sessions" && $0["key"] == "all" })
        #expect(sessions["held"] == "3" && sessions["cancelled"] == "1" && sessions["planned"] == "4")
        let reach = try #require(rows.first { $0["section"] == "reach" })
        #expect(reach["attendance"] == "53" && reach["women"] == "7")
        #expect(rows.filter { $0["section"] == "month" }.map { $0["attendance"] } == ["44", "9"])
        let feedback = rows.filter { $0["section"] == "session-feedback" }
        #expect(feedback.map { $0["usefulness"] } == ["3.83", ""])
        #expect(!text.contains("Speak up"), "free text stays out of the spreadsheet")
    }

    @Test func theHTMLPageHasChartsWithTextAlternativesAndTheirTables() throws {
        let renderer = try ReportRenderer()
        let linked = try renderer.render(Self.report(), as: .html, stylesheet: "/static/report.css")
        #expect(linked.contains(#"<link rel="stylesheet" href="/static/report.css">"#))
        #expect(!linked.contains("<style") && !linked.contains("style=") && !linked.contains("<script"))
        #expect(linked.components(separatedBy: #"role="img""#).count - 1 == 2, "two charts")
        #expect(linked.contains("<title id=\"vienna-gap-title\">GAP targets against held sessions</title>"))
        #expect(
            linked.contains(
                "<desc id=\"vienna-gap-desc\">PS-VAW: target 2, held 1; INT-CAPACITY: no target, held 0.</desc>"))
        #expect(linked.contains("<desc id=\"vienna-attendance-desc\">January 2027: 44; February 2027: 9.</desc>"))
        #expect(linked.contains("Group | &lt;Vienna&gt;"), "text is escaped")
        #expect(linked.contains("<th scope=\"row\">Anton Berger</th>"))
        let inline = try renderer.render(Self.report(), as: .html)
        #expect(inline.contains("<style>") && inline.contains("@media print"))
    }

    @Test func theNetworkReportSumsItsGroups() throws {
        let report = try Self.report()
        let network = NetworkImpactReport(
            groups: [report, report], period: report.from...report.to, audience: "anonymous")
        #expect(network.sessions.held == 6 && network.reach.attendance == 106 && network.reach.womenShare == 0.304)
        let vaw = network.gap.first { $0.priority.rawValue == "PS-VAW" }
        #expect(vaw?.target == 4 && vaw?.held == 2)
        #expect(network.gap.first { $0.priority.rawValue == "INT-CAPACITY" }?.target == nil)
        let md = try ReportRenderer().render(network, as: .md)
        #expect(md.hasPrefix("# Network impact report, 2027-01-01 to 2027-02-28"))
        let html = try ReportRenderer().render(network, as: .html)
        #expect(html.contains("Gender Action Plan priorities, every group"))
    }
}
