import Assembly
import Daemon
import Dispatch
import Foundation
import Intake
import MailServerHarness
import Settings

/// `est-bench hostile`: every hostile shape of issue 8 through `IntakePipeline.evaluate` as the
/// daemon runs it, each in a child process of its own so that its peak RSS (VmHWM) is its own.
enum HostileBench {
    /// Below the default 10,000,000-byte limit, so each shape is parsed rather than quarantined.
    static let defaultSize = 9_800_000

    static func run(size: Int, configPath: String, only: [HostileShape]) throws {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
        print("hostile shapes, \(String(format: "%.1f", Double(size) / 1e6)) MB each, one child process per shape")
        print("shape               bytes        status        incidents  errors  warnings  seconds  peak RSS MB")
        var worst = (seconds: 0.0, rss: 0.0)
        for shape in only {
            let child = try Subprocess.run(me, ["hostile", "--child", shape.rawValue, "--size", String(size), "--config", configPath])
            // The child's diagnostics (EST_BENCH_DEBUG) are for the operator, as if it wrote to this terminal.
            FileHandle.standardError.write(Data(child.stderr.utf8))
            let fields = child.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            guard child.status == 0, fields.count == 7, let seconds = Double(fields[5]), let rss = Double(fields[6]) else {
                print("\(shape.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0))failed: exit \(child.status) \(child.stdout)")
                continue
            }
            worst = (max(worst.seconds, seconds), max(worst.rss, rss))
            print(
                shape.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + fields[0].leftPadded(9) + "    " + fields[1].padding(toLength: 12, withPad: " ", startingAt: 0)
                    + fields[2].leftPadded(11) + fields[3].leftPadded(8) + fields[4].leftPadded(10)
                    + String(format: "%9.3f", seconds) + String(format: "%13.1f", rss))
        }
        print(String(format: "worst: %.3f s, %.1f MB peak RSS (target: under 2 s and 100 MB in a release build)", worst.seconds, worst.rss))
    }

    /// One shape in this (child) process; prints `bytes status incidents errors warnings seconds peakMB`.
    static func child(_ shape: HostileShape, size: Int, configPath: String) async throws {
        let settings = try await SettingsLoader.load(path: configPath)
        let pipeline = GatewayAssembly.pipeline(settings)
        let bytes = shape.mail(size: size)
        // The peak from here on is the pipeline's (plus the input it is given), not the builder's.
        resetPeakRSS()
        if ProcessInfo.processInfo.environment["EST_BENCH_DEBUG"] != nil {
            FileHandle.standardError.write(Data("rss before evaluate: \(peakRSSMegabytes()) MB\n".utf8))
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = pipeline.evaluate(bytes, receivedAt: Date(timeIntervalSince1970: 1_536_040_800))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let r = outcome.result
        print(
            "\(bytes.count) \(r.status.rawValue)\(r.reason.map { "/" + $0 } ?? "") \(r.incidents.count) \(r.errors.count) \(r.warnings.count) \(String(format: "%.4f", seconds)) \(String(format: "%.1f", peakRSSMegabytes()))"
        )
    }

    /// Writing "5" to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return -1 }
        return kb / 1024
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? " " + self : String(repeating: " ", count: n - count) + self }
}
