import Daemon
import Foundation
import Logging
import Periodic
import ServiceLifecycle
import Settings
import Storage
import Synchronization
import UnixSignals

/// SIGHUP rereads the configuration, as Postfix and Dovecot do on `reload`: organisations, areas,
/// categories, members, contacts, caps and templates take effect from the next cycle. A
/// configuration that `config check` would refuse, or whose templates do not load, is refused with
/// a log line and the running one stays. Connections, the database and the folders are opened once:
/// a change to them is logged as waiting for a restart.
public final class ConfigurationReloader: Service, Sendable {
    let daemon: GatewayDaemon
    let load: @Sendable () async throws -> GatewaySettings
    let templatesFallback: String?
    let logger: Logger
    private let current: Mutex<GatewaySettings>

    /// - Parameter load: reads and checks the configuration file (SettingsLoader.load).
    public init(
        daemon: GatewayDaemon, settings: GatewaySettings, templatesFallback: String? = nil, logger: Logger,
        load: @escaping @Sendable () async throws -> GatewaySettings
    ) {
        self.daemon = daemon
        self.current = Mutex(settings)
        self.templatesFallback = templatesFallback
        self.logger = logger
        self.load = load
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        logger.info("configuration reload armed", metadata: ["signal": "SIGHUP"])
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = await reload()
        }
    }

    public enum Outcome: Sendable, Equatable {
        case reloaded(restartPending: [String])
        case refused(String)
    }

    /// Loads, checks and swaps in the configuration; the daemon's next cycle uses it.
    public func reload() async -> Outcome {
        let settings: GatewaySettings
        let parts: GatewayDaemon.Parts
        do {
            settings = try await load()
            // `config check` refuses a pseudonym key that cannot be read; so does a reload.
            _ = try PeriodicRunner.pseudonymiser(settings.retention)
            parts = try GatewayAssembly.daemonParts(
                settings, configuration: daemon.configuration, store: daemon.processor.store, logger: daemon.logger,
                periodic: daemon.periodic != nil, templatesFallback: templatesFallback)
        } catch {
            // The problems name keys and files, never secrets or report text.
            logger.error("configuration reload refused; the running configuration stays", metadata: ["error": .string("\(error)")])
            return .refused("\(error)")
        }
        let pending = current.withLock { old in
            defer { old = settings }
            return Self.restartOnlyChanges(from: old, to: settings)
        }
        daemon.replace(parts)
        var metadata: Logger.Metadata = [
            "organisations": .stringConvertible(settings.organisations.count), "areas": .stringConvertible(settings.areas.count),
            "categories": .stringConvertible(settings.categories.count),
            "members": .stringConvertible(settings.workingGroup.members.count),
        ]
        if !pending.isEmpty { metadata["restart_needed_for"] = .string(pending.joined(separator: ",")) }
        logger.notice("configuration reloaded", metadata: metadata)
        return .reloaded(restartPending: pending)
    }

    /// Keys read once at start (connections, database, folders, poll and retry timing, monitoring).
    static func restartOnlyChanges(from old: GatewaySettings, to new: GatewaySettings) -> [String] {
        var keys: [String] = []
        if old.databasePath != new.databasePath { keys.append("storage.database") }
        if old.mail?.imap != new.mail?.imap { keys.append("imap") }
        if old.mail?.smtp != new.mail?.smtp { keys.append("smtp") }
        if old.mail?.folders != new.mail?.folders { keys.append("folders") }
        if old.mail?.pollIntervalSeconds != new.mail?.pollIntervalSeconds { keys.append("imap.poll_interval_seconds") }
        if old.mail?.retryHours != new.mail?.retryHours { keys.append("outbox.retry_hours") }
        if old.instance.address != new.instance.address { keys.append("instance.address") }
        if old.monitoring != new.monitoring { keys.append("monitoring/metrics") }
        return keys
    }
}
