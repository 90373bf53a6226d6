import Domain
import Foundation
import Reports

/// A working-group member's insats mail, as read, and once decided against the store what it does.
public struct InsatsCommand: Sendable, Hashable {
    public var mail: InsatsMail
    /// The member's address, lowercased.
    public var member: String
    /// The insats the mail answers the gateway's mail about (from In-Reply-To / References).
    public var answered: String?
    /// Set by `InsatsResolution` when the command holds.
    public var decision: InsatsDecision?

    /// The insats the command changes; nil when it registers a new one.
    public var changing: String? {
        if case .change(let reference) = mail.action { return reference ?? answered }
        return nil
    }
}

/// What storing an insats command will do.
public struct InsatsDecision: Sendable, Hashable {
    /// Nil for a new insats: the store gives it its reference.
    public var reference: String?
    /// The version a change was decided against; another change in between means deciding again.
    public var basedOnVersion: Int?
    public var insats: Insats
    /// Swedish names of the fields a change replaced.
    public var changedFields: [String]

    public init(reference: String?, basedOnVersion: Int?, insats: Insats, changedFields: [String]) {
        self.reference = reference
        self.basedOnVersion = basedOnVersion
        self.insats = insats
        self.changedFields = changedFields
    }
}

/// The gateway's own mail about an insats carries its reference in the Message-ID
/// (`<insats.INS-2018-0007.k3j…@domain>`): a reply to it is about that insats.
public enum InsatsAnswer {
    public static func messageIDPrefix(_ reference: String) -> String { "insats.\(reference)" }

    public static func reference(answered ids: [String], domain: String) -> String? {
        for id in ids.prefix(20) {
            let inner = id.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
            guard inner.hasPrefix("insats."), inner.lowercased().hasSuffix("@" + domain.lowercased()) else { continue }
            let parts = inner.dropFirst("insats.".count).split(separator: ".")
            if let first = parts.first, let reference = InsatsReference.normalise(String(first)) { return reference }
        }
        return nil
    }
}
