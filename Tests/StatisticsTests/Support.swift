import Foundation
import MailServerHarness

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fully deterministic generator for the simulations.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
