import Domain

/// Reading a `Trygghet` line (report-format.md v2, "Perceived safety"): its name, with the area it
/// may name (`Trygghet Råby`), and its value on the 1–5 scale. Which area a plain line means is
/// decided with the rest of the report (SafetyRatings.swift).
enum Safety {
    /// The field's names. `Trygghetsläget` and `Perceived safety` are not in the spec but are what
    /// people write next to `Trygghetsläge` and `Safety`.
    static let fieldNames = ["Trygghet", "Upplevd trygghet", "Trygghetsläge", "Trygghetsläget", "Safety", "Perceived safety"]

    /// Folded names as words, the two-word ones first: `Upplevd trygghet Råby` is not `Upplevd` + area.
    static let foldedNames: [[String]] = fieldNames.map { Text.fold($0).split(separator: " ").map(String.init) }
        .sorted { $0.count > $1.count }

    /// `Trygghet Råby centrum` names an area in at most three words; more is a sentence that happens
    /// to start with "Trygghet" and have a colon ("Trygghet är viktigt för oss: …"), not a field.
    static let maxAreaWords = 3

    /// `Trygghet i Råby`, `Trygghet för Råby`.
    static let prepositions: Set<String> = ["i", "pa", "for", "in", "at", "of"]

    /// Words that make `Trygghet …:` the start of a sentence ("Trygghet och trivsel: …", "Trygghet är …").
    static let proseWords: Set<String> = ["och", "and", "ar", "is", "har", "kan", "maste", "blir"]

    /// Words after the name that mean the report's own area, so the line is a plain one.
    static let generalWords: Set<String> = [
        "omradet", "hela omradet", "stadsdelen", "bostadsomradet", "generellt", "totalt", "allmant", "overall",
        "denna vecka", "den har veckan", "veckan", "this week", "the area",
    ]

    enum Name: Equatable {
        /// `Trygghet:`: the report's area, when that is unambiguous.
        case plain
        /// `Trygghet Råby:`: the area as written (looked up in the catalog later).
        case area(Substring)
    }

    /// A Trygghet field name as a line starts with it (up to its separator); nil for any other name.
    static func name(_ raw: Substring) -> Name? {
        let t = withoutMarkers(raw)
        let words = t.split(separator: " ")
        // Each word folded once, not once per name compared.
        guard let w0 = words.first.map(Text.fold) else { return nil }
        let w1 = words.count > 1 ? Text.fold(words[1]) : nil
        for name in foldedNames where name[0] == w0 && (name.count == 1 || name[1] == w1) {
            var rest = words.dropFirst(name.count)
            if let p = rest.first.map(Text.fold) {
                if proseWords.contains(p) { return nil }
                if prepositions.contains(p) { rest = rest.dropFirst() }
            }
            guard let first = rest.first, let last = rest.last else { return .plain }
            guard rest.count <= maxAreaWords else { return nil }
            let area = withoutPunctuation(t[first.startIndex..<last.endIndex])
            let key = Text.words(Text.fold(area))
            // `Trygghet (1-5)`, `Trygghet i området`, `Trygghet v.36` say nothing about which area.
            if !key.utf8.contains(where: { ($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0x80 }) || generalWords.contains(key) || isWeek(key) {
                return .plain
            }
            return .area(area)
        }
        return nil
    }

    /// The name of a field line (`FieldLines.match` has found it to be a Trygghet line).
    static func name(ofLine line: Substring) -> Name? {
        guard let s = FieldLines.separator(line) else { return nil }
        return name(line[line.startIndex..<s.nameEnd])
    }

    /// Whether a folded field name that is no table entry is a Trygghet name with words after it
    /// (`trygghet raby`), by the word rules of `name`: on the bytes `FieldLines.match` has already
    /// folded, so an ordinary line costs a few byte compares and a Trygghet line is parsed once, later.
    static func namesArea(_ folded: [UInt8]) -> Bool {
        guard let b = folded.first, b == 0x74 || b == 0x75 || b == 0x73 || b == 0x70 else { return false }
        for p in areaPrefixes where folded.count > p.count && folded.starts(with: p) {
            var words = folded[p.count...].split(separator: 0x20)
            guard let first = words.first else { return false }
            if proseBytes.contains(where: { $0.elementsEqual(first) }) { return false }
            if prepositionBytes.contains(where: { $0.elementsEqual(first) }) { words.removeFirst() }
            return words.count <= maxAreaWords
        }
        return false
    }

    static let areaPrefixes: [[UInt8]] = fieldNames.map { Array((Text.fold($0) + " ").utf8) }
    static let proseBytes: [[UInt8]] = proseWords.map { Array($0.utf8) }
    static let prepositionBytes: [[UInt8]] = prepositions.map { Array($0.utf8) }

    /// Bullets and bold markers around a name (`* Trygghet*`, `**Trygghet Råby**`), as `FieldLines.match` strips them.
    private static func withoutMarkers(_ s: Substring) -> Substring {
        var t = s
        while let c = t.first, leadingMarkers.contains(c) { t = t.dropFirst() }
        while let c = t.last, trailingMarkers.contains(c) { t = t.dropLast() }
        return t
    }

    private static let leadingMarkers: Set<Character> = ["*", "-", "_", " ", "#", "•", "–", "·"]
    private static let trailingMarkers: Set<Character> = ["*", "_", " "]

    /// `(Råby)`, `Råby,`: the area without what people put around it.
    private static func withoutPunctuation(_ s: Substring) -> Substring {
        var t = s
        while let c = t.first, aroundArea.contains(c) { t = t.dropFirst() }
        while let c = t.last, aroundArea.contains(c) { t = t.dropLast() }
        return t
    }

    private static let aroundArea: Set<Character> = ["(", ")", "[", "]", ",", ";", ".", "-", "–", "—", "\"", "'", "”", "“", " "]

    /// `v 36`, `v36`, `vecka 36`, `week 36`.
    private static func isWeek(_ key: String) -> Bool {
        let w = key.split(separator: " ")
        func digits(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if w.count == 2 { return ["v", "vecka", "week", "w"].contains(String(w[0])) && digits(w[1]) }
        if w.count == 1, let f = w[0].first, f == "v" || f == "w" { return digits(w[0].dropFirst()) }
        return false
    }

    // MARK: The value

    /// The scale's words, folded, as people write them (adjective forms and English too).
    static let scaleWords: [String: Int] = {
        var d: [String: Int] = [:]
        for w in ["mycket otryggt", "mycket otrygg", "valdigt otryggt", "valdigt otrygg", "mkt otryggt", "very unsafe"] { d[w] = 1 }
        for w in ["otryggt", "otrygg", "unsafe"] { d[w] = 2 }
        for w in [
            "varken eller", "varken tryggt eller otryggt", "varken trygg eller otrygg", "neutralt", "neutral", "neither",
            "neither safe nor unsafe",
        ] { d[w] = 3 }
        for w in ["tryggt", "trygg", "safe"] { d[w] = 4 }
        for w in ["mycket tryggt", "mycket trygg", "valdigt tryggt", "valdigt trygg", "mkt tryggt", "very safe"] { d[w] = 5 }
        return d
    }()

    static let longestScalePhrase = 4

    /// Reads `3`, `3 (varken eller)`, `3/5`, `3 av 5`, `tryggt`, `Mycket otryggt`; a remark may follow
    /// (`3, lugn vecka`). Nil for anything off the scale: `0`, `6`, `2.5`, `3-4`, `5 av 10`, and a
    /// number whose word says otherwise (`3 (tryggt)`: which one did the reporter mean?).
    static func score(_ raw: some StringProtocol) -> Int? {
        guard raw.utf8.count <= ReportLimits.maxStructuredBytes else { return nil }
        let f = Array(Text.fold(raw).utf8)
        func isDigit(_ i: Int) -> Bool { i < f.count && f[i] >= 0x30 && f[i] <= 0x39 }
        var number: Int? = nil
        var rest = 0
        if isDigit(0) {
            guard !isDigit(1), SafetyRating.scale.contains(Int(f[0]) - 0x30) else { return nil }
            // `2.5`, `2,5`: between two steps is not a step.
            if f.count > 2, f[1] == 0x2E || f[1] == 0x2C, isDigit(2) { return nil }
            number = Int(f[0]) - 0x30
            rest = afterOutOfFive(f, from: 1)
        }
        let words = Text.wordList(String(decoding: f[rest...], as: UTF8.self))
        var said: Int? = nil
        var used = 0
        for k in stride(from: min(longestScalePhrase, words.count), through: 1, by: -1) {
            if let s = scaleWords[words[0..<k].joined(separator: " ")] { said = s; used = k; break }
        }
        if let n = number, let s = said, n != s { return nil }
        guard let score = number ?? said else { return nil }
        // Any further number makes it a range or another scale: `3-4`, `3 eller 4`, `5 av 10`.
        // Only the word form may repeat its own number: `tryggt (4)`.
        var repeated = number != nil
        for w in words.dropFirst(used) where w.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            guard !repeated, w == "\(score)" else { return nil }
            repeated = true
        }
        return score
    }

    /// Past `/5`, `/ 5`, `av 5`, `of 5` after the number at `from`; `from` itself when none follows.
    private static func afterOutOfFive(_ f: [UInt8], from: Int) -> Int {
        var i = from
        func spaces() { while i < f.count, f[i] == 0x20 { i += 1 } }
        spaces()
        if i < f.count, f[i] == 0x2F {
            i += 1
        } else if i + 2 < f.count, (f[i] == 0x61 && f[i + 1] == 0x76) || (f[i] == 0x6F && f[i + 1] == 0x66), f[i + 2] == 0x20 {
            i += 3
        } else {
            return from
        }
        spaces()
        guard i < f.count, f[i] == 0x35, i + 1 == f.count || !(f[i + 1] >= 0x30 && f[i + 1] <= 0x39) else { return from }
        return i + 1
    }
}
