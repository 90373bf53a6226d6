/// Tiny bar charts for the digest.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// A week without a value: not the lowest bar, which would read as a low value.
    static let gap: Character = "·"

    /// ▁▂▃▄▅▆▇█ scaled to the maximum: bar number ⌈7·v/max⌉, so 0 (and negatives) → ▁, the maximum → █, and any
    /// positive count at least ▂ so that "a few" never looks like "none". All zero → all ▁; empty → "".
    public static func render(_ values: [Int]) -> String {
        let top = values.max() ?? 0
        guard top > 0 else { return String(repeating: bars[0], count: values.count) }
        var out = ""
        for v in values {
            if v <= 0 {
                out.append(bars[0])
            } else {
                let level = (v * 7 + top - 1) / top  // ⌈7·v/max⌉ ∈ 1…7
                out.append(bars[min(7, max(1, level))])
            }
        }
        return out
    }

    /// ▁…█ on a fixed scale, for values that are not counts (a mean rating 1…5): the scale's ends are
    /// ▁ and █, a value between gets the nearest bar, so weeks and areas compare whatever the maximum;
    /// nil (no value that week) is `·`.
    public static func render(_ values: [Double?], scale: ClosedRange<Double>) -> String {
        let span = scale.upperBound - scale.lowerBound
        return String(
            values.map { value -> Character in
                guard let value else { return gap }
                guard span > 0 else { return bars[0] }
                let level = ((value - scale.lowerBound) / span * 7).rounded()
                return bars[Int(min(7, max(0, level)))]
            })
    }
}
