import Metrics
import Prometheus

/// The process's metrics, exported in Prometheus' text format at `/metrics`.
///
/// swift-metrics has one global backend per process, so it is bootstrapped once, on first use.
public enum Observability {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Latency buckets for a service that answers from memory in well under a millisecond.
        let microseconds: [Int64] = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
                                     100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000]
        factory.defaultDurationHistogramBuckets = microseconds.map { Duration.microseconds($0) }
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}
