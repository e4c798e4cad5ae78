import CalendarFeeds
import Foundation
import Hummingbird
import Planning
import Reports
import Workflows

/// The impact reports: `GET /api/v1/groups/{group}/reports/impact` (a coordinator token;
/// `?format=json|csv|md|html`), `GET /api/v1/reports/network` (every group that publishes a
/// summary), and the printable pages `/groups/{group}/reports/impact` (anyone when the group
/// says `report: public`, else only with a coordinator token, else 404 like anything private)
/// and `/reports/network`. The period is `?from=2027-01-01&to=2027-12-31`, by default this
/// calendar year.
struct ReportsController {
    let workflows: Workflows
    let reports: ReportRenderer
    let minimumAnswers: Int
    let clock: @Sendable () -> Date

    /// The API's route sits behind ``GroupAccessMiddleware`` (`api`), and so does the group's
    /// page, which reads the caller's token the same way; the network's routes need none.
    func addRoutes(
        api: some RouterMethods<PlannerRequestContext>, pages: some RouterMethods<PlannerRequestContext>
    ) {
        api.on(.apiImpactReport, .get, use: apiReport)
        api.on(.impactReportPage, .get, use: page)
        pages.on(.apiNetworkReport, .get, use: apiNetwork)
        pages.on(.networkReportPage, .get, use: networkPage)
        pages.on(.reportStylesheet, .get, use: stylesheet)
    }

    @Sendable func apiReport(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let format = try Self.format(request, default: .json)
        let report = try workflows.impactReport(
            of: slug, period: period(request), viewer: .coordinator, minimumAnswers: minimumAnswers)
        return try answer(reports.render(report, as: format, stylesheet: Self.stylesheetPath), format, private: true)
    }

    @Sendable func page(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        let viewer = context.access.viewer
        // Only the coordinator's token or nobody's: a reader sees the public summary, if any.
        let report = try workflows.impactReport(
            of: slug, period: period(request), viewer: viewer == .coordinator ? .coordinator : .anonymous,
            minimumAnswers: minimumAnswers)
        return try answer(
            reports.render(report, as: .html, stylesheet: Self.stylesheetPath), .html,
            private: viewer == .coordinator)
    }

    @Sendable func apiNetwork(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let format = try Self.format(request, default: .json)
        let report = try workflows.networkReport(
            period: period(request), viewer: .anonymous, minimumAnswers: minimumAnswers)
        return try answer(reports.render(report, as: format, stylesheet: Self.stylesheetPath), format, private: false)
    }

    @Sendable func networkPage(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let report = try workflows.networkReport(
            period: period(request), viewer: .anonymous, minimumAnswers: minimumAnswers)
        return try answer(
            reports.render(report, as: .html, stylesheet: Self.stylesheetPath), .html, private: false)
    }

    @Sendable func stylesheet(_ request: Request, context: PlannerRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: reports.stylesheet)))
    }

    static let stylesheetPath = SitePath.reportStylesheet.description

    /// `?from=…&to=…`, by default the calendar year of today in UTC.
    private func period(_ request: Request) throws -> ClosedRange<LocalDate> {
        let query = request.uri.queryParameters
        let year = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: clock()).year ?? 2027
        return try PlanningLimits.window(
            from: query.get("from").map { String($0) } ?? "\(year)-01-01",
            to: query.get("to").map { String($0) } ?? "\(year)-12-31")
    }

    private static func format(_ request: Request, default fallback: ReportFormat) throws -> ReportFormat {
        guard let text = request.uri.queryParameters.get("format") else { return fallback }
        guard let format = ReportFormat(rawValue: String(text)) else {
            throw APIError(
                .badRequest,
                "format: '\(text)' is not one of " + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return format
    }

    /// The rendered report; a coordinator's is never kept by a shared cache.
    private func answer(_ text: String, _ format: ReportFormat, private isPrivate: Bool) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: format.mediaType, .cacheControl: isPrivate ? "private, no-cache" : "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
