import Monitoring

/// What monitoring reads from the configuration: when `status --check` warns or pages, and where
/// the daemon writes its metrics after every poll.
public struct MonitoringSettings: Sendable, Hashable {
    public var thresholds: HealthThresholds
    /// A `.prom` file in node_exporter's textfile-collector folder; nil writes none.
    public var metricsTextfile: String?

    public init(thresholds: HealthThresholds = .defaults, metricsTextfile: String? = nil) {
        self.thresholds = thresholds
        self.metricsTextfile = metricsTextfile
    }

    public static let defaults = MonitoringSettings()
}
