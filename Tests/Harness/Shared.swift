import Foundation

/// One set of real servers per test process, started on first use and stopped at exit; tests work
/// with users of their own, so they can share it and run in parallel.
public actor SharedMailServers {
    public static let instance = SharedMailServers()
    private var servers: MailServers?

    public func get() throws -> MailServers {
        if let servers { return servers }
        let started = try MailServers.start()
        servers = started
        FileHandle.standardError.write(Data("mail servers started in \(started.startupDuration) at \(started.directory.path)\n".utf8))
        return started
    }
}

/// A thread-safe counter for unique names within a test process.
public final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    public init() {}

    public func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Executables the package builds, found beside the running test bundle.
public enum BuiltProduct {
    public static func path(_ name: String, repoRoot: URL) -> String {
        var url = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = url.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/\(name)").path
    }
}
