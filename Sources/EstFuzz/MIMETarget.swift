import Intake
import MIME

enum MIMETarget {
    static func run(_ bytes: [UInt8]) -> String {
        let message: MailMessage
        do {
            message = try MailMessage.parse(bytes, limits: FuzzContext.pipeline.policy.limits)
        } catch {
            return "limit \(error.reason)"
        }
        // Parsing decodes little eagerly: what the classifier and the pipeline read later is read here.
        var parts = 0, textBytes = 0
        for part in message.allParts() {
            parts += 1
            for field in part.headers.fields { textBytes += field.decodedValue.utf8.count }
            textBytes += part.decodedText(unwrapFlowed: true)?.utf8.count ?? 0
            if part.contentType.subtype == "html", let html = part.decodedText(unwrapFlowed: false) {
                textBytes += HTMLText.text(fromHTML: html).utf8.count
            }
        }
        for name in ["To", "Cc", "Reply-To", "Sender"] {
            for value in message.headers.all(name) { _ = AddressList.parse(value) }
        }
        let body = message.readableBody()
        let forwarded = ReportSource(message).forwarded?.readableBody()
        return "parts=\(parts) body=\(body.source.rawValue) text=\(body.text.utf8.count)B "
            + "forwarded=\(forwarded.map { "\($0.text.utf8.count)B" } ?? "-") decoded=\(textBytes)B"
    }
}
