/// Recognising `Fält: värde` lines, block markers and separator lines.
enum FieldLines {
    /// Folded field names and synonyms (report-format.md, "Fields").
    static let names: [String: ReportField] = {
        var d: [String: ReportField] = [:]
        func add(_ f: ReportField, _ words: [String]) { for w in words { d[Text.fold(w)] = f } }
        add(.area, ["Område", "Områden", "Stadsdel", "Omr", "Omr.", "Bostadsområde", "Area"])
        add(.place, ["Plats", "Adress", "Var", "Gata", "Exakt plats", "Lokal", "Place", "Location"])
        add(.date, ["Datum", "Dag", "När", "Date"])
        add(.category, ["Kategori", "Kategorier", "Händelsetyp", "Typ", "Kat", "Kat.", "Vad", "Category", "Categories"])
        add(.description, ["Beskrivning", "Vad hände", "Vad hände?", "Händelseförlopp", "Fritext", "Kommentar", "Kommentarer", "Description"])
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

    /// The longest field name is about 25 characters; a separator further out means prose.
    static let maxNameLength = 40

    struct Match {
        var field: ReportField
        var value: Substring
    }

    /// Reads a field line: name (any case, diacritics ignored, optional `*`), then `:`, `=` or ` - `.
    static func match(_ line: Substring) -> Match? {
        let chars = line.unicodeScalars
        var i = chars.startIndex
        var count = 0
        var sepStart: String.Index? = nil
        var valueStart: String.Index? = nil
        var prevSpace = false
        while i < chars.endIndex, count <= maxNameLength {
            let c = chars[i]
            if c == ":" || c == "=" {
                sepStart = i
                valueStart = chars.index(after: i)
                break
            }
            if (c == "-" || c == "–" || c == "—") && prevSpace && count > 1 {
                let n = chars.index(after: i)
                if n == chars.endIndex || chars[n] == " " {
                    sepStart = i
                    valueStart = n
                    break
                }
            }
            if c == "\n" { return nil }
            prevSpace = c == " "
            count += 1
            i = chars.index(after: i)
        }
        guard let s = sepStart, let v = valueStart else { return nil }
        // The name: strip bullets and bold markers.
        var name = line[line.startIndex..<s]
        name = Text.trim(name)
        while let f = name.first, f == "*" || f == "•" || f == "·" || f == "-" || f == "–" || f == "_" {
            name = Text.trim(name.dropFirst())
        }
        while let l = name.last, l == "*" || l == "_" {
            name = Text.trim(name.dropLast())
        }
        if name.isEmpty { return nil }
        guard let field = names[Text.fold(name)] else { return nil }
        var value = Text.trim(line[v...])
        while let f = value.first, f == "*" || f == "_" { value = Text.trim(value.dropFirst()) }
        return Match(field: field, value: value)
    }

    /// `Händelse`, `Händelse 2`, `Incident 3:`, `Händelse nr 2 – klotter` start a new block.
    static func isIncidentMarker(_ line: Substring) -> Bool {
        let t = line.trimmed
        guard let first = t.first, first == "H" || first == "h" || first == "I" || first == "i" || first == "*" || first == "#" else { return false }
        if t.count > 80 { return false }
        var f = Text.fold(t)
        while f.hasPrefix("*") || f.hasPrefix("#") { f.removeFirst(); f = Text.trim(f) }
        var rest: Substring
        if f.hasPrefix("handelse") { rest = f.dropFirst(8) }
        else if f.hasPrefix("incident") { rest = f.dropFirst(8) }
        else { return false }
        rest = Text.trim(rest)
        while rest.last == "*" { rest = Text.trim(rest.dropLast()) }
        if rest.isEmpty { return true }
        if rest.first == ":" { return true }
        if rest.hasPrefix("nr.") { rest = Text.trim(rest.dropFirst(3)) }
        else if rest.hasPrefix("nr ") { rest = Text.trim(rest.dropFirst(3)) }
        if rest.first == "#" { rest = Text.trim(rest.dropFirst()) }
        guard let d = rest.first, d.isASCII, d.isNumber else { return false }
        rest = rest.drop(while: { $0.isASCII && $0.isNumber })
        rest = Text.trim(rest)
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
