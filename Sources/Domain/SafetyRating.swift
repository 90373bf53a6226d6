/// A reporter's judgement of how safe one area felt (report-format.md v2, "Perceived safety"):
/// EST's outcome measure next to the incident counts, so it is kept per area, not per incident.
public struct SafetyRating: Sendable, Hashable, Codable {
    /// Area id from the configuration, e.g. `raby`.
    public var area: String
    /// 1 = mycket otryggt, 2 = otryggt, 3 = varken eller, 4 = tryggt, 5 = mycket tryggt.
    public var score: Int

    /// The scale the reporters answer on; anything else is not a score.
    public static let scale = 1...5

    public init(area: String, score: Int) {
        self.area = area
        self.score = score
    }
}
