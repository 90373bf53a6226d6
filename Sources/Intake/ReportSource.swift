import Foundation
import MIME

/// Which text of a mail the report is read from: the mail's own body, or the message it
/// forwards as an attachment when its own text is only a forwarding note (report-format.md,
/// "Forwarded reports"). MIME offers both; choosing between them is knowledge of reports.
public struct ReportSource: Sendable {
    public var text: String
    /// The Date relative dates are read against: a forwarded message's own, when it has one.
    public var mailDate: Date?
    /// The attached message the report was read from, if any.
    public var forwarded: MailMessage?
    /// The Subject of the message the text is from.
    public var subject: String?

    public init(_ message: MailMessage) {
        let own = message.readableBody().text
        if let attached = message.firstAttachedMessage(), Self.isShortNote(own) {
            text = attached.readableBody().text
            mailDate = attached.date ?? message.date
            forwarded = attached
            subject = attached.subject
        } else {
            text = own
            mailDate = message.date
            forwarded = nil
            subject = message.subject
        }
    }

    /// A forwarding note ("Se bifogad rapport", a greeting and a signature) as opposed to a
    /// report written in the outer mail. A report has at least the five required field lines,
    /// so up to three "Label: value" lines (a phone number in a signature) still count as a note.
    static func isShortNote(_ text: String) -> Bool {
        var fieldLines = 0
        var nonEmpty = 0
        for line in text.split(separator: "\n") {
            let t = line.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if t.isEmpty { continue }
            nonEmpty += 1
            if let colon = t.firstIndex(of: ":") {
                let label = t[..<colon]
                if !label.isEmpty, label.count <= 30, label.allSatisfy({ $0.isLetter || $0 == " " || $0 == "*" }),
                    !t[t.index(after: colon)...].allSatisfy({ $0 == " " || $0 == "\t" })
                {
                    fieldLines += 1
                }
            }
        }
        return fieldLines <= 3 && nonEmpty <= 20
    }
}
