import CalendarFeeds
public import Foundation
public import Hummingbird
public import Logging
public import PlannerStore
import Planning
import Reports
import ServiceLifecycle
import UnixSignals
import Workflows

/// What every controller needs, built once by ``buildApplication(_:)``.
public struct ServerDependencies: Sendable {
    /// The options the daemon runs with.
    public let configuration: ServerConfiguration
    /// The store.
    public let store: PlannerStore
    /// The daemon's metrics.
    public let metrics: ServerMetrics
    /// The impact report's renderer (its template read once).
    let reports: ReportRenderer
    /// Feeds rendered per revision.
    let feedCache: FeedCache<FeedKey>
    /// Templates, stylesheet and the OpenAPI document.
    public let resources: SiteResources
    /// The root logger.
    public let logger: Logger
    /// The current time, for "coming sessions" and "this year"; tests fix it.
    public let clock: @Sendable () -> Date
    /// The groups' revisions, remembered for a moment (feeds from memory cost no SQLite read).
    public let revisions: RevisionMemo
    /// Public feeds as last served, for polls answered before the router (``PollFastPath``).
    let pollAnswers: PollAnswers
    /// When tokens were last used, written off the request path.
    let tokenUses: TokenUseRecorder
    /// Checks API and feed tokens.
    let tokens: TokenAuthenticator
    /// Reads JSON request bodies within `max-body-bytes`.
    let bodies: JSONBodies
    /// The coordinator's workflows over ``store``.
    let workflows: Workflows
    /// Absolute links into the site, from `base-url`.
    let links: SiteLinks
    /// The feeds of what the store holds now.
    let feeds: StoredFeeds

    /// The `Server` header of every answer.
    static let serverName = "plannerd"

    /// Assembles the dependencies; tests pass an in-memory store, a fixed clock and a memo
    /// that does not remember (they write to the store directly).
    public init(
        configuration: ServerConfiguration, store: PlannerStore, logger: Logger,
        clock: @escaping @Sendable () -> Date = Date.init, revisions: RevisionMemo = RevisionMemo()
    ) throws {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.clock = clock
        self.revisions = revisions
        metrics = ServerMetrics()
        // The store's identity and this opening of it start every entity tag; see FeedCache.
        let incarnation = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        feedCache = FeedCache(
            maxBytes: configuration.feedCacheMegabytes << 20, metrics: metrics,
            identity: "\(try store.identity().prefix(8)).\(incarnation)", notBefore: clock())
        pollAnswers = PollAnswers(
            revisions: revisions, metrics: metrics, maxAge: configuration.refreshMinutes * 60,
            serverName: Self.serverName)
        resources = try SiteResources()
        do {
            reports = try ReportRenderer()
        } catch {
            throw StartupError(error.description)
        }
        tokenUses = TokenUseRecorder(store: store, logger: logger)
        tokens = TokenAuthenticator(store: store, uses: tokenUses, clock: clock)
        bodies = JSONBodies(maxBytes: configuration.maxBodyBytes)
        workflows = Workflows(store: store, clock: clock)
        links = SiteLinks(baseURL: configuration.publicBaseURL)
        feeds = StoredFeeds(
            store: store, links: links, refreshMinutes: configuration.refreshMinutes, clock: clock)
    }
}

/// Builds the whole daemon: logger, store (imported on first run), router and services.
///
/// `plannerd` and the live test call this; the other tests call ``buildRouter(_:)`` with their
/// own dependencies.
public func buildApplication(_ configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    let logger = makeLogger(configuration)
    // PLANNER_NOW fixes the time (a reproducible run); otherwise the system's clock.
    let clock: @Sendable () -> Date
    do {
        clock = try PlannerClock.from(ProcessInfo.processInfo.environment)
    } catch {
        throw StartupError(error.description)
    }
    var opened = try PlannerStore(path: configuration.store, clock: clock)
    opened.sessionHorizonYears = configuration.sessionHorizonYears
    let store = opened
    do {
        try Workflows(store: store, clock: clock).firstRun(
            FirstRunFiles(
                catalogue: configuration.catalogue, exampleGroup: configuration.exampleGroup,
                exampleHolidays: configuration.exampleHolidays),
            logger: logger)
    } catch let error as WorkflowError {
        throw StartupError(error.description)
    }
    let dependencies = try ServerDependencies(configuration: configuration, store: store, logger: logger, clock: clock)
    let router = try buildRouter(dependencies)
    let pollAnswers = dependencies.pollAnswers
    let limits = ConnectionLimits(
        maxConnections: configuration.maxConnections, readTimeout: .seconds(Int64(configuration.readTimeoutSeconds)))
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [limits.handler(), PollFastPath(answers: pollAnswers)],
                idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: ServerDependencies.serverName),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            announce(store: store, configuration: configuration, port: port, logger: logger)
        },
        logger: logger
    )
    if !configuration.feedFolder.isEmpty {
        app.addServices(FeedSnapshotService(dependencies: dependencies))
    }
    return app
}

/// Wires middleware, health, metrics, the API, feeds and pages onto one router. Each
/// controller gets only what it uses; the API's routes under a group sit behind
/// ``GroupAccessMiddleware``, which resolves the group and the caller's access once.
public func buildRouter(_ dependencies: ServerDependencies) throws -> Router<PlannerRequestContext> {
    let router = Router(context: PlannerRequestContext.self, options: .autoGenerateHeadEndpoints)
    let routes = RouteTable()
    router.add(
        middleware: PlannerMiddleware(metrics: dependencies.metrics, revisions: dependencies.revisions, routes: routes))
    if dependencies.configuration.logLevel <= .debug {
        router.add(middleware: RequestLogMiddleware())
    }
    let store = dependencies.store
    let bodies = dependencies.bodies
    let secure = dependencies.configuration.publicBaseURL.hasPrefix("https:")
    HealthController(store: store, metrics: dependencies.metrics, openAPI: dependencies.resources.openAPI)
        .addRoutes(to: router)
    CatalogueController(store: store).addRoutes(to: router)
    let api = router.group().add(middleware: GroupAccessMiddleware(tokens: dependencies.tokens))
    GroupsController(store: store, bodies: bodies, workflows: dependencies.workflows).addRoutes(to: api)
    TokensController(store: store, bodies: bodies, links: dependencies.links).addRoutes(to: api)
    PlanningController(workflows: dependencies.workflows, bodies: bodies).addRoutes(to: api)
    FeedbackController(
        workflows: dependencies.workflows, resources: dependencies.resources,
        rules: FeedbackRules(
            days: dependencies.configuration.feedbackDays, maxAnswers: dependencies.configuration.feedbackMaxAnswers),
        perAddress: AddressLimit(perAddress: dependencies.configuration.feedbackAnswersPerAddress),
        maxBodyBytes: dependencies.configuration.maxBodyBytes,
        formToken: FormToken(cookieName: "planner-feedback", secure: secure), links: dependencies.links
    ).addRoutes(to: router)
    let join = JoinController(
        workflows: dependencies.workflows, resources: dependencies.resources,
        rules: JoinRules(days: dependencies.configuration.joinRequestDays),
        perAddress: AddressLimit(perAddress: dependencies.configuration.joinRequestsPerAddress),
        maxBodyBytes: dependencies.configuration.maxBodyBytes,
        formToken: FormToken(cookieName: "planner-join", secure: secure))
    join.addAPI(to: api)
    join.addPages(to: router)
    MemberController(
        workflows: dependencies.workflows, resources: dependencies.resources, links: dependencies.links,
        maxBodyBytes: dependencies.configuration.maxBodyBytes,
        secure: secure,
        lifetime: TimeInterval(dependencies.configuration.memberSignInMinutes * 60)
    ).addRoutes(to: router)
    FeedController(
        feeds: dependencies.feeds, cache: dependencies.feedCache, revisions: dependencies.revisions,
        pollAnswers: dependencies.pollAnswers, metrics: dependencies.metrics, tokens: dependencies.tokens
    ).addRoutes(to: router)
    PagesController(
        store: store, resources: dependencies.resources, links: dependencies.links, clock: dependencies.clock
    ).addRoutes(to: router)
    ReportsController(
        workflows: dependencies.workflows, reports: dependencies.reports,
        minimumAnswers: dependencies.configuration.reportMinAnswers, clock: dependencies.clock
    ).addRoutes(api: api, pages: router)
    routes.fill(from: router.routes)
    return router
}

/// The root logger: `text` (swift-log's stream handler) or `json` lines, at the configured level.
func makeLogger(_ configuration: ServerConfiguration) -> Logger {
    var logger = Logger(label: "plannerd") { label in LineLogHandler(label: label, format: configuration.logFormat) }
    logger.logLevel = configuration.logLevel
    return logger
}

/// Runs the daemon until SIGTERM or SIGINT: then it stops accepting, lets in-flight requests
/// finish (at most `shutdown-seconds`), stops its services in order and returns.
public func runDaemon(_ configuration: ServerConfiguration) async throws {
    let app = try await buildApplication(configuration)
    var group = ServiceGroupConfiguration(
        services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
    group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownSeconds)
    try await ServiceGroup(configuration: group).run()
    app.logger.info("stopped")
}
