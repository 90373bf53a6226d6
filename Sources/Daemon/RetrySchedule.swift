import Foundation

/// mail-rules §6: 1 minute doubling to 1 hour, then hourly, for a configured time (3 days by default).
public struct RetrySchedule: Sendable, Hashable {
    public var first: TimeInterval = 60
    public var ceiling: TimeInterval = 3600
    public var giveUpAfter: TimeInterval

    public init(giveUpAfter: TimeInterval = 72 * 3600) {
        self.giveUpAfter = giveUpAfter
    }

    /// When to try again after `attempts` failed attempts, or nil once the row is too old to keep trying.
    public func nextAttempt(after attempts: Int, createdAt: Date, now: Date) -> Date? {
        guard now.timeIntervalSince(createdAt) < giveUpAfter else { return nil }
        let exponent = min(max(attempts - 1, 0), 16)
        let delay = min(first * pow(2, Double(exponent)), ceiling)
        return now.addingTimeInterval(delay)
    }
}
