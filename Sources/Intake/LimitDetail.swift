import MIME

/// The quarantine detail of a message the MIME limits stopped. It is stored with the message
/// and shown wherever the quarantine is explained, so it says what the sender can do instead.
enum LimitDetail {
    static func text(for violation: MIMELimitViolation) -> String {
        switch violation {
        case let .tooLarge(bytes, limit):
            "The message is \(bytes) bytes, more than the limit of \(limit) bytes; send the report as plain text without large attachments."
        case let .tooDeep(limit):
            "The message nests its parts or forwarded messages more than \(limit) levels deep; send the report directly instead of as a forward of a forward."
        case let .tooManyParts(limit):
            "The message has more than \(limit) MIME parts; send the report with fewer attachments."
        }
    }
}
