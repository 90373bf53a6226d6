/// A two-sided confidence interval. `upper` may be `.infinity` where the data set no upper bound (a rate ratio
/// with no events before); an infinite bound is a value, not a missing one, so comparisons such as `contains(1)`
/// need no special case. Not `Codable` on purpose: JSON has no infinity, and a JSON view should say what an
/// unbounded interval means rather than fail to encode.
public struct ConfidenceInterval: Sendable, Hashable {
    public let lower: Double
    public let upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
