/// When monitoring warns and when it pages (`monitoring.*` in the configuration).
public struct HealthThresholds: Sendable, Hashable {
    /// Minutes since the last successful poll.
    public var pollAgeWarningMinutes: Int
    public var pollAgeCriticalMinutes: Int
    /// Outbox rows that gave up (each one a reply or digest nobody received).
    public var failedOutboxWarning: Int
    public var failedOutboxCritical: Int
    /// Quarantined messages stored in the last 24 hours.
    public var quarantinedWarning: Int
    /// Polls or outbox passes failed in a row, per connection.
    public var failuresWarning: Int
    public var failuresCritical: Int

    public init(
        pollAgeWarningMinutes: Int = 15, pollAgeCriticalMinutes: Int = 60, failedOutboxWarning: Int = 1,
        failedOutboxCritical: Int = 20, quarantinedWarning: Int = 1, failuresWarning: Int = 3, failuresCritical: Int = 10
    ) {
        self.pollAgeWarningMinutes = pollAgeWarningMinutes
        self.pollAgeCriticalMinutes = pollAgeCriticalMinutes
        self.failedOutboxWarning = failedOutboxWarning
        self.failedOutboxCritical = failedOutboxCritical
        self.quarantinedWarning = quarantinedWarning
        self.failuresWarning = failuresWarning
        self.failuresCritical = failuresCritical
    }

    public static let defaults = HealthThresholds()
}
