import Domain
import Foundation

/// Everything the operator configures, checked and ready to use.
public struct GatewaySettings: Sendable {
    public var timeZone: TimeZone
    public var language: Language
    public var instance: InstanceSettings
    /// Receiving server's authserv-id; nil disables the Authentication-Results check.
    public var authservID: String?
    public var limits: LimitSettings
    /// Path of the SQLite database, resolved against the configuration file's folder.
    public var databasePath: String
    public var areas: [Area]
    public var categories: [Category]
    public var organisations: [Organisation]
    /// The mail connections and daemon behaviour; nil when the file configures no IMAP mailbox.
    public var mail: MailSettings?
    /// Digest, reminders and alerts.
    public var periodic: PeriodicSettings

    public var catalog: Catalog { Catalog(areas: areas, categories: categories) }

    public init(
        timeZone: TimeZone, language: Language, instance: InstanceSettings, authservID: String?,
        limits: LimitSettings, databasePath: String, areas: [Area], categories: [Category],
        organisations: [Organisation], mail: MailSettings? = nil, periodic: PeriodicSettings = .defaults
    ) {
        self.mail = mail
        self.periodic = periodic
        self.timeZone = timeZone
        self.language = language
        self.instance = instance
        self.authservID = authservID
        self.limits = limits
        self.databasePath = databasePath
        self.areas = areas
        self.categories = categories
        self.organisations = organisations
    }
}

public struct InstanceSettings: Sendable, Hashable {
    /// Names the installation in the loop header.
    public var name: String
    /// The gateway's own address: where reports arrive and the From of what it sends.
    public var address: String
    /// Domain of the Message-IDs we generate; mail carrying them is our own.
    public var messageIDDomain: String

    public init(name: String, address: String, messageIDDomain: String) {
        self.name = name
        self.address = address
        self.messageIDDomain = messageIDDomain
    }
}

public struct LimitSettings: Sendable, Hashable {
    public var maxMessageBytes: Int
    public var maxMimeDepth: Int
    public var maxMimeParts: Int
    /// More incidents in one mail reject it with one error.
    public var maxIncidentsPerMail: Int
    /// Characters kept of a Plats value (cut with a warning).
    public var maxPlaceChars: Int
    /// Characters kept of a Beskrivning or Åtgärd value (cut with a warning).
    public var maxDescriptionChars: Int

    public init(maxMessageBytes: Int = 10_000_000, maxMimeDepth: Int = 40, maxMimeParts: Int = 500,
                maxIncidentsPerMail: Int = 50, maxPlaceChars: Int = 500, maxDescriptionChars: Int = 5_000) {
        self.maxMessageBytes = maxMessageBytes
        self.maxMimeDepth = maxMimeDepth
        self.maxMimeParts = maxMimeParts
        self.maxIncidentsPerMail = maxIncidentsPerMail
        self.maxPlaceChars = maxPlaceChars
        self.maxDescriptionChars = maxDescriptionChars
    }
}
