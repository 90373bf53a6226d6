import Foundation
import GRDB

/// The gateway's SQLite database (WAL): raw messages, reports, incidents, diagnostics, and the
/// daemon's state. It speaks the domain: callers say what happened, the SQL stays in this module.
public final class GatewayStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Every timestamp the store writes comes from here, so tests that move time move all of it.
    let clock: @Sendable () -> Date

    public init(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Several processes (daemon, export, status) may open the file; wait rather than fail on a lock.
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
    }

    /// The store's time: when messages are received and answered, and what backoff is reckoned from.
    public var now: Date { clock() }
}
