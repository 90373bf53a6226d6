import Foundation
import MailServerHarness
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The one way the tests, the demo and the benchmarks start programs.
@Suite struct SubprocessTests {
    @Test func keepsStdoutAndStderrApartAndFeedsStdin() throws {
        let r = try Subprocess.run("/bin/sh", ["-c", "cat; echo to-err >&2; exit 3"], stdin: Array("fed\n".utf8))
        #expect(r.status == 3 && r.signal == nil)
        #expect(r.stdout == "fed\n")
        #expect(r.stderr == "to-err\n")
        #expect(r.output == "fed\nto-err\n")
    }

    @Test func stderrToStdoutKeepsTheOrderWritten() throws {
        let r = try Subprocess.run("/bin/sh", ["-c", "echo 1 >&2; echo 2; echo 3 >&2"], stderrToStdout: true)
        #expect(r.stdout == "1\n2\n3\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func aGivenEnvironmentIsTheWholeEnvironment() throws {
        let only = try Subprocess.run("/usr/bin/env", [], environment: ["EST_ONLY": "x"])
        #expect(only.stdout == "EST_ONLY=x\n")
        let inherited = try Subprocess.run("/usr/bin/env", [], environment: Subprocess.inheritedEnvironment(adding: ["EST_ADDED": "y"]))
        #expect(inherited.stdout.contains("EST_ADDED=y\n"))
        #expect(inherited.stdout.contains("PATH="))
    }

    @Test func aKilledChildReportsItsSignal() throws {
        let r = try Subprocess.run("/bin/sh", ["-c", "kill -9 $$"])
        #expect(r.signal == SIGKILL)
        #expect(r.status == 128 + SIGKILL)
    }

    /// Why this exists: a child of a thread that blocks SIGTERM must still be stoppable by it.
    @Test func childrenStartWithNoSignalsBlocked() throws {
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let r = try Subprocess.run("/bin/grep", ["^SigBlk:", "/proc/self/status"])
        #expect(r.stdout.hasPrefix("SigBlk:") && r.stdout.hasSuffix("0000000000000000\n"), "\(r.stdout)")
    }

    @Test func aStartedChildRunsUntilSignalled() throws {
        let log = NSTemporaryDirectory() + "est-subprocess-test-\(UUID().uuidString.prefix(8)).log"
        defer { unlink(log) }
        let child = try Subprocess.start("/bin/sh", ["-c", "echo started; exec sleep 30"], outputPath: log)
        let deadline = Date().addingTimeInterval(10)
        while (try? String(contentsOfFile: log, encoding: .utf8)) != "started\n" && Date() < deadline { usleep(10_000) }
        #expect(child.isRunning)
        child.kill(SIGTERM)
        #expect(child.wait() == Subprocess.Termination(status: 128 + SIGTERM, signal: SIGTERM))
        #expect(!child.isRunning)
        #expect(child.poll() == child.wait(), "the ending is remembered once the child is reaped")
    }
}
