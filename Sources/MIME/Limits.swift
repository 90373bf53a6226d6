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

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit):
            "The message is \(bytes) bytes, more than the limit of \(limit) bytes; send the report as plain text without large attachments."
        case let .tooDeep(limit):
            "The message nests its parts or forwarded messages more than \(limit) levels deep; send the report directly instead of as a forward of a forward."
        case let .tooManyParts(limit):
            "The message has more than \(limit) MIME parts; send the report with fewer attachments."
        }
    }
}
