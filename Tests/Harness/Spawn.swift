#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Child processes started with posix_spawn, with an empty signal mask and default signal
/// handlers. (A test process may block signals in its threads, and children inherit the mask:
/// a server started that way could ignore the SIGTERM that should stop it.)
enum Spawn {
    /// Starts `path` with `arguments`; stdin from `stdinPath` (default /dev/null), stdout and stderr
    /// appended to `outputPath` (default /dev/null). In its own process group when `newGroup`.
    static func start(_ path: String, _ arguments: [String], stdinPath: String = "/dev/null",
                      outputPath: String = "/dev/null", newGroup: Bool = false) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

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

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw HarnessError("cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for a child and returns its exit status (128+signal when killed).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return exitCode(status)
    }

    /// Non-blocking: the exit status if the child has ended (and is now reaped), else nil.
    static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        if rc == pid { return exitCode(status) }
        if rc < 0 { return -1 }
        return nil
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Runs a command to completion; returns its status and combined output.
    static func run(_ path: String, _ arguments: [String], stdin: [UInt8]? = nil) throws -> (status: Int32, output: String) {
        let tmp = NSTemporaryDirectory() + "est-spawn-\(getpid())-\(UUID().uuidString.prefix(8))"
        let inPath = tmp + ".in", outPath = tmp + ".out"
        defer {
            unlink(inPath)
            unlink(outPath)
        }
        if let stdin {
            guard FileManager.default.createFile(atPath: inPath, contents: Data(stdin)) else {
                throw HarnessError("cannot write \(inPath)")
            }
        }
        let pid = try start(path, arguments, stdinPath: stdin == nil ? "/dev/null" : inPath, outputPath: outPath)
        let status = wait(pid)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return (status, output)
    }
}
