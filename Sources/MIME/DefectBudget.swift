/// The defects of one parse, embedded messages included, held to `limit`: a message of ten
/// thousand broken parts costs fifty entries and a marker, not ten thousand entries.
struct DefectBudget {
    static let limit = 50
    private var recorded = 0
    private var overflowed = false

    /// Adds `defect` to a part's list unless the part already has it (one broken base64 body
    /// is one defect, however many bad characters it holds).
    mutating func record(_ defect: Defect, in list: inout [Defect]) {
        guard !list.contains(defect) else { return }
        guard recorded < Self.limit else {
            overflowed = true
            return
        }
        list.append(defect)
        recorded += 1
    }

    mutating func record(_ defects: [Defect], in list: inout [Defect]) {
        for d in defects { record(d, in: &list) }
    }

    /// The marker the root part gets once the bound was reached.
    var overflow: Defect? { overflowed ? .tooManyDefects : nil }
}
