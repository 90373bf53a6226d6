import Foundation

/// Waits until `condition` holds, checking every 50 ms; a test waits for what it needs, never a
/// fixed time, and fails with what it waited for.
public func waitUntil(
    timeout: Duration = .seconds(15), _ what: String,
    _ condition: @Sendable () throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        if ContinuousClock.now >= deadline { throw HarnessError("timed out after \(timeout) waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(50))
    }
}
