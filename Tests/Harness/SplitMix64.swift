/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fully deterministic generator for test data, the
/// simulations and the benchmark corpus. Tests assert on figures drawn from fixed seeds, so the
/// arithmetic here must never change: a different sequence changes what they expect.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In 0..<bound by plain remainder: slightly biased, but what the seeded data was made with
    /// (`Int.random(in:using:)` would draw other numbers from the same seed).
    public mutating func next(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
