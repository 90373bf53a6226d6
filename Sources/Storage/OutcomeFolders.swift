import Intake

/// The server folder for each outcome (mail-rules §1: EST/Behandlade, EST/Avvisade, …).
public struct OutcomeFolders: Sendable, Hashable {
    public var processed: String
    public var rejected: String
    public var ignored: String
    public var quarantine: String

    public init(
        processed: String = "EST/Behandlade", rejected: String = "EST/Avvisade",
        ignored: String = "EST/Ignorerade", quarantine: String = "EST/Karantän"
    ) {
        self.processed = processed
        self.rejected = rejected
        self.ignored = ignored
        self.quarantine = quarantine
    }

    public func folder(for status: ReportStatus) -> String {
        switch status {
        case .accepted: return processed
        case .rejected: return rejected
        case .ignored: return ignored
        case .quarantined: return quarantine
        }
    }

    public var all: [String] { [processed, rejected, ignored, quarantine] }
}
