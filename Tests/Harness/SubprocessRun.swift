import Foundation

extension Subprocess {
    /// A finished command: how it ended and what it wrote.
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal when a signal ended the child.
        public var status: Int32
        /// The signal that ended the child; nil when it exited.
        public var signal: Int32?
        public var stdout: String
        /// Empty when the command was run with `stderrToStdout`.
        public var stderr: String

        /// Everything the command wrote: stdout, then stderr.
        public var output: String { stdout + stderr }
    }

    /// Runs `path` (no PATH search: `/usr/bin/env` finds a program by name) to completion.
    /// stdin is `stdin`, or empty. `environment` nil inherits this process's; otherwise it is the
    /// child's whole environment. With `stderrToStdout` both streams go to one file in the order
    /// the child wrote them (a log read as a whole); otherwise each is kept apart.
    ///
    /// The streams go through files rather than pipes, so a chatty child can never block on a full
    /// pipe while this waits for it.
    public static func run(
        _ path: String, _ arguments: [String], stdin: [UInt8]? = nil,
        environment: [String: String]? = nil, stderrToStdout: Bool = false
    ) throws -> Result {
        let base = NSTemporaryDirectory() + "est-subprocess-\(getpid())-\(UUID().uuidString.prefix(8))"
        let inPath = base + ".in", outPath = base + ".out", errPath = base + ".err"
        defer {
            for file in [inPath, outPath, errPath] { unlink(file) }
        }
        if let stdin {
            guard FileManager.default.createFile(atPath: inPath, contents: Data(stdin)) else {
                throw HarnessError("cannot write \(inPath)")
            }
        }
        let pid = try spawn(
            path, arguments, stdinPath: stdin == nil ? "/dev/null" : inPath, stdoutPath: outPath,
            stderrPath: stderrToStdout ? nil : errPath, environment: environment)
        let ended = wait(pid)
        return Result(status: ended.status, signal: ended.signal, stdout: text(outPath), stderr: text(errPath))
    }

    /// A file the child wrote, as text ("" when it wrote nothing; invalid UTF-8 is replaced, not fatal).
    private static func text(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
