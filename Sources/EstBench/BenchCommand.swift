import Assembly
import Daemon
import Dispatch
import Foundation
import Intake
import MailServerHarness
import Settings

/// Measures MIME + report parsing on a generated corpus, and Python's email package on the same
/// files as the peer. Run in release mode (scripts/bench). Prints figures, last line the ratio.
@main
enum BenchCommand {
    static func main() async throws {
        var count = 3000
        var config = "config/est-gateway.example.yaml"
        var peer = true
        var passes = 3
        var arguments = CommandLine.arguments.dropFirst()
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if arguments.first == "digest" {
            arguments.removeFirst()
            var incidents = 1_000_000
            var configPath = repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path
            while let argument = arguments.popFirst() {
                switch argument {
                case "--incidents": incidents = Int(arguments.popFirst() ?? "") ?? incidents
                case "--config": configPath = arguments.popFirst() ?? configPath
                default:
                    FileHandle.standardError.write(Data("est-bench digest: unknown argument \(argument)\n".utf8))
                    exit(2)
                }
            }
            try await DigestBench.run(incidents: incidents, configPath: configPath)
            return
        }
        if arguments.first == "intake" {
            arguments.removeFirst()
            var messages = 1000
            var history = 0
            var peers = true
            var binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("est-gateway")
                .path
            while let argument = arguments.popFirst() {
                switch argument {
                case "--messages": messages = Int(arguments.popFirst() ?? "") ?? messages
                case "--history": history = Int(arguments.popFirst() ?? "") ?? history
                case "--no-peer": peers = false
                case "--gateway": binary = arguments.popFirst() ?? binary
                default:
                    FileHandle.standardError.write(Data("est-bench intake: unknown argument \(argument)\n".utf8))
                    exit(2)
                }
            }
            try await IntakeBench.run(messages: messages, history: history, peers: peers, gatewayBinary: binary, repoRoot: repoRoot)
            return
        }
        if arguments.first == "idle" {
            arguments.removeFirst()
            var seconds = 30
            var binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("est-gateway")
                .path
            while let argument = arguments.popFirst() {
                switch argument {
                case "--seconds": seconds = max(1, Int(arguments.popFirst() ?? "") ?? seconds)
                case "--gateway": binary = arguments.popFirst() ?? binary
                default:
                    FileHandle.standardError.write(Data("est-bench idle: unknown argument \(argument)\n".utf8))
                    exit(2)
                }
            }
            try await IdleBench.run(seconds: seconds, gatewayBinary: binary, repoRoot: repoRoot)
            return
        }
        if arguments.first == "hostile" {
            arguments.removeFirst()
            var size = HostileBench.defaultSize
            var configPath = repoRoot.appendingPathComponent("config/est-gateway.example.yaml").path
            var child: HostileShape? = nil
            var only: [HostileShape] = []
            while let argument = arguments.popFirst() {
                switch argument {
                case "--size": size = Int(arguments.popFirst() ?? "") ?? size
                case "--config": configPath = arguments.popFirst() ?? configPath
                case "--child": child = HostileShape(rawValue: arguments.popFirst() ?? "")
                case "--shape":
                    guard let shape = HostileShape(rawValue: arguments.popFirst() ?? "") else {
                        FileHandle.standardError.write(
                            Data("est-bench hostile: shapes are \(HostileShape.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
                        exit(2)
                    }
                    only.append(shape)
                default:
                    FileHandle.standardError.write(Data("est-bench hostile: unknown argument \(argument)\n".utf8))
                    exit(2)
                }
            }
            if let child {
                try await HostileBench.child(child, size: size, configPath: configPath)
            } else {
                try HostileBench.run(size: size, configPath: configPath, only: only.isEmpty ? HostileShape.allCases : only)
            }
            return
        }
        while let argument = arguments.popFirst() {
            switch argument {
            case "--messages": count = Int(arguments.popFirst() ?? "") ?? count
            case "--config": config = arguments.popFirst() ?? config
            case "--no-peer": peer = false
            case "--passes": passes = max(1, Int(arguments.popFirst() ?? "") ?? passes)
            case "-h", "--help":
                print(
                    """
                    usage: est-bench [--messages N] [--passes N] [--config FILE] [--no-peer]
                             Parses N generated report mails (fixed seed) and, unless --no-peer, the same files
                             with Python's email package; last line: ratio: <ours / peer, messages per second>.
                           est-bench intake [--messages N] [--history M] [--no-peer] [--gateway PATH]
                             N queued reports in a real Dovecot mailbox: one `est-gateway run --once` against
                             the curl download and fetchmail (with an MDA) of the same mailbox, and its sends
                             against Python's smtplib (--no-peer: the gateway alone); with --history,
                             again on a database already holding M earlier messages and replies (needs root,
                             Dovecot, Postfix, fetchmail and GNU time).
                           est-bench idle [--seconds N] [--gateway PATH]
                             The daemon polling an empty mailbox every second: CPU per idle poll and RSS at
                             idle, against curl polling with a new connection each time.
                           est-bench hostile [--size BYTES] [--shape NAME]…
                             Each hostile mail shape of issue 8 (about 9.8 MB) through the intake pipeline in a
                             child process: seconds and peak RSS per shape.
                           est-bench digest [--incidents N]
                             A database of N incidents (default 1,000,000): the time to build and render
                             one week's lägesbild, and the database's size.
                    """)
                return
            default:
                FileHandle.standardError.write(Data("est-bench: unknown argument \(argument); see --help\n".utf8))
                exit(2)
            }
        }

        let settings = try await SettingsLoader.load(path: config)
        var sample = SampleMail(seed: 0x0E57_2018)
        let corpus = (0..<count).map { sample.message(index: $0) }
        let totalBytes = corpus.reduce(0) { $0 + $1.count }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("est-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, bytes) in corpus.enumerated() {
            try Data(bytes).write(to: folder.appendingPathComponent(String(format: "%06d.eml", index)))
        }
        // The files are for the peer; written back before any timing, so the kernel's writeback
        // of 20-odd MB does not land inside either side's measured loop.
        sync()
        print("corpus: \(count) messages, \(String(format: "%.1f", Double(totalBytes) / 1e6)) MB, seed 0x0E572018")

        let pipeline = GatewayAssembly.pipeline(settings)
        let received = Date(timeIntervalSince1970: 1_536_040_800)
        // One warm-up, then the best of several passes: the figure a quiet machine gives.
        var accepted = 0
        for bytes in corpus.prefix(200) { _ = pipeline.evaluate(bytes, receivedAt: received) }
        var best = Double.infinity
        for _ in 0..<passes {
            let start = DispatchTime.now().uptimeNanoseconds
            accepted = 0
            for bytes in corpus where pipeline.evaluate(bytes, receivedAt: received).result.status == .accepted { accepted += 1 }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let ours = Double(count) / best
        print(
            String(
                format: "ours: %.0f messages/s, %.1f MB/s (%d of %d accepted, %.3f s, one core)", ours, Double(totalBytes) / 1e6 / best,
                accepted, count, best))
        guard peer else { return }

        let script = repoRoot.appendingPathComponent("scripts/bench_peer.py").path
        let python = try Subprocess.run("/usr/bin/env", ["python3", script, folder.path])
        guard python.status == 0, let seconds = Double(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            print("peer: python3 failed (exit \(python.status)): \(python.output)")
            exit(1)
        }
        let theirs = Double(count) / seconds
        print(
            String(
                format: "peer (Python email, message_from_bytes + get_body + get_content): %.0f messages/s, %.1f MB/s (%.3f s)", theirs,
                Double(totalBytes) / 1e6 / seconds, seconds))
        print(String(format: "ratio: %.1f", ours / theirs))
    }
}
