import Foundation

/// Where a message came from: the IMAP coordinates when fetched, nil for files ingested by hand.
public struct MessageSource: Sendable, Hashable {
    public var mailbox: String
    public var uidValidity: UInt32
    public var uid: UInt32

    public init(mailbox: String, uidValidity: UInt32, uid: UInt32) {
        self.mailbox = mailbox
        self.uidValidity = uidValidity
        self.uid = uid
    }
}

/// What storing one message did.
public enum StoreOutcome: Sendable, Hashable {
    /// A new message; `references` are the incident references it created (empty unless accepted).
    case stored(messageRow: Int64, references: [String])
    /// These exact bytes were stored before.
    case duplicateBytes(of: Int64)
    /// A different copy of a report already stored (same Message-ID from the same organisation);
    /// the copy's bytes are kept, but it counts for nothing.
    case duplicateReport(messageRow: Int64, of: Int64)

    public var isDuplicate: Bool {
        if case .stored = self { return false }
        return true
    }
}

extension StoreOutcome {
    /// The row of the message this outcome is about: the new row, or the copy already stored.
    public var messageRow: Int64 {
        switch self {
        case .stored(let row, _), .duplicateReport(let row, _): row
        case .duplicateBytes(let existing): existing
        }
    }
}
