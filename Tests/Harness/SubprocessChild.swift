import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension Subprocess {
    /// A child that runs beside the caller (a daemon under test): watched, signalled, waited for.
    public final class Child: Sendable {
        public let pid: pid_t
        /// Set once the child is reaped: after that its PID may belong to another process.
        private let ended = Mutex<Termination?>(nil)

        init(pid: pid_t) { self.pid = pid }

        public var isRunning: Bool { poll() == nil }

        /// Non-blocking: how the child ended if it has, else nil.
        public func poll() -> Termination? {
            ended.withLock { ended in
                if ended == nil { ended = Subprocess.poll(pid) }
                return ended
            }
        }

        /// Blocks until the child has ended.
        public func wait() -> Termination {
            if let known = ended.withLock({ $0 }) { return known }
            // Outside the lock, so that `isRunning` answers from other threads meanwhile; should one of
            // them reap the child first, this waitpid fails and what that one recorded is returned.
            let result = Subprocess.wait(pid)
            return ended.withLock { ended in
                if ended == nil { ended = result }
                return ended!
            }
        }

        /// Sends `signal`, unless the child is reaped already (its PID is no longer its own).
        public func kill(_ signal: Int32 = SIGTERM) {
            ended.withLock { ended in
                if ended == nil { _ = Glibc.kill(pid, signal) }
            }
        }
    }

    /// Starts a long-running child. stdin from `stdinPath`; stdout and stderr appended to
    /// `outputPath`, a log the caller can read while the child runs, or stderr to `errorPath` when
    /// given. `environment` as in `run`.
    public static func start(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil,
        stdinPath: String = "/dev/null", outputPath: String = "/dev/null",
        errorPath: String? = nil
    ) throws -> Child {
        Child(
            pid: try spawn(
                path, arguments, stdinPath: stdinPath, stdoutPath: outputPath, stderrPath: errorPath,
                environment: environment))
    }
}
