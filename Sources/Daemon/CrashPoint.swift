#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Test-only: `EST_GATEWAY_CRASH_AT=<point>` kills the process with SIGKILL the first time it reaches
/// that step boundary, so the crash-safety tests can prove that no step loses or doubles anything.
/// Unset in production, where every check is a comparison against nil.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// Messages fetched from IMAP, nothing stored yet.
    case afterFetch = "after-fetch"
    /// A fetched message marked as being read, its parse under way (the breaker's test).
    case parsing = "parsing"
    /// Inside the storing transaction, everything written but not committed.
    case afterStore = "after-store"
    /// Stored and committed, not yet moved on the server.
    case afterCommit = "after-commit"
    /// An outbox row marked sending, the SMTP session not begun.
    case sending = "sending"
    /// The whole message went out over SMTP, the server's answer not yet read.
    case transmitted = "transmitted"
    /// The SMTP server accepted a reply, not yet marked sent.
    case afterSend = "after-send"
    /// Moved on the server, not yet marked moved.
    case afterMove = "after-move"

    static let armed: CrashPoint? = {
        guard let value = getenv("EST_GATEWAY_CRASH_AT") else { return nil }
        return CrashPoint(rawValue: String(cString: value))
    }()

    public static func reach(_ point: CrashPoint) {
        guard armed == point else { return }
        kill(getpid(), SIGKILL)
    }
}
