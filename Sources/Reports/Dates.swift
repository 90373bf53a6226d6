import Domain
import Foundation

/// Reading the Datum field and forward-header dates (report-format.md, "Dates").
enum DateReading {
    struct Read {
        var date: LocalDate
        /// Folded text after the date (`igår kväll` → `kvall`), for the time reader; nil when none.
        var remainder: String?
    }

    struct Tok {
        enum Kind { case num, word, sym }
        var kind: Kind
        var text: Substring
        var value: Int
        var start: String.Index
        var end: String.Index
        var spaceBefore: Bool
    }

    static func tokenize(_ s: String) -> [Tok] {
        var toks: [Tok] = []
        let u = s.utf8
        var i = u.startIndex
        var space = false
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) }
        @inline(__always) func scalarLength(_ b: UInt8) -> Int { b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2 }
        while i < u.endIndex {
            let b = u[i]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { space = true; i = u.index(after: i); continue }
            if isDigit(b) {
                var j = i
                var v = 0
                while j < u.endIndex, isDigit(u[j]) {
                    if v < 100_000_000_000 { v = v * 10 + Int(u[j] - 48) }
                    j = u.index(after: j)
                }
                toks.append(Tok(kind: .num, text: s[i..<j], value: v, start: i, end: j, spaceBefore: space))
                i = j
            } else if isLetter(b) || (b >= 0xC3 && b != 0xE2) {
                // Letters: ASCII, and non-ASCII except General Punctuation (E2 …) and Latin-1 symbols (C2 …).
                var j = i
                while j < u.endIndex {
                    let c = u[j]
                    if isLetter(c) { j = u.index(after: j); continue }
                    if c >= 0xC3 && c != 0xE2 {
                        j = u.index(j, offsetBy: min(scalarLength(c), u.distance(from: j, to: u.endIndex))); continue
                    }
                    break
                }
                toks.append(Tok(kind: .word, text: s[i..<j], value: 0, start: i, end: j, spaceBefore: space))
                i = j
            } else {
                let j = u.index(i, offsetBy: min(scalarLength(b), u.distance(from: i, to: u.endIndex)))
                toks.append(Tok(kind: .sym, text: s[i..<j], value: 0, start: i, end: j, spaceBefore: space))
                i = j
            }
            space = false
        }
        return toks
    }

    static let months: [String: Int] = [
        "jan": 1, "januari": 1, "january": 1, "feb": 2, "febr": 2, "februari": 2, "february": 2,
        "mar": 3, "mars": 3, "march": 3, "apr": 4, "april": 4, "maj": 5, "may": 5,
        "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "aug": 8, "augusti": 8, "august": 8,
        "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10,
        "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// Weekday names (full and abbreviated, Swedish and English) → ISO weekday.
    static let weekdayWords: [String: Int] = [
        "mandag": 1, "tisdag": 2, "onsdag": 3, "torsdag": 4, "fredag": 5, "lordag": 6, "sondag": 7,
        "man": 1, "tis": 2, "ons": 3, "tor": 4, "tors": 4, "fre": 5, "lor": 6, "son": 7,
        "ma": 1, "ti": 2, "on": 3, "to": 4, "fr": 5, "lo": 6, "so": 7,
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
        "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
    ]

    static let fullWeekdays = ["mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"]
    static let englishWeekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    enum Relative { case offset(Int), onOrBefore(Int), strictlyBefore(Int) }

    /// Relative phrases, longest first.
    static let relativePhrases: [(String, Relative)] = {
        var list: [(String, Relative)] = [
            ("idag", .offset(0)), ("i dag", .offset(0)), ("today", .offset(0)),
            ("igar", .offset(-1)), ("i gar", .offset(-1)), ("yesterday", .offset(-1)),
            ("i forrgar", .offset(-2)), ("iforrgar", .offset(-2)), ("forrgar", .offset(-2)),
            ("i forrgar", .offset(-2)), ("day before yesterday", .offset(-2)),
        ]
        for (n, w) in fullWeekdays.enumerated() {
            let d = n + 1
            list.append((w, .onOrBefore(d)))
            list.append(("i \(w)s", .strictlyBefore(d)))
            list.append(("i\(w)s", .strictlyBefore(d)))
            list.append(("forra \(w)en", .strictlyBefore(d)))
            list.append(("forra \(w)", .strictlyBefore(d)))
            list.append(("i \(w)s", .strictlyBefore(d)))
        }
        for (n, w) in englishWeekdays.enumerated() {
            list.append((w, .onOrBefore(n + 1)))
            list.append(("last \(w)", .strictlyBefore(n + 1)))
        }
        return list.sorted { $0.0.count > $1.0.count }
    }()

    static let relativeTable: [String: Relative] = {
        var d: [String: Relative] = [:]
        for (k, v) in relativePhrases where d[k] == nil { d[k] = v }
        return d
    }()

    static func apply(_ r: Relative, to ref: LocalDate) -> LocalDate {
        switch r {
        case .offset(let d): return ref.adding(days: d)
        case .onOrBefore(let w): return ref.adding(days: -((ref.weekday - w + 7) % 7))
        case .strictlyBefore(let w):
            let d = (ref.weekday - w + 7) % 7
            return ref.adding(days: -(d == 0 ? 7 : d))
        }
    }

    /// Normalises a folded value: dashes unified, parenthesised parts removed, `den` dropped.
    static func prepare(_ raw: Substring) -> String {
        var f = Text.plainDashes(Text.fold(raw))
        if let open = f.firstIndex(of: "("), let close = f[open...].firstIndex(of: ")") {
            f = Text.trim(String(f[f.startIndex..<open]) + " " + String(f[f.index(after: close)...]))
            f = Text.fold(f)
        }
        while let l = f.last, l == "." || l == "," || l == "!" || l == ";" || l == "*" { f.removeLast() }
        f = Text.trim(f)
        if f.bytesStart(with: "den ") { f = String(f.dropFirst(4)) }
        return f
    }

    static func read(_ raw: Substring, reference: LocalDate) -> Read? {
        let f = prepare(raw)
        if f.isEmpty { return nil }
        if let r = readAbsolute(f, reference: reference) { return r }
        // The phrase is the first one to three words: look each up.
        let words = f.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        var k = min(3, words.count)
        while k >= 1 {
            var key = words[0..<k].joined(separator: " ")
            while let l = key.last, l == "," || l == "." || l == ":" { key.removeLast() }
            if let rel = relativeTable[key] {
                let rest = k < words.count ? Text.trim(Substring(words[k...].joined(separator: " "))) : ""
                var rem = rest
                while let c = rem.first, c == "," || c == "." || c == "-" { rem = Text.trim(rem.dropFirst()) }
                return Read(date: apply(rel, to: reference), remainder: rem.isEmpty ? nil : String(rem))
            }
            k -= 1
        }
        return nil
    }

    /// Numeric and month-name dates, with an optional weekday in front.
    static func readAbsolute(_ f: String, reference: LocalDate) -> Read? {
        let t = tokenize(f)
        if t.isEmpty { return nil }
        var p = 0
        // `måndag 3/9`, `mån, 3 sep.`, `måndag den 3 september`
        if t[p].kind == .word, weekdayWords[String(t[p].text)] != nil, t.count > p + 1 {
            p += 1
            while p < t.count, t[p].kind == .sym, t[p].text == "," || t[p].text == "." { p += 1 }
            if p < t.count, t[p].kind == .word, t[p].text == "den" { p += 1 }
        }
        guard p < t.count, let (ymd, end) = readPattern(t, p) else { return nil }
        guard let date = resolve(ymd, reference: reference) else { return nil }
        if end >= t.count { return Read(date: date, remainder: nil) }
        var rem = Text.trim(f[t[end].start...])
        while let c = rem.first, c == "," || c == "-" { rem = Text.trim(rem.dropFirst()) }
        return Read(date: date, remainder: rem.isEmpty ? nil : String(rem))
    }

    /// (year or nil, month, day) and the index after the date.
    static func readPattern(_ t: [Tok], _ p: Int) -> ((Int?, Int, Int), Int)? {
        func num(_ i: Int, _ digits: ClosedRange<Int>) -> Int? {
            guard i < t.count, t[i].kind == .num, digits.contains(t[i].text.count) else { return nil }
            return t[i].value
        }
        func sym(_ i: Int, _ set: Set<String>) -> Bool {
            i < t.count && t[i].kind == .sym && set.contains(String(t[i].text)) && !t[i].spaceBefore
        }
        func word(_ i: Int) -> String? { i < t.count && t[i].kind == .word ? String(t[i].text) : nil }
        /// A number followed by `:` or `.` and two digits is a clock time, not a year.
        func isTime(_ i: Int) -> Bool {
            i + 2 < t.count && (t[i + 1].text == ":" || t[i + 1].text == ".") && t[i + 2].kind == .num && t[i + 2].text.count == 2
                && !t[i + 1].spaceBefore
        }

        // ISO 2018-09-03, 2018/09/03, 2018.09.03
        if let y = num(p, 4...4), sym(p + 1, ["-", "/", "."]), let m = num(p + 2, 1...2),
            sym(p + 3, [String(t[p + 1].text)]), let d = num(p + 4, 1...2)
        {
            return ((y, m, d), p + 5)
        }
        // 20180903, 180903
        if let v = num(p, 8...8), !sym(p + 1, ["/", ".", "-", ":"]) {
            return ((v / 10000, (v / 100) % 100, v % 100), p + 1)
        }
        if let v = num(p, 6...6), !sym(p + 1, ["/", ".", "-", ":"]) {
            return ((2000 + v / 10000, (v / 100) % 100, v % 100), p + 1)
        }
        // 3/9, 3/9 2018, 3/9-18, 03.09.2018, 3.9.18, 3-9-2018
        if let d = num(p, 1...2) {
            if sym(p + 1, ["/", "."]), let m = num(p + 2, 1...2) {
                let sep = String(t[p + 1].text)
                if sym(p + 3, [sep, "-", "/", "."]), let y = num(p + 4, 2...2) ?? num(p + 4, 4...4), !isTime(p + 4) {
                    return ((y < 100 ? 2000 + y : y, m, d), p + 5)
                }
                if p + 4 < t.count, t[p + 3].kind == .sym, t[p + 3].text == "-", t[p + 3].spaceBefore,
                    let y = num(p + 4, 2...2) ?? num(p + 4, 4...4), !t[p + 4].spaceBefore
                {
                    return ((y < 100 ? 2000 + y : y, m, d), p + 5)  // 3/9 -18
                }
                if let y = num(p + 3, 4...4), t[p + 3].spaceBefore, !isTime(p + 3) {
                    return ((y, m, d), p + 4)
                }
                // A bare `21.30` is a time, not 21 March: require the dot form to be a plausible date.
                if sep == "." && t[p + 2].text.count == 2 && d > 12 && !(1...12).contains(m) { return nil }
                return ((nil, m, d), p + 3)
            }
            if sym(p + 1, ["-"]), let m = num(p + 2, 1...2), sym(p + 3, ["-"]), let y = num(p + 4, 4...4) {
                return ((y, m, d), p + 5)
            }
            // 3 sep, 3:e september 2018, 3 sept. 2018
            var q = p + 1
            if sym(q, [":"]), let w = word(q + 1), ["e", "a"].contains(w) {
                q += 2
            } else if let w = word(q), ["e", "a", "st", "nd", "rd", "th"].contains(w), !t[q].spaceBefore {
                q += 1
            } else if sym(q, ["."]) {
                q += 1
            }
            if let w = word(q), let m = months[w] {
                q += 1
                if q < t.count, t[q].kind == .sym, t[q].text == "." { q += 1 }
                if q < t.count, t[q].kind == .sym, t[q].text == "," { q += 1 }
                if let y = num(q, 4...4), !isTime(q) { return ((y, m, d), q + 1) }
                if q + 1 < t.count, t[q].kind == .sym, t[q].text == "-", let y = num(q + 1, 2...2) {
                    return ((2000 + y, m, d), q + 2)
                }
                return ((nil, m, d), q)
            }
        }
        // September 3, 2018 / Sep 3
        if let w = word(p), let m = months[w] {
            var q = p + 1
            if sym(q, ["."]) { q += 1 }
            if let d = num(q, 1...2), !isTime(q) {
                q += 1
                if let w2 = word(q), ["st", "nd", "rd", "th", "e"].contains(w2) { q += 1 }
                if q < t.count, t[q].kind == .sym, t[q].text == "," { q += 1 }
                if let y = num(q, 4...4), !isTime(q) { return ((y, m, d), q + 1) }
                return ((nil, m, d), q)
            }
        }
        return nil
    }

    /// Validates and, without a year, takes the year that puts the date on or before the reference.
    static func resolve(_ ymd: (Int?, Int, Int), reference: LocalDate) -> LocalDate? {
        let (y, m, d) = ymd
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        if let y {
            guard y >= 1900 && y <= 2200 else { return nil }
            return LocalDate(validYear: y, month: m, day: d)
        }
        var year = reference.year
        for _ in 0..<9 {
            if let date = LocalDate(validYear: year, month: m, day: d), date <= reference { return date }
            year -= 1
        }
        return nil
    }

    /// The local date of an instant (same as `LocalDate(_:in:)`, without building a Calendar).
    static func localDate(_ instant: Date, _ timeZone: TimeZone) -> LocalDate {
        let t = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        return LocalDate(dayNumber: Int((t / 86400).rounded(.down)))
    }

    /// A forwarded message's Date/Datum/Skickat/Sent value → its local date (converted to `timeZone`
    /// when the value carries a UTC offset).
    static func headerDate(_ raw: Substring, reference: LocalDate, timeZone: TimeZone) -> LocalDate? {
        var f = prepare(raw)
        // `Mon, 3 Sep 2018 at 21:10`: drop a leading weekday and its comma.
        let t0 = tokenize(f)
        if let first = t0.first, first.kind == .word, weekdayWords[String(first.text)] != nil, t0.count > 1 {
            f = Text.trim(String(f[t0[1].start...]))
            while let c = f.first, c == "," || c == "." { f = Text.trim(String(f.dropFirst())) }
            if f.bytesStart(with: "den ") { f = String(f.dropFirst(4)) }
        }
        guard let r = readAbsolute(f, reference: reference) else { return nil }
        guard let rem = r.remainder else { return r.date }
        // Time and zone: `kl 21:10`, `at 9:10 PM`, `21:10:00 +0200`, `CEST`.
        let t = tokenize(rem)
        var hour: Int? = nil, minute = 0
        var offset: Int? = nil
        var i = 0
        while i < t.count {
            let k = t[i]
            if k.kind == .num, hour == nil, k.text.count <= 2, i + 2 < t.count, t[i + 1].text == ":" || t[i + 1].text == ".",
                t[i + 2].kind == .num
            {
                hour = k.value; minute = t[i + 2].value
                i += 3
                if i + 1 < t.count, t[i].text == ":", t[i + 1].kind == .num { i += 2 }
                continue
            }
            if k.kind == .word, let h = hour {
                if k.text == "pm" || k.text == "em" {
                    if h < 12 { hour = h + 12 }
                } else if k.text == "am" || k.text == "fm" {
                    if h == 12 { hour = 0 }
                } else if k.text == "gmt" || k.text == "utc" || k.text == "z" {
                    offset = offset ?? 0
                } else if k.text == "cest" {
                    offset = 120
                } else if k.text == "cet" {
                    offset = 60
                }
            }
            if k.kind == .sym, k.text == "+" || k.text == "-", i + 1 < t.count, t[i + 1].kind == .num, t[i + 1].text.count == 4 {
                let v = t[i + 1].value
                let mins = (v / 100) * 60 + v % 100
                offset = k.text == "-" ? -mins : mins
                i += 2
                continue
            }
            i += 1
        }
        guard let h = hour, let off = offset, (0...23).contains(h), (0...59).contains(minute) else { return r.date }
        let seconds = Double(r.date.dayNumber) * 86400 + Double(h * 3600 + minute * 60 - off * 60)
        return localDate(Date(timeIntervalSince1970: seconds), timeZone)
    }
}
