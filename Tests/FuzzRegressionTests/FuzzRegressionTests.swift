import Foundation
import MailServerHarness
import Testing

/// Every input a fuzzer ever found crashing or hanging (Tests/Fuzz/regressions/<target>/), and
/// every seed, replayed through the same target functions in the ordinary build. Each runs in a
/// child process (`est-fuzz`), so a crash fails its own case instead of ending the test run.
@Suite struct FuzzRegressionTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let regressions = repoRoot.appendingPathComponent("Tests/Fuzz/regressions")
    static let targets = ["intake", "mime", "report", "imap"]
    /// The fuzzer's own bound for a hang. Kept inputs replay in milliseconds once their bug is fixed;
    /// the debug build without sanitizers is about as fast as the sanitizer build in release.
    static let secondsPerInput = 10.0
    /// All seeds of a target in one process.
    static let secondsForSeeds = 120.0

    static let seeds: [String: String] = [
        "intake": "Tests/Corpus/messages", "mime": "Tests/Corpus/messages",
        "report": "Tests/Fuzz/seeds/report", "imap": "Tests/Fuzz/seeds/imap",
    ]

    /// What each target's summary line starts with: a bounded outcome, not just an exit status.
    static let outcomes: [String: [String]] = [
        "intake": ["accepted ", "rejected ", "ignored ", "quarantined "],
        "mime": ["parts=", "limit "],
        "report": ["accepted ", "rejected "],
        "imap": ["responses=", "malformed "],
    ]

    static func visible(_ folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("README") }.sorted()
    }

    /// "target/file" for every kept input.
    static var keptInputs: [String] {
        visible(regressions).flatMap { target in
            visible(regressions.appendingPathComponent(target)).map { "\(target)/\($0)" }
        }
    }

    @Test func keptInputsAreFiledUnderATarget() {
        for folder in Self.visible(Self.regressions) {
            #expect(Self.targets.contains(folder), "Tests/Fuzz/regressions/\(folder) is no target: its inputs would never be replayed")
        }
    }

    @Test(arguments: keptInputs)
    func keptInputReplaysWithoutCrashOrHang(_ input: String) throws {
        let target = String(input.prefix(while: { $0 != "/" }))
        let path = Self.regressions.appendingPathComponent(input).path
        let run = try Self.replay(target, [path], seconds: Self.secondsPerInput)
        try Self.check(run, target: target, files: [path], seconds: Self.secondsPerInput)
    }

    @Test(arguments: targets)
    func seedsReplay(_ target: String) throws {
        let folder = Self.repoRoot.appendingPathComponent(Self.seeds[target]!)
        let files = Self.visible(folder).map { folder.appendingPathComponent($0).path }
        #expect(files.count >= 5, "\(folder.path) holds \(files.count) seeds")
        let run = try Self.replay(target, [folder.path], seconds: Self.secondsForSeeds)
        try Self.check(run, target: target, files: files, seconds: Self.secondsForSeeds)
    }

    static func check(_ run: Replayed, target: String, files: [String], seconds: Double) throws {
        try #require(!run.timedOut, "\(target): still running after \(Int(seconds)) s: a hang")
        try #require(
            !run.killedBySignal && run.status == 0,
            "\(target): \(run.killedBySignal ? "killed by signal" : "exit status") \(run.status)\n\(run.stderr.suffix(3000))")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == files.count, "\(target): \(lines.count) outcomes for \(files.count) inputs")
        for (line, file) in zip(lines, files) {
            let prefix = "\(file): "
            #expect(line.hasPrefix(prefix), "\(line) is not the outcome of \(file)")
            let summary = line.dropFirst(prefix.count)
            #expect(outcomes[target]!.contains { summary.hasPrefix($0) }, "\(file): unexpected outcome \(summary)")
        }
    }

    struct Replayed {
        var status: Int32
        var killedBySignal: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
    }

    static func replay(_ target: String, _ paths: [String], seconds: Double) throws -> Replayed {
        // Output goes to files, so a chatty child never blocks on a full pipe.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("est-fuzz-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        // A crash ends at once instead of symbolicating for seconds.
        let child = try Subprocess.start(
            BuiltProduct.path("est-fuzz", repoRoot: repoRoot), [target] + paths,
            environment: Subprocess.inheritedEnvironment(adding: ["SWIFT_BACKTRACE": "enable=no"]),
            outputPath: out.path, errorPath: err.path)
        let deadline = Date().addingTimeInterval(seconds)
        var timedOut = false
        while child.isRunning {
            if Date() > deadline {
                timedOut = true
                child.kill(SIGKILL)
                break
            }
            usleep(20_000)
        }
        let end = child.wait()
        return Replayed(
            status: end.status, killedBySignal: end.signal != nil, timedOut: timedOut,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
