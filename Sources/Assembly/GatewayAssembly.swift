import Classification
import Daemon
import Digest
import Foundation
import Insatser
import Intake
import Logging
import MIME
import MailAccess
import PeriodReport
import Periodic
import Replies
import Settings
import Storage

/// Builds the gateway's parts from the settings, the one place that knows how they fit together
/// (the CLI, the demo, the benchmarks and the tests all start here). It knows no transport: the
/// daemon is handed its mailbox and its submitter, libcurl's in production.
public enum GatewayAssembly {
    public static func pipeline(_ settings: GatewaySettings) -> IntakePipeline {
        IntakePipeline(policy: settings.intakePolicy)
    }

    /// - Parameter templatesFallback: used when the configuration names no templates folder.
    public static func replyPlanner(
        _ settings: GatewaySettings, templatesFallback: String = FileManager.default.currentDirectoryPath + "/templates"
    ) throws -> ReplyPlanner {
        let mail = settings.mail
        var replies = ReplySettings(
            identity: settings.instance, timeZone: settings.timeZone,
            templatesDirectory: mail?.templatesDirectory ?? templatesFallback,
            capPerRecipientPerHour: mail?.capPerRecipientPerHour ?? 10, capPerHour: mail?.capPerHour ?? 200)
        replies.correctionDays = settings.correctionsMaxDays
        replies.workingGroupLanguage = settings.periodic.digestLanguage
        return try ReplyPlanner(settings: replies, catalog: settings.catalog, organisations: settings.organisations)
    }

    /// Digest, reminders, alerts and period reports, with their templates loaded and checked.
    /// - Parameter planner: the daemon's reply planner, when it has one, so the templates load once.
    public static func periodicRunner(
        _ settings: GatewaySettings, store: GatewayStore, logger: Logger,
        planner: ReplyPlanner? = nil
    ) throws -> PeriodicRunner {
        let planner = try planner ?? replyPlanner(settings)
        let templates = planner.settings.templatesDirectory
        return PeriodicRunner(
            settings: settings, store: store, composer: PeriodicComposer(planner: planner),
            renderer: try DigestRenderer(templatesDirectory: templates),
            reportRenderer: try PeriodReportRenderer(templatesDirectory: templates), logger: logger,
            insatsRenderer: try InsatsEffectRenderer(templatesDirectory: templates))
    }

    /// The processor the daemon uses: pipeline, reply rules and storage; `nil` for `planner` stores
    /// without replying (ingest of files).
    public static func processor(
        _ settings: GatewaySettings, store: GatewayStore, folders: OutcomeFolders,
        planner: ReplyPlanner?
    ) -> MessageProcessor {
        var plan: MessageProcessor.Planner?
        if let planner {
            plan = { outcome, stored, ledger, now in try planner.plan(outcome, stored: stored, ledger: ledger, now: now) }
        }
        return MessageProcessor(pipeline: pipeline(settings), store: store, folders: folders, plan: plan)
    }

    /// The whole daemon: intake with replies, periodic mail, the outbox. Intake and the outbox run on
    /// the store's clock, periodic mail on `configuration.clock`: give both the same one.
    /// - Parameters:
    ///   - imap: the mailbox to read; `smtp`: where mail goes (libcurl's clients in production).
    ///   - templatesFallback: the templates folder when the configuration names none.
    public static func daemon(
        _ settings: GatewaySettings, configuration: DaemonConfiguration, store: GatewayStore,
        imap: any MailboxSource, smtp: any MailSubmitter, logger: Logger, periodic: Bool = true,
        templatesFallback: String? = nil
    ) throws -> GatewayDaemon {
        let parts = try daemonParts(
            settings, configuration: configuration, store: store, logger: logger, periodic: periodic, templatesFallback: templatesFallback)
        return GatewayDaemon(
            configuration: configuration, processor: parts.processor, periodic: parts.periodic, imap: imap, smtp: smtp,
            logger: logger)
    }

    /// What a configuration decides of a running daemon: built at start and again on every reload,
    /// which is refused when this throws (a template that does not compile, say).
    public static func daemonParts(
        _ settings: GatewaySettings, configuration: DaemonConfiguration, store: GatewayStore, logger: Logger,
        periodic: Bool = true, templatesFallback: String? = nil
    ) throws -> GatewayDaemon.Parts {
        let planner = try templatesFallback.map { try replyPlanner(settings, templatesFallback: $0) } ?? replyPlanner(settings)
        return GatewayDaemon.Parts(
            processor: processor(settings, store: store, folders: configuration.folders, planner: planner),
            periodic: periodic ? try periodicRunner(settings, store: store, logger: logger, planner: planner) : nil)
    }
}
