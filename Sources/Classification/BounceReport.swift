import MIME

/// What a delivery-status notification says about mail we sent (mail-rules.md §2, last paragraphs).
public struct BounceReport: Sendable, Hashable {
    public struct Recipient: Sendable, Hashable {
        public var address: String
        public var action: String
        /// Enhanced status code, e.g. `5.1.1`.
        public var status: String
        public var diagnostic: String?
        /// 5.x.x: the address does not work and retrying will not help.
        public var isPermanent: Bool { status.hasPrefix("5") }
    }

    /// Message-IDs of our own mail that the report returns (from the embedded headers).
    public var originalMessageIDs: [String]
    public var recipients: [Recipient]

    /// Reads a DSN; nil when the message carries no delivery-status part.
    public init?(message: MailMessage, ownDomain: String) {
        let parts = message.allParts()
        guard
            let statusPart = parts.first(where: {
                $0.contentType.mimeType == "message/delivery-status" || $0.contentType.mimeType == "message/global-delivery-status"
            })
        else { return nil }
        recipients = Self.recipients(in: Charsets.decode(statusPart.body, charset: "utf-8"))

        var ids: [String] = []
        let suffix = "@" + ownDomain.lowercased() + ">"
        for part in parts {
            var candidates: [String] = []
            if let embedded = part.embeddedMessage, let id = embedded.messageID { candidates.append(id) }
            if part.contentType.mimeType == "text/rfc822-headers" {
                let text = Charsets.decode(part.body, charset: "utf-8")
                candidates += Self.headerValues(named: "message-id", in: text)
            }
            for id in candidates where id.lowercased().hasSuffix(suffix) && !ids.contains(id) { ids.append(id) }
        }
        originalMessageIDs = ids
    }

    /// Per-recipient blocks follow the per-message block, separated by blank lines (RFC 3464 §2).
    static func recipients(in text: String) -> [Recipient] {
        var result: [Recipient] = []
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        for block in blocks {
            var fields: [String: String] = [:]
            for line in unfold(block) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[line[..<colon].lowercased().trimmingCharacters(in: .whitespaces)] =
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            guard let recipient = fields["final-recipient"] ?? fields["original-recipient"] else { continue }
            let address = recipient.split(separator: ";", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? recipient
            result.append(
                Recipient(
                    address: address.lowercased(),
                    action: fields["action"]?.lowercased() ?? "",
                    status: fields["status"].flatMap { $0.split(separator: " ").first.map(String.init) } ?? "",
                    diagnostic: fields["diagnostic-code"]
                ))
        }
        return result
    }

    static func headerValues(named name: String, in text: String) -> [String] {
        unfold(text).compactMap { line in
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    private static func unfold(_ text: String) -> [String] {
        var lines: [String] = []
        // "\r\n" is one Character in Swift: normalise before splitting on "\n".
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                lines.append(line)
            }
        }
        return lines
    }
}
