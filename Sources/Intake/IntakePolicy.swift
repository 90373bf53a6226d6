import Classification
import Domain
import Foundation
import MIME

/// What the pipeline needs to know about the installation; built once from the settings.
public struct IntakePolicy: Sendable {
    public var catalog: Catalog
    public var organisations: [Organisation]
    public var identity: GatewayIdentity
    public var authservID: String?
    public var timeZone: TimeZone
    public var limits: MIMELimits
    /// Language of the JSON's diagnostic messages.
    public var language: Language

    public init(
        catalog: Catalog, organisations: [Organisation], identity: GatewayIdentity, authservID: String?,
        timeZone: TimeZone, limits: MIMELimits, language: Language
    ) {
        self.catalog = catalog
        self.organisations = organisations
        self.identity = identity
        self.authservID = authservID
        self.timeZone = timeZone
        self.limits = limits
        self.language = language
    }
}
