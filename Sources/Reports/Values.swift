import Domain

/// Readers for the short structured fields.
enum Values {
    // MARK: Time

    enum TimeValue: Equatable {
        case clock(from: String, to: String?)
        case part(PartOfDay)
    }

    static let partWords: [String: PartOfDay] = [
        "natt": .natt, "natten": .natt, "nattetid": .natt, "inatt": .natt, "natt tid": .natt, "night": .natt,
        "morgon": .morgon, "morgonen": .morgon, "morgnar": .morgon, "morgontid": .morgon, "imorse": .morgon,
        "morse": .morgon, "morning": .morgon,
        "formiddag": .formiddag, "formiddagen": .formiddag, "fm": .formiddag, "formiddagstid": .formiddag,
        "forenoon": .formiddag, "late morning": .formiddag,
        "eftermiddag": .eftermiddag, "eftermiddagen": .eftermiddag, "em": .eftermiddag,
        "eftermiddagstid": .eftermiddag, "afternoon": .eftermiddag,
        "kvall": .kvall, "kvallen": .kvall, "kvallstid": .kvall, "ikvall": .kvall, "evening": .kvall,
        "dag": .dag, "dagen": .dag, "dagtid": .dag, "day": .dag, "daytime": .dag,
    ]

    static let timeFillers: Set<String> = [
        "pa", "under", "i", "sent", "sen", "sena", "tidig", "tidigt", "tidiga", "ca", "cirka", "ungefar", "runt",
        "omkring", "kl", "klockan", "at", "around", "about", "in", "the", "late", "early", "vid", "fran", "from",
        "mellan", "between", "approx", "efter", "after",
    ]

    static func readTime(_ raw: some StringProtocol) -> TimeValue? {
        var f = Text.plainDashes(Text.fold(raw))
        while let l = f.last, l == "." || l == "!" || l == "," || l == "*" { f.removeLast() }
        if f.isEmpty { return nil }
        // A part of the day: `kväll`, `på kvällen`, `sent på kvällen`, `em`.
        let words = Text.wordList(f).filter { !timeFillers.contains(String($0)) }
        if words.count == 1, !(words[0].first?.isNumber ?? true), let p = partWords[String(words[0])] {
            return .part(p)
        }
        if words.count == 2, let p = partWords[words.joined(separator: " ")] { return .part(p) }
        // `runt midnatt`, `vid midnatt`: the hour itself, not a part of the day (it ends kväll and starts natt).
        if words.count == 1, words[0] == "midnatt" || words[0] == "midnight" || words[0] == "midnattstid" {
            return .clock(from: "00:00", to: nil)
        }

        let t = DateReading.tokenize(f)
        var i = 0
        func skipFillers() {
            while i < t.count {
                if t[i].kind == .word, timeFillers.contains(String(t[i].text)) { i += 1; continue }
                if t[i].kind == .sym, t[i].text == "~" || t[i].text == "." && i > 0 && t[i - 1].kind == .word { i += 1; continue }
                break
            }
        }
        func clock() -> (Int, Int)? {
            guard i < t.count, t[i].kind == .num else { return nil }
            let n = t[i]
            var h: Int, m = 0
            if n.text.count <= 2 {
                h = n.value
                i += 1
                if i + 1 < t.count, t[i].kind == .sym, t[i].text == ":" || t[i].text == ".", !t[i].spaceBefore,
                    t[i + 1].kind == .num, t[i + 1].text.count == 2
                {
                    m = t[i + 1].value
                    i += 2
                    if i + 1 < t.count, t[i].text == ":", t[i + 1].kind == .num, t[i + 1].text.count == 2 { i += 2 }
                }
            } else if n.text.count <= 4 {
                h = n.value / 100
                m = n.value % 100
                i += 1
            } else {
                return nil
            }
            if i < t.count, t[i].kind == .word {
                switch t[i].text {
                case "pm": if h < 12 { h += 12 }; i += 1
                case "am": if h == 12 { h = 0 }; i += 1
                case "h", "00": i += 1
                default: break
                }
            }
            guard (0...24).contains(h), (0...59).contains(m), h < 24 || m == 0 else { return nil }
            return (h, m)
        }
        skipFillers()
        guard let a = clock() else { return nil }
        skipFillers()
        var b: (Int, Int)? = nil
        if i < t.count {
            let k = t[i]
            let isRangeWord = k.kind == .word && ["till", "to", "och", "and", "until"].contains(String(k.text))
            if (k.kind == .sym && k.text == "-") || isRangeWord {
                i += 1
                // `21-tiden`: about 21.
                if i < t.count, t[i].kind == .word, t[i].text == "tiden" {
                    i += 1
                } else {
                    skipFillers()
                    guard let c = clock() else { return nil }
                    b = c
                }
            }
        }
        // Trailing words like `ungefär`, `ca`, `tiden` are fine; anything else is not a time.
        while i < t.count {
            if t[i].kind == .word, ["ungefar", "ca", "cirka", "ish", "tiden", "circa", "approx"].contains(String(t[i].text)) {
                i += 1; continue
            }
            return nil
        }
        if a.0 == 24 && b == nil { return nil }
        return .clock(from: hhmm(a), to: b.map(hhmm))
    }

    /// `kväll eller natt`, `sen kväll/natt`: a time that stays ambiguous between parts of the day.
    static func namesSeveralParts(_ raw: some StringProtocol) -> Bool {
        guard raw.utf8.count <= ReportLimits.maxStructuredBytes else { return false }
        return Set(Text.wordList(Text.fold(raw)).compactMap { partWords[String($0)] }).count >= 2
    }

    static func hhmm(_ t: (Int, Int)) -> String { Text.twoDigits(t.0) + ":" + Text.twoDigits(t.1) }

    // MARK: Persons

    static let numberWords: [String: Int] = [
        "en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8, "nio": 9,
        "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50,
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    ]

    static let personsFillers: Set<String> = [
        "ca", "cirka", "ungefar", "runt", "omkring", "minst", "about", "approx", "around", "mellan", "between",
        "nagra", "kring", "drygt", "knappt", "over", "nastan", "typ",
    ]

    static func readPersons(_ raw: some StringProtocol) -> (Int, Int?)? {
        var f = Text.plainDashes(Text.fold(raw))
        let t = DateReading.tokenize(f)
        var i = 0
        func skip() {
            while i < t.count,
                (t[i].kind == .word && personsFillers.contains(String(t[i].text)))
                    || (t[i].kind == .sym && (t[i].text == "~" || t[i].text == "." || t[i].text == ">"))
            { i += 1 }
        }
        func number() -> Int? {
            guard i < t.count else { return nil }
            if t[i].kind == .num, t[i].text.count <= 5 { i += 1; return t[i - 1].value }
            if t[i].kind == .word, let v = numberWords[String(t[i].text)] { i += 1; return v }
            return nil
        }
        skip()
        guard let a = number() else { return nil }
        var b: Int? = a
        if i < t.count,
            (t[i].kind == .sym && t[i].text == "-") || (t[i].kind == .word && ["till", "och", "to", "and"].contains(String(t[i].text)))
        {
            i += 1
            skip()
            guard let c = number() else { return nil }
            b = c
        } else if i < t.count, t[i].kind == .sym, t[i].text == "+" {
            b = nil
            i += 1
        }
        // Trailing words (`personer`, `st`, `ungdomar`) are fine; more numbers are not.
        while i < t.count {
            if t[i].kind == .num { return nil }
            i += 1
        }
        if let b, b < a { return nil }
        return (a, b)
    }

    // MARK: Severity

    static func readSeverity(_ raw: some StringProtocol) -> Int? {
        let t = DateReading.tokenize(Text.fold(raw))
        guard let first = t.first else { return nil }
        if first.kind == .num { return (1...3).contains(first.value) && first.text.count == 1 ? first.value : nil }
        switch first.text {
        case "lag", "low", "lagt": return 1
        case "medel", "medium", "mellan", "medelhog": return 2
        case "hog", "high", "hogt": return 3
        default: return nil
        }
    }

    // MARK: Yes / no

    enum YesNo { case yes, no, unknown }

    static func readYesNo(_ raw: some StringProtocol) -> YesNo? {
        let w = Text.wordList(Text.fold(raw))
        guard let first = w.first else { return nil }
        switch first {
        case "ja", "j", "yes", "y", "japp", "jo": return .yes
        case "nej", "n", "no", "nope", "ej", "inte": return .no
        case "vet", "okant", "oklart", "unknown", "osaker", "dont", "not": return .unknown
        default: return nil
        }
    }

    // MARK: Coordinates

    enum CoordinateRead { case ok(Double, Double), unreadable, outOfRange }

    static func readCoordinates(_ raw: some StringProtocol) -> CoordinateRead {
        let s = Text.trim(String(raw))
        if let link = Coordinates.fromMapLink(Substring(s)) { return link }
        let decimal = readDecimalCoordinates(s)
        if case .unreadable = decimal, let degrees = Coordinates.fromDegrees(Substring(s)) { return degrees }
        return decimal
    }

    /// `59.6162, 16.5528`, `59,6162; 16,5528`, `59.6162 16.5528` (a trailing N/E allowed).
    private static func readDecimalCoordinates(_ s: String) -> CoordinateRead {
        var parts: [Substring]
        if s.contains(";") {
            parts = s.split(separator: ";")
        } else if s.contains(", ") {
            parts = s.components(separatedBy: ", ").map { Substring($0) }
        } else if s.contains(where: { $0 == " " }) {
            parts = s.split(separator: " ")
        } else if s.filter({ $0 == "," }).count == 1 {
            parts = s.split(separator: ",")
        } else {
            return .unreadable
        }
        parts = parts.map { Text.trim($0) }.filter { !$0.isEmpty }
        guard parts.count == 2 else { return .unreadable }
        func number(_ p: Substring) -> Double? {
            var t = String(p).replacingOccurrences(of: ",", with: ".")
            t = t.replacingOccurrences(of: "°", with: "")
            if let l = t.last, "NnEe".contains(l), t.count > 1 { t.removeLast() }
            if t.bytesStart(with: "+") { t.removeFirst() }
            guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }) else { return nil }
            return Double(t)
        }
        guard let lat = number(parts[0]), let lon = number(parts[1]), lat.isFinite, lon.isFinite else { return .unreadable }
        guard (-90...90).contains(lat), (-180...180).contains(lon) else { return .outOfRange }
        return .ok(lat, lon)
    }

    // MARK: Place types

    /// The list as written in the spec (the stored value).
    static let placeTypes = [
        "trapphus", "källare/förråd", "gård/lekplats", "skola", "centrum/butik", "hållplats", "park",
        "parkering/garage", "gång- och cykelväg", "fritidsgård", "annat",
    ]

    static let placeTypeKeys: [String: String] = {
        var d: [String: String] = [:]
        func add(_ value: String, _ words: [String]) {
            for w in words {
                d[Text.fold(w)] = value
                d[Text.words(Text.fold(w))] = value
            }
        }
        for p in placeTypes { add(p, [p]) }
        add("trapphus", ["trapphuset", "trappuppgång", "trappuppgången", "uppgång", "uppgången", "entré", "entrén", "port", "porten"])
        add("källare/förråd", ["källare", "källaren", "förråd", "förrådet", "källarförråd", "källare / förråd", "cykelförråd"])
        add("gård/lekplats", ["gård", "gården", "innergård", "innergården", "lekplats", "lekplatsen", "gård / lekplats"])
        add("skola", ["skolan", "skolgård", "skolgården", "förskola", "förskolan"])
        add("centrum/butik", ["centrum", "centrumet", "butik", "butiken", "affär", "affären", "centrum / butik", "torg", "torget"])
        add("hållplats", ["hållplatsen", "busshållplats", "busshållplatsen", "busskur", "busskuren"])
        add("park", ["parken", "grönområde", "grönområdet", "skog", "skogen"])
        add(
            "parkering/garage",
            ["parkering", "parkeringen", "garage", "garaget", "p-plats", "parkeringsplats", "p-hus", "parkering / garage"])
        add(
            "gång- och cykelväg",
            [
                "gång och cykelväg", "gång- & cykelväg", "gc-väg", "gcväg", "gc väg", "cykelväg", "gångväg", "gångvägen", "cykelvägen",
                "gång- och cykelvägen", "gångtunnel", "gångtunneln",
            ])
        add("fritidsgård", ["fritidsgården", "fritids"])
        add("annat", ["annan", "övrigt", "annat ställe"])
        return d
    }()

    static func readPlaceType(_ raw: some StringProtocol) -> String? {
        let f = Text.fold(Text.trimTrailing(Substring(String(raw)), [".", "!"]))
        if let v = placeTypeKeys[f] { return v }
        let w = Text.words(f)
        return placeTypeKeys[w]
    }
}
