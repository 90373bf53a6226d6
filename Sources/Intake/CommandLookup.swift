import Domain

/// What the store knows that a command mail's corrections and withdrawals are decided against.
public struct CommandLookup: Sendable, Hashable {
    /// The current state of every incident the mail names, by reference, whoever reported it.
    public var incidents: [String: CurrentIncident]
    /// The references named by the gateway's own mail this one answers (In-Reply-To, else
    /// References), in order; nil when it answers none of the gateway's mail.
    public var answered: [String]?

    public init(incidents: [String: CurrentIncident] = [:], answered: [String]? = nil) {
        self.incidents = incidents
        self.answered = answered
    }
}

extension IntakeOutcome {
    /// The references the mail's commands name explicitly.
    public var commandReferences: [String] {
        (report?.commands ?? []).compactMap(\.reference)
    }

    /// Whether the mail holds corrections or withdrawals (and so creates no report).
    public var isCommandMail: Bool {
        report?.hasCommands ?? false
    }

    /// Message-IDs the mail answers, the direct parent first: where a bare `Återkalla` points.
    public var answeredMessageIDs: [String] {
        guard let message else { return [] }
        return message.inReplyTo + message.references.reversed()
    }
}
