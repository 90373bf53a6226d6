/// Tiny bar charts for the digest.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

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
}
