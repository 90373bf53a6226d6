import Foundation

/// The time a test runs at, shared by the store, the processor and the scheduler, and moved by the
/// test (an hour later, the next Monday) instead of waiting for it.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date

    public init(_ now: Date) { self.now = now }

    public func set(_ date: Date) { lock.withLock { now = date } }
    public func advance(by seconds: TimeInterval) { lock.withLock { now = now.addingTimeInterval(seconds) } }
    public var read: @Sendable () -> Date { { [self] in lock.withLock { now } } }
}
