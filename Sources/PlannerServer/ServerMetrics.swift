import Foundation
import Hummingbird
public import Prometheus
import Synchronization

/// The daemon's own metrics, in a registry of its own (no process-wide bootstrap, so tests can
/// run many apps side by side): requests by route and status, feed renders and their time,
/// answers from cache, 304s, store errors. `/metrics` shows them in Prometheus' text format.
public struct ServerMetrics: Sendable {
    /// The registry `/metrics` prints.
    public let registry: PrometheusCollectorRegistry
    /// Feeds rendered (cache misses that rendered).
    let renders: Counter
    /// Time to render a feed.
    let renderTime: DurationHistogram
    /// Feed answers with a body.
    let feedBodies: Counter
    /// Feed answers that were 304 Not Modified.
    let feedNotModified: Counter
    /// Store errors answered 503.
    let storeErrors: Counter

    /// A fresh registry with the daemon's metrics.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        renders = registry.makeCounter(
            descriptor: .init(
                metricName: "plannerd_feed_renders", unitName: "total", helpText: "Feeds rendered (cache misses)."))
        renderTime = registry.makeDurationHistogram(
            descriptor: .init(
                metricName: "plannerd_feed_render", unitName: "seconds", helpText: "Time to render one feed."),
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500),
                .seconds(2), .seconds(10),
            ])
        feedBodies = registry.makeCounter(
            descriptor: .init(
                metricName: "plannerd_feed_responses_full", unitName: "total", helpText: "Feed answers with a body."))
        feedNotModified = registry.makeCounter(
            descriptor: .init(
                metricName: "plannerd_feed_responses_not_modified", unitName: "total",
                helpText: "Feed answers 304 Not Modified."))
        storeErrors = registry.makeCounter(
            descriptor: .init(
                metricName: "plannerd_store_errors", unitName: "total",
                helpText: "Requests that failed because the store could not be used."))
    }

    /// The request counters made so far, by route, method and status.
    private let requestCounters = RequestCounters()

    /// Counts one answered request by route pattern, method and status.
    func countRequest(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status) {
        let key = RequestCounters.Key(route: route, method: method, status: status.code)
        // The registry's lookup builds the label text each time: keep each counter once made.
        if let counter = requestCounters.counters.withLock({ $0[key] }) {
            counter.increment()
            return
        }
        let counter = registry.makeCounter(
            descriptor: .init(
                metricName: "plannerd_http_requests", unitName: "total", helpText: "HTTP requests answered."),
            labels: [("route", route), ("method", method.rawValue), ("status", String(status.code))])
        requestCounters.counters.withLock { $0[key] = counter }
        counter.increment()
    }
}

/// The request counters of one registry; the label set is small (route patterns, not paths).
private final class RequestCounters: Sendable {
    struct Key: Hashable {
        var route: String
        var method: HTTPRequest.Method
        var status: Int
    }

    let counters = Mutex<[Key: Counter]>([:])
}
