/// Nagios's levels, whose numbers are the plugin exit statuses monitoring systems expect.
public enum HealthLevel: Int, Sendable, Hashable, Comparable, CaseIterable {
    case ok = 0
    case warning = 1
    case critical = 2
    /// The check itself could not run (no database, unreadable configuration).
    case unknown = 3

    public var name: String {
        switch self {
        case .ok: return "OK"
        case .warning: return "WARNING"
        case .critical: return "CRITICAL"
        case .unknown: return "UNKNOWN"
        }
    }

    public static func < (a: HealthLevel, b: HealthLevel) -> Bool { a.rawValue < b.rawValue }
}
