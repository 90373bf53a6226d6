import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Lease holders are written `host:pid`, so a process can tell a dead local holder from a live one.
public enum LeaseHolder {
    public static var current: String { "\(ProcessInfo.processInfo.hostName):\(getpid())" }

    static func isDeadLocalProcess(_ holder: String) -> Bool {
        guard let colon = holder.lastIndex(of: ":"),
            holder[..<colon] == ProcessInfo.processInfo.hostName,
            let pid = pid_t(holder[holder.index(after: colon)...]), pid > 0
        else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
