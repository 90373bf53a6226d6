import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Child processes for the tests, the demo and the benchmarks, started with posix_spawn rather than
/// Foundation's `Process`: with an empty signal mask and default signal handlers. (A test process may
/// block signals in its threads, and children inherit the mask: a server or daemon started that way
/// could ignore the SIGTERM that should stop it.)
///
/// `run` for a command that is waited for, `start` for one that runs beside the caller.
public enum Subprocess {
    /// How a child ended.
    public struct Termination: Sendable, Equatable {
        /// The exit status, or 128 + the signal when a signal ended the child (as a shell reports it).
        public var status: Int32
        /// The signal that ended the child; nil when it exited.
        public var signal: Int32?

        public init(status: Int32, signal: Int32? = nil) {
            self.status = status
            self.signal = signal
        }
    }

    /// This process's environment with `overrides` on top, for callers that add a few variables
    /// (an `environment` given to `run` or `start` is the child's whole environment).
    public static func inheritedEnvironment(adding overrides: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(overrides) { $1 }
    }

    /// Starts `path` (no PATH search) and returns its PID. stdin from `stdinPath`; stdout appended to
    /// `stdoutPath`, stderr to `stderrPath` or, when nil, to the same file. `environment` nil inherits
    /// this process's. In a process group of its own when `newGroup`, so that it and its children
    /// can be killed together.
    static func spawn(
        _ path: String, _ arguments: [String], stdinPath: String = "/dev/null",
        stdoutPath: String = "/dev/null", stderrPath: String? = nil,
        environment: [String: String]? = nil, newGroup: Bool = false
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let append = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, append, 0o644)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, append, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = cStrings([path] + arguments)
        defer { argv.forEach { free($0) } }
        let envp = environment.map { cStrings($0.map { "\($0.key)=\($0.value)" }) }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let rc =
            if let envp {
                posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            } else {
                posix_spawn(&pid, path, &actions, &attributes, argv, environ)
            }
        guard rc == 0 else { throw HarnessError("cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for a child of this process (status -1 when it is not one, or was reaped already).
    static func wait(_ pid: pid_t) -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return Termination(status: -1) }
        }
        return Termination(waitStatus: status)
    }

    /// Non-blocking: how the child ended if it has (it is reaped now), else nil.
    static func poll(_ pid: pid_t) -> Termination? {
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        if rc == pid { return Termination(waitStatus: status) }
        if rc < 0 { return Termination(status: -1) }
        return nil
    }

    /// NUL-terminated copies for argv and envp, ending in the NULL the C side expects.
    private static func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
        strings.map { strdup($0) } + [nil]
    }
}

extension Subprocess.Termination {
    /// Decodes waitpid's status word (the WIFSIGNALED / WEXITSTATUS macros, which Swift does not import).
    init(waitStatus: Int32) {
        let signal = waitStatus & 0x7F
        self = signal == 0 ? .init(status: (waitStatus >> 8) & 0xFF) : .init(status: 128 + signal, signal: signal)
    }
}
