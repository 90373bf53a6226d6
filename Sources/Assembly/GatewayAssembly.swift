import Classification
import Digest
import Foundation
import Logging
import Periodic
import Intake
import MIME
import Replies
import Settings
import Storage

/// Builds the gateway's parts from the settings, the one place that knows how they fit together
/// (the CLI, the daemon, the benchmark and the tests all start here).
public enum GatewayAssembly {
    public static func identity(_ settings: GatewaySettings) -> GatewayIdentity {
        GatewayIdentity(instanceName: settings.instance.name, address: settings.instance.address,
                        messageIDDomain: settings.instance.messageIDDomain)
    }

    public static func pipeline(_ settings: GatewaySettings) -> IntakePipeline {
        IntakePipeline(policy: IntakePolicy(
            catalog: settings.catalog, organisations: settings.organisations, identity: identity(settings),
            authservID: settings.authservID, timeZone: settings.timeZone,
            limits: MIMELimits(maxBytes: settings.limits.maxMessageBytes, maxDepth: settings.limits.maxMimeDepth,
                               maxParts: settings.limits.maxMimeParts),
            language: settings.language))
    }

    /// - Parameter templatesFallback: used when the configuration names no templates folder.
    public static func replyPlanner(_ settings: GatewaySettings, templatesFallback: String = FileManager.default.currentDirectoryPath + "/templates") throws -> ReplyPlanner {
        let mail = settings.mail
        return try ReplyPlanner(
            settings: ReplySettings(
                identity: identity(settings), timeZone: settings.timeZone,
                templatesDirectory: mail?.templatesDirectory ?? templatesFallback,
                capPerRecipientPerHour: mail?.capPerRecipientPerHour ?? 10, capPerHour: mail?.capPerHour ?? 200),
            catalog: settings.catalog, organisations: settings.organisations)
    }

    /// Digest, reminders and alerts, with their templates loaded and checked.
    /// - Parameter planner: the daemon's reply planner, when it has one, so the templates load once.
    public static func periodicRunner(_ settings: GatewaySettings, store: GatewayStore, logger: Logger,
                                      planner: ReplyPlanner? = nil) throws -> PeriodicRunner {
        let planner = try planner ?? replyPlanner(settings)
        let templates = planner.settings.templatesDirectory
        return PeriodicRunner(settings: settings, store: store, composer: PeriodicComposer(planner: planner),
                              renderer: try DigestRenderer(templatesDirectory: templates), logger: logger)
    }

    /// The processor the daemon uses: pipeline, storage and the reply rules in one transaction.
    public static func processor(_ settings: GatewaySettings, store: GatewayStore, folders: OutcomeFolders,
                                 planner: ReplyPlanner? = nil) throws -> MessageProcessor {
        let planner = try planner ?? replyPlanner(settings)
        return MessageProcessor(pipeline: pipeline(settings), store: store, folders: folders) { outcome, stored, ledger, now in
            try planner.plan(outcome, stored: stored, ledger: ledger, now: now)
        }
    }
}
