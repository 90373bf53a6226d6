import Domain
import Foundation

/// Lookup tables for one `Catalog`, built once and reusable across reports (it is immutable and Sendable).
public final class CatalogIndex: Sendable {
    public let catalog: Catalog
    /// Folded area key (id, name, alias, and parts of a `A/B` name) → area index.
    let areaByKey: [String: Int]
    /// Folded, separator-normalised category key → category index.
    let categoryByKey: [String: Int]
    /// Keys that contain a separator (`stok/ordningsstorning`), longest first: matched whole before splitting.
    let compoundCategoryKeys: [(key: [UInt8], category: Int)]
    /// Every category key for suggestions.
    let categorySuggestionKeys: [(key: String, category: Int)]
    let areaSuggestionKeys: [(key: String, area: Int)]

    public init(_ catalog: Catalog) {
        self.catalog = catalog
        var areas: [String: Int] = [:]
        var ambiguousArea: Set<String> = []
        var areaSuggest: [(String, Int)] = []
        func addArea(_ k: String, _ i: Int, weak: Bool) {
            for key in Set([Text.fold(k), Text.words(Text.fold(k))]) where !key.isEmpty {
                if let e = areas[key], e != i {
                    if weak { ambiguousArea.insert(key) }
                    continue
                }
                areas[key] = i
                areaSuggest.append((key, i))
            }
        }
        for (i, a) in catalog.areas.enumerated() {
            addArea(a.id, i, weak: false)
            addArea(a.name, i, weak: false)
            for al in a.aliases { addArea(al, i, weak: false) }
        }
        // `Bäckby` and `Skälby` alone mean `Bäckby/Skälby`.
        for (i, a) in catalog.areas.enumerated() where a.name.contains("/") {
            for part in a.name.split(separator: "/") { addArea(String(part), i, weak: true) }
        }
        for k in ambiguousArea { areas[k] = nil }
        areaByKey = areas
        areaSuggestionKeys = areaSuggest

        var cats: [String: Int] = [:]
        var suggest: [(String, Int)] = []
        func addCat(_ k: String, _ i: Int) {
            let key = CatalogIndex.categoryKey(k)
            guard !key.isEmpty, cats[key] == nil else { return }
            cats[key] = i
            suggest.append((key, i))
        }
        for (i, c) in catalog.categories.enumerated() { addCat(c.code, i) }
        for (i, c) in catalog.categories.enumerated() { addCat(c.name, i) }
        for (i, c) in catalog.categories.enumerated() { for s in c.synonyms { addCat(s, i) } }
        // Each part of a name with a slash (`Stök`, `Brand`) also matches, unless it is someone else's word.
        var partOwners: [String: Set<Int>] = [:]
        for (i, c) in catalog.categories.enumerated() where c.name.contains("/") {
            for p in c.name.split(separator: "/") { partOwners[CatalogIndex.categoryKey(String(p)), default: []].insert(i) }
        }
        for (k, owners) in partOwners.sorted(by: { $0.key < $1.key }) where owners.count == 1 && cats[k] == nil && !k.isEmpty {
            cats[k] = owners.first!
            suggest.append((k, owners.first!))
        }
        categoryByKey = cats
        categorySuggestionKeys = suggest
        compoundCategoryKeys =
            cats
            .filter { CatalogIndex.hasSeparator($0.key) }
            .map { (key: Array($0.key.utf8), category: $0.value) }
            .sorted { $0.key.count != $1.key.count ? $0.key.count > $1.key.count : $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// Folded text with spaces around `/`, `,`, `;`, `&`, `+` removed and trailing punctuation dropped.
    /// `Klotter (KLOT), Skadegörelse (SKAD)`, as the gateway's own acknowledgment and did-you-mean
    /// write categories, without the codes in brackets (only known codes; one pass).
    func withoutCodes(_ raw: Substring) -> Substring {
        guard raw.utf8.contains(0x28) else { return raw }
        var out = ""
        var rest = raw[...]
        while let open = rest.firstIndex(of: "(") {
            out += rest[..<open]
            let tail = rest[rest.index(after: open)...]
            if let close = tail.prefix(12).firstIndex(of: ")"), catalog.category(code: Text.trim(tail[..<close]).uppercased()) != nil {
                rest = tail[tail.index(after: close)...]
            } else {
                out += "("
                rest = tail
            }
        }
        out += rest
        return Substring(out)
    }

    static func categoryKey(_ s: some StringProtocol) -> String {
        let f = Text.fold(s)
        var out: [UInt8] = []
        out.reserveCapacity(f.utf8.count)
        @inline(__always) func isSep(_ b: UInt8) -> Bool { b == 0x2F || b == 0x2C || b == 0x3B || b == 0x26 || b == 0x2B }
        for b in f.utf8 {
            if b == 0x20, let last = out.last, isSep(last) { continue }
            if isSep(b), out.last == 0x20 { out.removeLast() }
            out.append(b)
        }
        while let l = out.last, l == 0x2E || l == 0x21 || l == 0x3F || l == 0x20 || l == 0x3A { out.removeLast() }
        var start = 0
        while start < out.count, out[start] == 0x20 || out[start] == 0x2D || out[start] == 0x2A { start += 1 }
        // A leading bullet `•` (E2 80 A2).
        if start + 2 < out.count, out[start] == 0xE2, out[start + 1] == 0x80, out[start + 2] == 0xA2 {
            start += 3
            while start < out.count, out[start] == 0x20 { start += 1 }
        }
        return String(decoding: out[start...], as: UTF8.self)
    }

    static func hasSeparator(_ k: String) -> Bool {
        k.contains("/") || k.contains(",") || k.contains(";") || k.contains("&") || k.contains("+")
            || k.contains(" och ") || k.contains(" and ") || k.contains(" samt ")
    }

    // MARK: Areas

    enum AreaLookup {
        case found(Area)
        case unknown(suggestions: [String])
    }

    /// Characters of an Område value looked at: every key is a short name, so a longer value can
    /// only match by its head (`Råby, …`, `Råby området …`), and folding all of a megabyte would
    /// be copies for nothing.
    static let maxAreaLookupCharacters = 256

    /// `suggesting: false` skips the "did you mean" search, for a diagnostic that would only be counted.
    func lookupArea(_ value: Substring, suggesting: Bool = true) -> AreaLookup {
        let raw = Text.hasAtMost(value, characters: Self.maxAreaLookupCharacters) ? value : value.prefix(Self.maxAreaLookupCharacters)
        let f = Text.fold(Text.trimTrailing(raw, Text.closingPunctuation))
        if let i = areaByKey[f] { return .found(catalog.areas[i]) }
        let w = Text.words(f)
        if let i = areaByKey[w] { return .found(catalog.areas[i]) }
        // `Råby, Västerås`, `Råby (centrum)`, `Råby - Mimer`
        for sep in [",", "(", " - ", " – ", ";"] {
            if let r = Text.find(Array(sep.utf8), in: f) {
                let head = String(Text.trim(Substring(String(decoding: Array(f.utf8)[0..<r], as: UTF8.self))))
                if let i = areaByKey[head] ?? areaByKey[Text.words(head)] { return .found(catalog.areas[i]) }
            }
        }
        // Only the first two words are looked at: no need to split a long value into all of them.
        let words = w.split(separator: " ", maxSplits: 2)
        if words.count > 1 {
            // `Råby Västerås`, `Råby området`: the first word (or first two) names the area.
            if let i = areaByKey[words[0] + " " + words[1]] { return .found(catalog.areas[i]) }
            if let i = areaByKey[String(words[0])] { return .found(catalog.areas[i]) }
        }
        return .unknown(suggestions: suggesting ? suggestAreas(w.isEmpty ? f : w) : [])
    }

    func suggestAreas(_ typed: String) -> [String] {
        guard Text.hasAtMost(typed, characters: ReportLimits.maxSuggestionCharacters) else { return [] }
        var best: [Int: Double] = [:]
        for (k, i) in areaSuggestionKeys {
            let s = Text.distanceScore(typed, k)
            if s < (best[i] ?? 2) { best[i] = s }
        }
        return pick(best).map { catalog.areas[$0].name }
    }

    private func pick(_ scores: [Int: Double]) -> [Int] {
        guard let top = scores.values.min(), top <= 0.5 else { return [] }
        return scores.filter { $0.value <= 0.5 && $0.value <= top + 0.12 }
            .sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
            .prefix(3).map(\.key)
    }

    // MARK: Categories

    struct CategoryMatch {
        var codes: [String] = []
        /// Parts that matched nothing, as written, with suggestions.
        var unknown: [(value: String, suggestions: [Category])] = []
        /// Unknown parts past `maxUnknown`, only counted.
        var unknownOmitted = 0
    }

    /// Parts are read as they are split off, so a value of a million parts holds none of them;
    /// at most `maxUnknown` unknown parts are described (with their suggestions), the rest counted.
    func matchCategories(_ raw: Substring, maxUnknown: Int = .max) -> CategoryMatch {
        var result = CategoryMatch()
        let v = CatalogIndex.categoryKey(withoutCodes(raw))
        if v.isEmpty { return result }
        if let i = categoryByKey[v] {
            result.codes = [catalog.categories[i].code]
            return result
        }
        var bytes = Array(v.utf8)
        // Where each category is first named: the codes come out in the order they were written.
        var firstPosition: [Int: Int] = [:]
        func found(_ pos: Int, _ cat: Int) {
            if let p = firstPosition[cat], p <= pos { return }
            firstPosition[cat] = pos
        }
        // Whole compound names first (`Stök / ordningsstörning`, `trafik på gång- och cykelväg`).
        for (key, cat) in compoundCategoryKeys where key.count <= bytes.count {
            var start = 0
            while start + key.count <= bytes.count {
                guard let p = CatalogIndex.find(key, in: bytes, from: start) else { break }
                let end = p + key.count
                if CatalogIndex.isBoundary(bytes, before: p) && CatalogIndex.isBoundary(bytes, at: end) {
                    found(p, cat)
                    for k in p..<end { bytes[k] = 0x2C }  // ','
                    start = end
                } else {
                    start = p + 1
                }
            }
        }
        // Split the rest on , ; / & + and the words och / and / samt.
        var originals: [String: String]? = nil
        var cur: [UInt8] = []
        var curStart = 0
        var i = 0
        func flush(_ at: Int) {
            let s = Text.trim(String(decoding: cur, as: UTF8.self))
            cur.removeAll(keepingCapacity: true)
            let pos = curStart
            curStart = at
            if s.isEmpty { return }
            let key = CatalogIndex.categoryKey(s)
            if key.isEmpty { return }
            if let c = categoryByKey[key] {
                found(pos, c)
            } else if result.unknown.count < maxUnknown {
                if originals == nil { originals = Self.originalTexts(raw) }
                result.unknown.append((originals?[s] ?? s, suggestCategories(key)))
            } else {
                result.unknownOmitted += 1
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x2C || b == 0x3B || b == 0x2F || b == 0x26 || b == 0x2B || b == 0x0A {
                flush(i + 1); i += 1; continue
            }
            if b == 0x20 {
                var matched = 0
                for w in CatalogIndex.wordSeparators where i + w.count <= bytes.count && bytes[i..<(i + w.count)].elementsEqual(w) {
                    matched = w.count; break
                }
                if matched > 0 { flush(i + matched - 1); i += matched - 1; continue }
            }
            cur.append(b)
            i += 1
        }
        flush(bytes.count)
        result.codes = firstPosition.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
            .map { catalog.categories[$0.key].code }
        return result
    }

    static let wordSeparators: [[UInt8]] = [Array(" och ".utf8), Array(" and ".utf8), Array(" samt ".utf8), Array(" eller ".utf8)]

    /// Each part as the reporter wrote it (for messages), keyed by the trimmed folded part it gives;
    /// the first piece wins. Built once per value, on its first unknown part.
    static func originalTexts(_ raw: Substring) -> [String: String] {
        var map: [String: String] = [:]
        for piece in raw.split(whereSeparator: { ",;/&+".contains($0) }) {
            for sub in piece.components(separatedBy: " och ") {
                let t = Text.trim(Substring(sub))
                let key = CatalogIndex.categoryKey(t)
                if map[key] == nil { map[key] = String(Text.trimTrailing(t, [".", "!"])) }
            }
        }
        return map
    }

    func suggestCategories(_ typed: String) -> [Category] {
        guard Text.hasAtMost(typed, characters: ReportLimits.maxSuggestionCharacters) else { return [] }
        var best: [Int: Double] = [:]
        for (k, i) in categorySuggestionKeys {
            var s = Text.distanceScore(typed, k)
            if k.count <= 4 && typed.count > k.count + 1 && !Text.wordList(typed).contains(where: { $0 == k }) {
                s = max(s, 0.6)  // a short code is only a suggestion for something about as short
            }
            if s < (best[i] ?? 2) { best[i] = s }
        }
        return pick(best).map { catalog.categories[$0] }
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == needle[0] {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func isBoundary(_ b: [UInt8], before p: Int) -> Bool {
        p == 0 || !isWordByte(b[p - 1])
    }

    static func isBoundary(_ b: [UInt8], at p: Int) -> Bool {
        p >= b.count || !isWordByte(b[p])
    }

    static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c >= 0x80 || (c >= 0x41 && c <= 0x5A)
    }
}

extension CatalogIndex {
    private static let cache = LockedBox<(Catalog, CatalogIndex)?>(nil)

    /// A shared index for `catalog` (one entry cache: the gateway uses a single catalog).
    public static func shared(for catalog: Catalog) -> CatalogIndex {
        if let hit = cache.withLock({ c -> CatalogIndex? in
            if let c, c.0 == catalog { return c.1 }
            return nil
        }) {
            return hit
        }
        let index = CatalogIndex(catalog)
        cache.withLock { $0 = (catalog, index) }
        return index
    }
}

/// A minimal lock-protected box (NSLock based, works on every platform we build for).
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
