import Domain

/// Recognising the command lines of corrections and withdrawals (report-format.md, "Corrections and
/// withdrawals"): `Rätta EST-2018-000123`, `Återkalla EST-2018-000123` and its synonyms, or the bare
/// verb in a reply to an acknowledgment.
enum CommandLines {
    enum Verb: Sendable, Hashable {
        case correct, withdraw
    }

    struct Match: Sendable, Hashable {
        var verb: Verb
        /// Normalised references (`EST-2018-000123`); empty for the bare verb.
        var references: [String]
    }

    /// Folded verbs. `Ändra` and `Korrigera` are what people write when they mean `Rätta`; English
    /// for the English templates' readers.
    static let verbs: [(words: [UInt8], verb: Verb)] = {
        let pairs: [(String, Verb)] = [
            ("ratta", .correct), ("rattelse", .correct), ("korrigera", .correct), ("korrigering", .correct),
            ("andra", .correct), ("correct", .correct), ("correction", .correct),
            ("aterkalla", .withdraw), ("angra", .withdraw), ("ta bort", .withdraw), ("stryk", .withdraw),
            ("withdraw", .withdraw), ("retract", .withdraw),
        ]
        return pairs.map { (Array($0.0.utf8), $0.1) }
    }()

    /// A command line is short: a verb, a few references and punctuation. Longer lines are prose.
    static let maxLineBytes = 200

    /// Reads a line that is only a verb, optionally followed by `:` and one or more references
    /// separated by `,`, `;`, `och`/`and` or spaces. Prose ("Jag vill ändra …") is not a command.
    static func match(_ line: Substring) -> Match? {
        let t = Text.trim(line)
        guard !t.isEmpty, t.utf8.count <= maxLineBytes, let first = t.utf8.first,
            first >= 0x80 || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) || first == 0x2A
        else { return nil }
        var folded = Array(Text.fold(t).utf8)
        // Bold markers from rich-text clients: `**Rätta** EST-…`.
        folded.removeAll { $0 == 0x2A }
        guard let (verb, length) = verbPrefix(folded) else { return nil }
        var rest = folded[length...]
        while let b = rest.first, b == 0x20 || b == 0x3A || b == 0x2D || b == 0x2E || b == 0x21 { rest = rest.dropFirst() }
        var references: [String] = []
        var words: [[UInt8]] = []
        var word: [UInt8] = []
        for b in rest {
            if b == 0x20 || b == 0x2C || b == 0x3B || b == 0x2E || b == 0x21 || b == 0x3A {
                if !word.isEmpty { words.append(word); word = [] }
            } else {
                word.append(b)
            }
        }
        if !word.isEmpty { words.append(word) }
        for w in words {
            if w == Array("och".utf8) || w == Array("and".utf8) || w == Array("nr".utf8) { continue }
            guard let reference = IncidentReference.normalise(String(decoding: w, as: UTF8.self)) else { return nil }
            if !references.contains(reference) { references.append(reference) }
        }
        return Match(verb: verb, references: references)
    }

    /// The verb the folded line starts with, followed by the end of the line or a non-letter.
    private static func verbPrefix(_ folded: [UInt8]) -> (Verb, Int)? {
        var best: (Verb, Int)? = nil
        for (words, verb) in verbs where folded.count >= words.count && folded.starts(with: words) {
            if folded.count > words.count {
                let n = folded[words.count]
                if (n >= 0x61 && n <= 0x7A) || (n >= 0x30 && n <= 0x39) || n >= 0x80 { continue }
            }
            if best == nil || words.count > best!.1 { best = (verb, words.count) }
        }
        return best
    }
}
