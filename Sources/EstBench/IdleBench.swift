import Foundation
import MailServerHarness

/// `est-bench idle`: what a poll of an empty mailbox costs. The daemon polls every second for a
/// while; its CPU (from /proc) over the polls it logged, and its resident memory at the end, are
/// set against the peer measured in the same run: the curl tool polling the same way (a new TLS
/// connection, LOGIN and STATUS each time), which is what a poll costs without a kept session.
enum IdleBench {
    static func run(seconds: Int, gatewayBinary: String, repoRoot: URL) async throws {
        let servers = try MailServers.start()
        defer { servers.stop() }
        let gateway = "est@\(servers.domain)"
        let password = "bench-\(UUID().uuidString.prefix(8))"
        try servers.addUser(gateway, password: password)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-idle-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var file = IntakeBench.configuration(
            repoRoot: repoRoot, servers: servers, gateway: gateway, reporter: "anna@\(servers.domain)", folder: work)
        file.pollIntervalSeconds = 1
        let config = work.appendingPathComponent("est.yaml").path
        try file.write(to: config)
        let log = work.appendingPathComponent("daemon.log").path
        let daemon = try Subprocess.start(
            gatewayBinary, ["run", "--config", config, "--log-level", "trace", "--log-format", "json"],
            environment: Subprocess.inheritedEnvironment(adding: ["EST_IMAP_PASSWORD": password]), outputPath: log)
        defer { daemon.kill(SIGKILL); _ = daemon.wait() }
        // The first poll creates the cursor and logs in; measure the idle ones after it.
        try await waitUntil(timeout: .seconds(30), "the first poll") { statusCommands(log) >= 2 }
        let (cpu0, polls0) = (try cpuSeconds(daemon.pid), statusCommands(log))
        try await Task.sleep(for: .seconds(seconds))
        let (cpu1, polls1) = (try cpuSeconds(daemon.pid), statusCommands(log))
        let rss = try residentMegabytes(daemon.pid)
        let polls = max(polls1 - polls0, 1)
        let ours = (cpu1 - cpu0) / Double(polls)
        let logins = loginCount(servers.dovecotLogPath, user: gateway)

        // The peer: as many polls with a new connection each, CPU from the children's usage.
        var before = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &before)
        let start = Date()
        for _ in 0..<polls {
            let run = try Subprocess.run(
                "/usr/bin/curl",
                [
                    "--silent", "--show-error", "--cacert", servers.caCertificatePath, "--user", "\(gateway):\(password)",
                    "--request", "STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY)", "\(servers.imapsURL)/",
                ])
            guard run.status == 0 else { throw BenchError("curl failed: \(run.output)") }
        }
        let peerWall = Date().timeIntervalSince(start) / Double(polls)
        var after = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &after)
        let peer =
            (secondsOf(after.ru_utime) + secondsOf(after.ru_stime) - secondsOf(before.ru_utime) - secondsOf(before.ru_stime))
            / Double(polls)

        print("idle polls: \(polls) in \(seconds) s; Dovecot logged \(logins) login(s) by the gateway over the whole run")
        print(String(format: "est-gateway: %.2f ms CPU per idle poll (trace logging included), RSS at idle %.1f MB", ours * 1000, rss))
        print(
            String(
                format: "peer (curl, new TLS connection + LOGIN + STATUS per poll): %.2f ms CPU per poll, %.1f ms wall", peer * 1000,
                peerWall * 1000))
        print(String(format: "ratio: %.2f (our CPU per idle poll / the peer's)", ours / peer))
    }

    static func statusCommands(_ log: String) -> Int {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains("\"imap command\"") && $0.contains("\"event\":\"status\"") }.count
    }

    /// Dovecot logs each login ("imap-login: Login: user=<…>").
    static func loginCount(_ log: String, user: String) -> Int {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains("Login: user=<\(user)>") }.count
    }

    static func secondsOf(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }

    /// utime + stime of a process, from /proc/PID/stat (clock ticks).
    static func cpuSeconds(_ pid: pid_t) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces) start after its closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("unreadable /proc/\(pid)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func residentMegabytes(_ pid: pid_t) throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { throw BenchError("no VmRSS for \(pid)") }
        return kb / 1024
    }
}
