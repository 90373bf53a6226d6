import Foundation

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 failed (\(process.terminationStatus)): "
                + (String(data: err, encoding: .utf8) ?? ""))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
