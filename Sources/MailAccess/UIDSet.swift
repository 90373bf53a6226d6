/// UID sets for commands: sorted, deduplicated, runs collapsed ("1:5,7,9:10").
public enum UIDSet {
    public static func string(_ uids: [UInt32]) -> String {
        parts(uids).joined(separator: ",")
    }

    /// The set split into commands whose set is at most `maxLength` characters: servers bound a
    /// command line (Dovecot: 64 kB), and scattered UIDs do not collapse into ranges.
    public static func chunks(_ uids: [UInt32], maxLength: Int = 8_000) -> [String] {
        var chunks: [String] = []
        var current = ""
        for part in parts(uids) {
            if !current.isEmpty && current.utf8.count + 1 + part.utf8.count > maxLength {
                chunks.append(current)
                current = ""
            }
            current += current.isEmpty ? part : "," + part
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    static func parts(_ uids: [UInt32]) -> [String] {
        let sorted = Set(uids).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i]):\(sorted[j])")
            i = j + 1
        }
        return parts
    }
}
