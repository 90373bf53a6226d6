import Classification
import Intake
import MIME
import Settings

enum BenchSupport {
    static func pipeline(_ settings: GatewaySettings) -> IntakePipeline {
        IntakePipeline(policy: IntakePolicy(
            catalog: settings.catalog, organisations: settings.organisations,
            identity: GatewayIdentity(instanceName: settings.instance.name, address: settings.instance.address,
                                      messageIDDomain: settings.instance.messageIDDomain),
            authservID: settings.authservID, timeZone: settings.timeZone,
            limits: MIMELimits(maxBytes: settings.limits.maxMessageBytes, maxDepth: settings.limits.maxMimeDepth,
                               maxParts: settings.limits.maxMimeParts),
            language: settings.language))
    }
}
