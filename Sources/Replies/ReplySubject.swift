import Domain
import Foundation
import Intake
import OutgoingMail

/// What a reply says about the mail it answers, in its subject and Message-ID.
enum ReplyStatus: Sendable, Hashable {
    case received(references: [String])
    case zeroReceived
    case rejected
    case guide
    /// An oversized message, quarantined unread.
    case tooLarge
    /// Corrections and withdrawals carried out, of these incidents.
    case changed(references: [String])
    /// An insats registered or changed by a working-group member, or a command refused.
    case insatsRegistered(reference: String)
    case insatsChanged(reference: String)
    case insatsRejected(reference: String?)

    func token(_ language: Language) -> String {
        let sv = language == .swedish
        switch self {
        case .received(let references):
            let word = sv ? "Mottagen" : "Received"
            return references.isEmpty ? word : "\(word) [\(ReplySubject.referenceSpan(references))]"
        case .zeroReceived: return sv ? "Nollrapport mottagen" : "Zero report received"
        case .rejected: return sv ? "Kunde inte registreras" : "Could not be registered"
        case .guide: return sv ? "Så rapporterar du till EST" : "How to report to EST"
        case .tooLarge: return sv ? "För stort meddelande, inte läst" : "Message too large, not read"
        case .changed(let references):
            let word = sv ? "Ändring registrerad" : "Change registered"
            return references.isEmpty ? word : "\(word) [\(ReplySubject.referenceSpan(references))]"
        case .insatsRegistered(let reference): return sv ? "Insats registrerad [\(reference)]" : "Insats registered [\(reference)]"
        case .insatsChanged(let reference): return sv ? "Insats ändrad [\(reference)]" : "Insats changed [\(reference)]"
        case .insatsRejected: return sv ? "Insatsen kunde inte registreras" : "The insats could not be registered"
        }
    }
}

enum ReplySubject {
    /// Longest part of the original subject kept, in characters.
    static let maxOriginalLength = 100

    /// `Re: <original> – <token>`; without a subject, `Re: <token>`.
    static func make(original: String?, status: ReplyStatus, language: Language) -> String {
        let core = clean(original ?? "")
        let token = status.token(language)
        return core.isEmpty ? "Re: \(token)" : "Re: \(core) – \(token)"
    }

    /// The original subject without reply prefixes (`Re:`, `SV:`, `Svar:`, `AW:`, `VS:`, also
    /// repeated and with `[2]` counters), without a status token of ours (a reporter answering
    /// an acknowledgment), on one line, and cut to a readable length.
    static func clean(_ subject: String) -> String {
        var text = HeaderEncoding.sanitize(subject)
        var changed = true
        while changed {
            changed = false
            text = text.trimmingCharacters(in: .whitespaces)
            if let stripped = strippingReplyPrefix(text) {
                text = stripped
                changed = true
            }
        }
        // "EST v.36 – Mottagen [EST-2018-000123]" answered again keeps "EST v.36".
        // Only a subject with an en dash can hold one of our markers: the case-insensitive searches
        // are skipped for every other one.
        let hasDash = text.unicodeScalars.contains("\u{2013}")
        for language in Language.allCases {
            for status in [ReplyStatus.received(references: []), .zeroReceived, .rejected, .guide, .changed(references: [])]
            where hasDash {
                let marker = " – " + status.token(language)
                if let range = text.range(of: marker, options: [.backwards, .caseInsensitive]) {
                    text = String(text[..<range.lowerBound])
                }
            }
            for status in [ReplyStatus.received(references: []), .zeroReceived, .rejected, .guide, .changed(references: [])]
            where text.caseInsensitiveCompare(status.token(language)) == .orderedSame {
                text = ""
            }
        }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.count > maxOriginalLength {
            text = String(text.prefix(maxOriginalLength - 1)).trimmingCharacters(in: .whitespaces) + "…"
        }
        return text
    }

    private static let replyPrefixes = ["re", "sv", "svar", "aw", "vs", "antw", "ang"]

    private static func strippingReplyPrefix(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        var head = text[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
        // "Re[2]:" and "Re(2):" counters some clients add.
        if let open = head.firstIndex(where: { $0 == "[" || $0 == "(" }), head.last == "]" || head.last == ")" {
            let counter = head[head.index(after: open)..<head.index(before: head.endIndex)]
            guard counter.allSatisfy(\.isNumber) else { return nil }
            head = String(head[..<open]).trimmingCharacters(in: .whitespaces)
        }
        guard replyPrefixes.contains(head) else { return nil }
        return String(text[text.index(after: colon)...])
    }

    /// `EST-2018-000123`, `EST-2018-000123, EST-2018-000124`, or `EST-2018-000123 … EST-2018-000125`.
    static func referenceSpan(_ references: [String]) -> String {
        switch references.count {
        case 0: return ""
        case 1, 2: return references.joined(separator: ", ")
        default: return "\(references[0]) … \(references[references.count - 1])"
        }
    }
}

enum ReplyMessageID {
    static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// 16 base-36 characters (about 82 bits) from the system's secure generator.
    static func randomToken(length: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))] })
    }

    /// `<ack.EST-2018-000123.k3j…@domain>`, `<reject.…>`, `<guide.…>`, `<zero.2018-W36.…>`.
    static func make(_ status: ReplyStatus, week: ISOWeek?, domain: String) -> String {
        let prefix: String
        switch status {
        case .received(let references): prefix = references.first.map { "ack.\($0)" } ?? "ack"
        case .zeroReceived: prefix = week.map { "zero.\($0)" } ?? "zero"
        case .rejected: prefix = "reject"
        case .guide: prefix = "guide"
        case .tooLarge: prefix = "toolarge"
        case .changed(let references): prefix = references.first.map { "change.\($0)" } ?? "change"
        case .insatsRegistered(let reference), .insatsChanged(let reference), .insatsRejected(let reference?):
            prefix = InsatsAnswer.messageIDPrefix(reference)
        case .insatsRejected(nil): prefix = "insats-reject"
        }
        let safePrefix = String(
            prefix.unicodeScalars.filter {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == ".")
            })
        let host = String(domain.unicodeScalars.filter { $0.isASCII && $0 != ">" && $0 != "<" && $0 != "@" && $0.value > 0x20 })
        return "<\(safePrefix).\(randomToken())@\(host)>"
    }
}
