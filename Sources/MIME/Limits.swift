/// Bounds that keep a hostile or broken message from costing unbounded memory, time or stack.
public struct MIMELimits: Sendable, Hashable {
    public var maxBytes: Int
    public var maxDepth: Int
    public var maxParts: Int

    public init(maxBytes: Int = 10_000_000, maxDepth: Int = 40, maxParts: Int = 500) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }
}

public enum MIMELimitViolation: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case tooDeep(limit: Int)
    case tooManyParts(limit: Int)

    /// Stable words for logs, database rows and quarantine reasons.
    public var reason: String {
        switch self {
        case .tooLarge: "oversized"
        case .tooDeep: "mime-too-deep"
        case .tooManyParts: "mime-too-many-parts"
        }
    }

    /// The violation in technical terms, for logs and operators; what a sender should do
    /// about it is the caller's to say.
    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit):
            "Message size \(bytes) bytes exceeds the limit of \(limit) bytes."
        case let .tooDeep(limit):
            "MIME parts or attached messages nest deeper than \(limit) levels."
        case let .tooManyParts(limit):
            "The message has more MIME parts than the limit of \(limit)."
        }
    }
}
