/// Recognising `Fält: värde` lines, block markers and separator lines.
enum FieldLines {
    /// Folded field names and synonyms (report-format.md, "Fields").
    static let names: [String: ReportField] = {
        var d: [String: ReportField] = [:]
        for (w, f) in written { d[Text.fold(w)] = f }
        d.merge(Safety.fieldNames.map { (Text.fold($0), ReportField.safety) }) { a, _ in a }
        return d
    }()

    /// Every field name and synonym as the spec writes it, for the names and for "did you mean".
    static let written: [(String, ReportField)] = {
        var d: [(String, ReportField)] = []
        func add(_ f: ReportField, _ words: [String]) { for w in words { d.append((w, f)) } }
        add(.area, ["Område", "Områden", "Stadsdel", "Omr", "Omr.", "Bostadsområde", "Area"])
        add(.place, ["Plats", "Adress", "Var", "Gata", "Exakt plats", "Lokal", "Place", "Location"])
        add(.date, ["Datum", "Dag", "När", "Date"])
        add(.category, ["Kategori", "Kategorier", "Händelsetyp", "Typ", "Kat", "Kat.", "Vad", "Category", "Categories"])
        add(
            .description,
            ["Beskrivning", "Vad hände", "Vad hände?", "Händelseförlopp", "Fritext", "Kommentar", "Kommentarer", "Description"])
        add(.time, ["Tid", "Kl", "Kl.", "Klockan", "Tidpunkt", "Tid på dygnet", "Time"])
        add(.placeType, ["Platstyp", "Typ av plats"])
        add(.persons, ["Antal personer", "Antal", "Ca antal", "Ca. antal", "C:a antal", "Cirka antal", "Hur många", "Hur många?"])
        add(.severity, ["Bedömning", "Allvarlighetsgrad", "Påverkan på tryggheten"])
        add(.policeReported, ["Polisanmält", "Polisanmäld", "Anmält", "Polisanmälan"])
        add(.action, ["Åtgärd", "Åtgärder", "Vidtagen åtgärd", "Vidtagna åtgärder", "Åtgärdat"])
        add(.recurring, ["Återkommande", "Upprepat", "Har hänt förut", "Har hänt förut?"])
        add(.coordinates, ["Koordinater", "Position", "Koordinat"])
        add(.organisation, ["Organisation", "Verksamhet", "Avsändare"])
        return d
    }()

    /// Lines of one mail looked at by `nearMatch`.
    static let maxNearChecks = 64

    /// Folded names of four letters or more, with the name to suggest, for `nearMatch`.
    static let suggestable: [(folded: [UInt8], name: String, field: ReportField)] = written.compactMap { w, f in
        let k = Array(Text.fold(w).utf8)
        return k.count >= 4 && !w.contains(".") && !w.contains("?") ? (k, w, f) : nil
    }

    /// A label one or two typing mistakes from a field name (`Beskrivnig:`, `Omårde:`) and the name
    /// it was meant as. Only a colon-ended label of 4–24 letters is looked at, and only against
    /// names within two letters of its length, one mistake allowed below seven letters: the
    /// caller bounds how many lines ask (a line costs at most ~100 small edit distances).
    static func nearMatch(_ line: Substring) -> (match: Match, written: String, name: String)? {
        let u = line.utf8
        guard let first = u.first, first >= 0x80 || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else { return nil }
        guard let colon = u.prefix(26).firstIndex(of: 0x3A) else { return nil }
        let label = Text.trim(line[line.startIndex..<colon])
        guard label.utf8.count >= 4, label.utf8.allSatisfy({ $0 >= 0x80 || $0 == 0x20 || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }),
            let folded = Text.foldBytes(label), folded.count >= 4, folded.count <= 24
        else { return nil }
        let allowed = folded.count >= 7 ? 2 : 1
        var best: (distance: Int, name: String, field: ReportField)? = nil
        var tie = false
        for (k, name, field) in suggestable where abs(k.count - folded.count) <= allowed {
            let d = Text.editDistance(folded, k)
            guard d > 0, d <= allowed else { continue }
            if let b = best, d > b.distance { continue }
            if let b = best, d == b.distance { tie = tie || b.field != field; continue }
            best = (d, name, field)
            tie = false
        }
        guard let b = best, !tie else { return nil }
        let value = Text.trim(line[u.index(after: colon)...])
        return (Match(field: b.field, value: value), String(label), b.field.swedishName)
    }

    /// The longest field name is about 25 characters; a separator further out means prose.
    static let maxNameLength = 40

    struct Match {
        var field: ReportField
        var value: Substring
    }

    /// Reads a field line: name (any case, diacritics ignored, optional `*`), then `:`, `=` or ` - `.
    static func match(_ line: Substring) -> Match? {
        // `1. Område: Råby`, `2) Plats: …`: a numbered list of labels, as people number a template.
        if let first = line.utf8.first, first >= 0x31 && first <= 0x39 {
            let u = line.utf8
            var i = u.startIndex
            var digits = 0
            while i < u.endIndex, u[i] >= 0x30 && u[i] <= 0x39, digits < 3 { i = u.index(after: i); digits += 1 }
            guard digits <= 2, i < u.endIndex, u[i] == 0x2E || u[i] == 0x29 else { return nil }
            let next = u.index(after: i)
            guard next < u.endIndex, u[next] == 0x20 else { return nil }
            return match(Text.trim(line[next...]))
        }
        let u = line.utf8
        guard let first = u.first,
            first >= 0x80 || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) || first == 0x2A || first == 0x2D || first == 0x5F
        else { return nil }
        guard let (s, v) = separator(line) else { return nil }
        guard var name = Text.foldBytes(line[line.startIndex..<s]) ?? Array(Text.fold(line[line.startIndex..<s]).utf8) as [UInt8]?
        else { return nil }
        // Strip bullets and bold markers: `* Område*`, `• Område`, `**Område**`.
        var a = 0, z = name.count
        while a < z {
            let b = name[a]
            if b == 0x2A || b == 0x2D || b == 0x5F || b == 0x20 || b == 0x23 { a += 1; continue }
            if b == 0xE2, a + 2 < z, name[a + 1] == 0x80, name[a + 2] == 0xA2 || name[a + 2] == 0x93 { a += 3; continue }
            if b == 0xC2, a + 1 < z, name[a + 1] == 0xB7 { a += 2; continue }
            break
        }
        while z > a, name[z - 1] == 0x2A || name[z - 1] == 0x5F || name[z - 1] == 0x20 { z -= 1 }
        guard z > a else { return nil }
        if a > 0 || z < name.count { name = Array(name[a..<z]) }
        guard let field = lookup(name) ?? (Safety.namesArea(name) ? .safety : nil) else { return nil }
        var value = Text.trim(line[v...])
        while let f = value.utf8.first, f == 0x2A || f == 0x5F { value = Text.trim(value.dropFirst()) }
        return Match(field: field, value: value)
    }

    /// Where a field line's name ends and its value starts: at the first `:` or `=`, or at a dash with
    /// a space on both sides, within the first `maxNameLength + 20` bytes.
    static func separator(_ line: Substring) -> (nameEnd: String.Index, valueStart: String.Index)? {
        let u = line.utf8
        var i = u.startIndex
        var count = 0
        var sepStart: String.Index? = nil
        var valueStart: String.Index? = nil
        var prevSpace = false
        while i < u.endIndex, count <= maxNameLength + 20 {
            let b = u[i]
            if b == 0x3A || b == 0x3D {
                sepStart = i
                valueStart = u.index(after: i)
                break
            }
            if prevSpace && count > 1 {
                // ` - `, ` – `, ` — ` (or the dash at the end of the line)
                var dashEnd: String.Index? = nil
                if b == 0x2D {
                    dashEnd = u.index(after: i)
                } else if b == 0xE2 {
                    let j = u.index(after: i)
                    if j < u.endIndex, u[j] == 0x80 {
                        let k = u.index(after: j)
                        if k < u.endIndex, u[k] == 0x93 || u[k] == 0x94 { dashEnd = u.index(after: k) }
                    }
                }
                if let e = dashEnd, e == u.endIndex || u[e] == 0x20 {
                    sepStart = i
                    valueStart = e
                    break
                }
            }
            prevSpace = b == 0x20
            count += 1
            i = u.index(after: i)
        }
        guard let s = sepStart, let v = valueStart else { return nil }
        return (s, v)
    }

    /// Field names bucketed by their first folded byte.
    static let table: [[([UInt8], ReportField)]] = {
        var t = [[([UInt8], ReportField)]](repeating: [], count: 256)
        for (k, f) in names { let b = Array(k.utf8); t[Int(b[0])].append((b, f)) }
        return t
    }()

    @inline(__always) static func lookup(_ folded: [UInt8]) -> ReportField? {
        for (k, f) in table[Int(folded[0])] where k == folded { return f }
        return nil
    }

    /// `Händelse`, `Händelse 2`, `Incident 3:`, `Händelse nr 2 – klotter` start a new block.
    static let handelse = Array("handelse".utf8), incident = Array("incident".utf8)

    static func isIncidentMarker(_ line: Substring) -> Bool {
        let t = line.trimmed
        guard let first = t.utf8.first, first | 0x20 == 0x68 || first | 0x20 == 0x69 || first == 0x2A || first == 0x23 else { return false }
        if first != 0x2A && first != 0x23 && !Text.foldedHasPrefix(t, handelse) && !Text.foldedHasPrefix(t, incident) { return false }
        if t.utf8.count > 120 { return false }
        var f = Text.fold(t)
        while f.bytesStart(with: "*") || f.bytesStart(with: "#") { f.removeFirst(); f = Text.trim(f) }
        var rest: Substring
        if f.bytesStart(with: "handelse") {
            rest = f.dropFirst(8)
        } else if f.bytesStart(with: "incident") {
            rest = f.dropFirst(8)
        } else {
            return false
        }
        rest = Text.trim(rest)
        while rest.last == "*" { rest = Text.trim(rest.dropLast()) }
        if rest.isEmpty { return true }
        if rest.first == ":" { return true }
        if rest.bytesStart(with: "nr.") {
            rest = Text.trim(rest.dropFirst(3))
        } else if rest.bytesStart(with: "nr ") {
            rest = Text.trim(rest.dropFirst(3))
        }
        if rest.first == "#" { rest = Text.trim(rest.dropFirst()) }
        guard let d = rest.first, d.isASCII, d.isNumber else { return false }
        rest = rest.drop(while: { $0.isASCII && $0.isNumber })
        rest = Text.trim(rest)
        // `Händelse 1 av 3`, `Incident 2 of 3`: as a form numbers its blocks.
        for of in ["av ", "of "] where rest.bytesStart(with: of) {
            let count = Text.trim(rest.dropFirst(3))
            let digits = count.prefix(while: { $0.isASCII && $0.isNumber })
            if !digits.isEmpty { rest = Text.trim(count.dropFirst(digits.count)) }
            break
        }
        if rest.isEmpty { return true }
        guard let n = rest.first else { return true }
        return n == ":" || n == "." || n == "-" || n == "–" || n == "—" || n == ")" || n == "*"
    }

    /// A line of three or more `-`, `=` or `_` (spaces allowed between them).
    static func isSeparator(_ line: Substring) -> Bool {
        var n = 0
        for c in line.unicodeScalars {
            switch c {
            case "-", "=", "_", "—", "–": n += 1
            case " ": continue
            default: return false
            }
        }
        return n >= 3
    }
}
