/// A delivery-status notification (RFC 3464) as a mail server's MAILER-DAEMON sends it when our mail
/// to `recipient` bounced hard: what the gateway links back to the outbox row by `messageID`.
public enum DeliveryStatusMail {
    public static func bounce(of messageID: String, recipient: String, mta: String = "mx.vasteras.example") -> [UInt8] {
        let text = """
            From: MAILER-DAEMON@\(mta)
            To: est@vasteras.example
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: text/plain

            The mail could not be delivered.
            --B
            Content-Type: message/delivery-status

            Reporting-MTA: dns; \(mta)

            Final-Recipient: rfc822; \(recipient)
            Original-Recipient: rfc822;\(recipient)
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 User unknown

            --B
            Content-Type: text/rfc822-headers

            From: est@vasteras.example
            To: \(recipient)
            Message-ID: \(messageID)
            Subject: Re: EST v.36

            --B--
            """
        return Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}
