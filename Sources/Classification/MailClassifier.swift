import Domain
import MIME

/// Why a message is not a report (mail-rules.md §2 A). Raw values are the JSON `reason` words;
/// the declaration order is the precedence when several hold.
public enum IgnoreReason: String, Sendable, Hashable, Codable, CaseIterable {
    case bounce
    case ownMail = "own-mail"
    case autoReply = "auto-reply"
    case list
    case unknownSender = "unknown-sender"
}

/// Why a message is held aside, unanswered, for a person to look at.
public enum QuarantineReason: String, Sendable, Hashable, Codable {
    case authenticationFailed = "authentication-failed"
    case badFrom = "bad-from"
    case oversized
    case mimeTooDeep = "mime-too-deep"
    case mimeTooManyParts = "mime-too-many-parts"
    /// The process died twice while reading it: not parsed a third time (the poison-message breaker).
    case crashedParser = "crashed-parser"
}

/// What to do with one incoming message before its body is read as a report.
public struct Classification: Sendable {
    public enum Disposition: Sendable {
        /// Parse it as a report from this organisation; `sender` is the From address, lowercased.
        case report(organisation: Organisation, sender: String)
        /// An insats command from a working-group member (working-group.md §1–2), lowercased address.
        case insats(member: String)
        case ignored(IgnoreReason)
        case quarantined(QuarantineReason, detail: String)
    }

    public var disposition: Disposition
    public var signals: AutomationSignals
    /// Where an automatic reply may go, or nil when none may be sent (§2 B, §4).
    public var replyTo: String?
    /// Set for delivery-status notifications: what they say about our own mail.
    public var bounce: BounceReport?
}

/// mail-rules.md §2 and §3 as one decision over a parsed message.
public struct MailClassifier: Sendable {
    public var identity: GatewayIdentity
    public var registry: SenderRegistry
    /// When set, the Authentication-Results check of §3 applies.
    public var authservID: String?
    /// Working-group members' own addresses, lowercased.
    public var members: Set<String>

    public init(identity: GatewayIdentity, organisations: [Organisation], authservID: String?, members: [String] = []) {
        self.identity = identity
        self.registry = SenderRegistry(organisations)
        self.authservID = authservID
        self.members = Set(members.map { $0.lowercased() })
    }

    /// Whether an address is a working-group member's, who may send insats commands.
    public func isMember(_ address: String) -> Bool { members.contains(address.lowercased()) }

    /// - Parameter bodyHasFieldLines: whether the readable body holds report field lines; an
    ///   out-of-office subject marks an auto-reply only with another signal or without field lines.
    /// - Parameter insatsCommand: the body holds an `Insats:` line, or the mail answers the gateway's
    ///   mail about an insats: from a member, that makes it an insats command instead of a report.
    public func classify(
        _ message: MailMessage, bodyHasFieldLines: Bool, signals known: AutomationSignals? = nil, insatsCommand: Bool = false
    ) -> Classification {
        let signals = known ?? AutomationSignals(message: message, identity: identity)
        let bounce = signals.deliveryReport ? BounceReport(message: message, ownDomain: identity.messageIDDomain) : nil
        func result(_ disposition: Classification.Disposition, replyTo: String? = nil) -> Classification {
            Classification(disposition: disposition, signals: signals, replyTo: replyTo, bounce: bounce)
        }

        if let reason = ignoreReason(signals, bodyHasFieldLines: bodyHasFieldLines) { return result(.ignored(reason)) }

        guard let from = message.from, !from.isEmpty else {
            return result(
                .quarantined(.badFrom, detail: message.headers.contains("From") ? "the From header does not parse" : "no From header"))
        }
        guard from.count == 1, let sender = from.first else {
            return result(.quarantined(.badFrom, detail: "From names \(from.count) addresses"))
        }
        let member = insatsCommand && isMember(sender.address)
        guard member || registry.organisation(for: sender.address) != nil else { return result(.ignored(.unknownSender)) }

        if let authservID {
            let verdict = AuthenticationResults.verdict(
                headers: message.headers.all("Authentication-Results"), authservID: authservID, fromDomain: sender.domain.lowercased())
            if case .fail(let why) = verdict { return result(.quarantined(.authenticationFailed, detail: why)) }
        }
        if member {
            let address = sender.address.lowercased()
            return result(.insats(member: address), replyTo: signals.forbidsReply ? nil : address)
        }
        guard let organisation = registry.organisation(for: sender.address) else { return result(.ignored(.unknownSender)) }

        // A report from an organisation's own system is stored, but only a human contact is answered.
        let address = sender.address.lowercased()
        let replyTo = signals.forbidsReply ? organisation.contact : address
        return result(.report(organisation: organisation, sender: address), replyTo: replyTo)
    }

    func ignoreReason(_ s: AutomationSignals, bodyHasFieldLines: Bool) -> IgnoreReason? {
        if s.deliveryReport || s.bounceSender { return .bounce }
        if s.ownMail { return .ownMail }
        let otherRule = s.forbidsReply
        if s.autoSubmitted == "auto-replied" || s.vendorAutoReply
            || (s.outOfOfficeSubject && (otherRule || !bodyHasFieldLines))
            || (s.repliesToUs && otherRule)
        {
            return .autoReply
        }
        if s.listMail { return .list }
        return nil
    }
}
