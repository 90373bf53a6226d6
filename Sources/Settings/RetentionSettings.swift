import Foundation

/// Gallring (retention.*): how long personal data is kept, as the municipality's decision
/// (gallringsbeslut) says. Every period is off unless configured: nothing is deleted by default.
public struct RetentionSettings: Sendable, Hashable {
    /// Days after receipt that a message's raw bytes (and the rendered mail sent about it) are kept.
    public var rawDays: Int?
    /// Days after receipt that reporter addresses stay readable; then they become keyed pseudonyms.
    public var pseudonymiseDays: Int?
    /// Days after receipt that incidents keep Plats, Beskrivning and Åtgärd.
    public var freeTextDays: Int?
    /// The secret pseudonyms are made with; required with `pseudonymiseDays`.
    public var pseudonymKeyFile: String?

    public static let off = RetentionSettings()

    public init(rawDays: Int? = nil, pseudonymiseDays: Int? = nil, freeTextDays: Int? = nil, pseudonymKeyFile: String? = nil) {
        self.rawDays = rawDays
        self.pseudonymiseDays = pseudonymiseDays
        self.freeTextDays = freeTextDays
        self.pseudonymKeyFile = pseudonymKeyFile
    }

    public var isEnabled: Bool { rawDays != nil || pseudonymiseDays != nil || freeTextDays != nil }

    /// The raw bytes hold the sender's address and the report's text, so they go as soon as any of
    /// the three periods is over: pseudonyms and cleared fields would mean little beside the original.
    public var effectiveRawDays: Int? { [rawDays, pseudonymiseDays, freeTextDays].compactMap { $0 }.min() }
}
