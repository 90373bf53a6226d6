import Foundation

/// Ages as a person reads them in a status line: "42 s", "12 min", "5 h", "3 days".
public enum AgeText {
    public static func format(_ seconds: TimeInterval) -> String {
        let s = Int(max(seconds, 0))
        if s < 120 { return "\(s) s" }
        if s < 7200 { return "\(s / 60) min" }
        if s < 172_800 { return "\(s / 3600) h" }
        return "\(s / 86_400) days"
    }
}
