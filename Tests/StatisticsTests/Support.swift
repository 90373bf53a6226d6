import Foundation
import MailServerHarness

/// What the simulations draw from the shared seeded generator.
extension SplitMix64 {
    /// Uniform in [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Poisson(λ) by inversion (sequential search from 0); fine for the small rates simulated here.
    mutating func poisson(_ lambda: Double) -> Int {
        let u = uniform()
        var x = 0
        var p = exp(-lambda)
        var cumulative = p
        while u >= cumulative && x < 10_000 {
            x += 1
            p *= lambda / Double(x)
            cumulative += p
        }
        return x
    }
}

enum Python {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `python3 -c script` with `input` on stdin and returns stdout.
    static func run(_ script: String, input: String) throws -> String {
        let python = try Subprocess.run("/usr/bin/env", ["python3", "-c", script], stdin: Array(input.utf8))
        guard python.status == 0 else {
            throw Failure(description: "python3 failed (\(python.status)): \(python.stderr)")
        }
        return python.stdout
    }
}
