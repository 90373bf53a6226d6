/// UID sets for commands: sorted, deduplicated, runs collapsed ("1:5,7,9:10").
public enum UIDSet {
    public static func string(_ uids: [UInt32]) -> String {
        let sorted = Set(uids).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i]):\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
