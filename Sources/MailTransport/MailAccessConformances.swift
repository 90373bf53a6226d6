import Foundation

extension IMAPClient: MailboxSource {
    public func uids(_ mailbox: String, above uid: UInt32, since: Date?) async throws(TransportError) -> [UInt32] {
        let criteria = since.map { "UID 1:* SINCE \(Self.searchDate($0))" } ?? "UID \(uid &+ 1):*"
        // `n:*` always matches the highest UID, even when it is below n (RFC 3501 §6.4.8).
        return try await uidSearch(mailbox, criteria: criteria).filter { $0 > uid }.sorted()
    }

    /// IMAP SEARCH date: `10-Nov-2026` (RFC 3501 date, English month).
    static func searchDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d-MMM-yyyy"
        return formatter.string(from: date)
    }
}

extension SMTPClient: MailSubmitter {}
