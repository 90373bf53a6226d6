/// Positions written the other ways people write them: degrees, minutes and seconds
/// (`59°37'N 16°33'E`), and a map link pasted from Google Maps, Apple Maps or OpenStreetMap.
/// Decimal `lat, lon` stays with `Values.readCoordinates`. Each reader is one pass over its value.
enum Coordinates {
    /// The longest Koordinater value read: map links run to a few hundred bytes, never kilobytes.
    static let maxBytes = 2048

    // MARK: Map links

    /// A map link's position: the marker where the link has one (`mlat`/`mlon`, Google's `!3d…!4d…`,
    /// a `q`/`ll`/`sll` pair), else the map's centre (`/@lat,lon,17z`, `#map=17/lat/lon`).
    /// nil when the value is no link; `.unreadable` for a link without a position (a short link).
    static func fromMapLink(_ s: Substring) -> Values.CoordinateRead? {
        guard let start = Text.find(Array("http".utf8), in: s) ?? Text.find(Array("maps.".utf8), in: s) else { return nil }
        let u = Array(s.utf8.dropFirst(start))
        var link = u.prefix(while: { $0 > 0x20 && $0 != 0x3E && $0 != 0x22 })
        // `%2C` and `+` in query values are a comma and a space.
        link = ArraySlice(percentDecoded(Array(link)))
        var params: [String: [UInt8]] = [:]
        var i = link.startIndex
        var keyStart: Int? = nil
        while i < link.endIndex {
            let b = link[i]
            if b == 0x3F || b == 0x26 || b == 0x23 { keyStart = i + 1 }
            if b == 0x3D, let k = keyStart {
                let key = String(decoding: link[k..<i].map { $0 | 0x20 }, as: UTF8.self)
                var j = i + 1
                while j < link.endIndex, link[j] != 0x26, link[j] != 0x23 { j += 1 }
                if params[key] == nil, key.utf8.count <= 16 { params[key] = Array(link[(i + 1)..<j]) }
                keyStart = nil
                i = j
                continue
            }
            i += 1
        }
        if let a = params["mlat"].flatMap({ number($0[...])?.value }), let o = params["mlon"].flatMap({ number($0[...])?.value }) {
            return checked(a, o)
        }
        if let p = pair(after: Array("!3d".utf8), in: link, separator: Array("!4d".utf8)) { return checked(p.0, p.1) }
        for key in ["q", "query", "ll", "sll", "daddr", "destination", "center"] {
            if let v = params[key], let p = pair(v[...]) { return checked(p.0, p.1) }
        }
        if let at = link.firstIndex(of: 0x40), let p = pair(link[(at + 1)...]) { return checked(p.0, p.1) }
        if let map = params["map"] {
            // zoom/lat/lon
            let parts = map.split(separator: 0x2F, maxSplits: 3)
            if parts.count >= 3, let a = number(parts[1])?.value, let o = number(parts[2])?.value { return checked(a, o) }
        }
        return .unreadable
    }

    /// `59.61,16.55` (a space after the comma allowed) at the start of `v`.
    static func pair(_ v: ArraySlice<UInt8>) -> (Double, Double)? {
        guard let (a, end) = number(v) else { return nil }
        var j = end
        guard j < v.endIndex, v[j] == 0x2C else { return nil }
        j += 1
        while j < v.endIndex, v[j] == 0x20 { j += 1 }
        guard let (o, _) = number(v[j...]) else { return nil }
        return (a, o)
    }

    private static func pair(after marker: [UInt8], in v: ArraySlice<UInt8>, separator: [UInt8]) -> (Double, Double)? {
        guard let m = find(marker, v) else { return nil }
        guard let (a, end) = number(v[(m + marker.count)...]) else { return nil }
        let rest = v[end...]
        guard rest.starts(with: separator), let (o, _) = number(rest.dropFirst(separator.count)) else { return nil }
        return (a, o)
    }

    private static func find(_ n: [UInt8], _ h: ArraySlice<UInt8>) -> Int? {
        guard !n.isEmpty, h.count >= n.count else { return nil }
        var i = h.startIndex
        while i + n.count <= h.endIndex {
            if h[i] == n[0], h[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    /// A decimal number (`-`, digits, optional `.` and digits) at the start of `v`, and where it ends.
    static func number(_ v: ArraySlice<UInt8>) -> (value: Double, end: Int)? {
        var j = v.startIndex
        if j < v.endIndex, v[j] == 0x2D || v[j] == 0x2B { j += 1 }
        let digitsStart = j
        while j < v.endIndex, v[j] >= 0x30 && v[j] <= 0x39, j - digitsStart < 4 { j += 1 }
        guard j > digitsStart else { return nil }
        if j < v.endIndex, v[j] == 0x2E {
            j += 1
            let fraction = j
            while j < v.endIndex, v[j] >= 0x30 && v[j] <= 0x39, j - fraction < 15 { j += 1 }
            if j == fraction { j -= 1 }
        }
        guard let d = Double(String(decoding: v[v.startIndex..<j], as: UTF8.self)) else { return nil }
        return (d, j)
    }

    private static func percentDecoded(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x37
            case 0x61...0x66: return c - 0x57
            default: return nil
            }
        }
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(b[i] == 0x2B ? 0x20 : b[i])
            i += 1
        }
        return out
    }

    static func checked(_ lat: Double, _ lon: Double) -> Values.CoordinateRead {
        guard lat.isFinite, lon.isFinite else { return .unreadable }
        guard (-90...90).contains(lat), (-180...180).contains(lon) else { return .outOfRange }
        return .ok(lat, lon)
    }

    // MARK: Degrees, minutes, seconds

    private struct Group {
        var parts: [Double] = []
        /// Which of degrees (0), minutes (1), seconds (2) each number is.
        var slots: [Int] = []
        var hemisphere: UInt8? = nil
        var marked = false

        var isEmpty: Bool { parts.isEmpty }

        func value() -> Double? {
            var v = 0.0
            var seen = Set<Int>()
            for (p, slot) in zip(parts, slots) {
                guard !seen.contains(slot) else { return nil }
                seen.insert(slot)
                if slot > 0 && p >= 60 { return nil }
                v += slot == 0 ? p : slot == 1 ? p / 60 : p / 3600
            }
            guard seen.contains(0) else { return nil }
            return hemisphere == 0x53 || hemisphere == 0x57 ? -v : v
        }
    }

    /// `59°37'N 16°33'E`, `59°37'12"N, 16°33'05"E`, `N 59° 37.2' E 16° 33.1'`, `59°37′N 16°33′Ö` (Ö and V
    /// for öst and väst). nil when the value has neither a degree sign nor a hemisphere letter.
    static func fromDegrees(_ s: Substring) -> Values.CoordinateRead? {
        var groups: [Group] = []
        var g = Group()
        var anyMark = false
        func end() {
            if !g.isEmpty { groups.append(g) }
            g = Group()
        }
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            let b = u[i]
            if (b >= 0x30 && b <= 0x39) || b == 0x2D {
                guard let (v, e) = number(u[i...]) else {
                    end()  // a dash between the two positions
                    i += 1
                    continue
                }
                i = e
                var value = v
                // `37,5'`: a decimal comma inside a minute value.
                if i + 1 < u.count, u[i] == 0x2C, u[i + 1] >= 0x30 && u[i + 1] <= 0x39, let (f, e2) = number(u[(i + 1)...]),
                    e2 < u.count, u[e2] == 0x27 || u[e2] == 0x22
                {
                    let digits = e2 - i - 1
                    var scale = 1.0
                    for _ in 0..<digits { scale *= 10 }
                    value = v + f / scale
                    i = e2
                }
                // The sign after the number says which part it is; without one, the next part.
                var slot = g.slots.last.map { $0 + 1 } ?? 0
                var j = i
                while j < u.count, u[j] == 0x20 { j += 1 }
                if j < u.count {
                    if u[j] == 0xC2, j + 1 < u.count, u[j + 1] == 0xB0 {
                        slot = 0; i = j + 2; g.marked = true
                    }  // °
                    else if u[j] == 0x27 || u[j] == 0xB4 {
                        slot = 1; i = j + 1; g.marked = true
                    } else if u[j] == 0x22 {
                        slot = 2; i = j + 1; g.marked = true
                    } else if u[j] == 0xE2, j + 2 < u.count, u[j + 1] == 0x80 {
                        switch u[j + 2] {
                        case 0xB2, 0x99, 0xB5: slot = 1; i = j + 3; g.marked = true  // ′ ’
                        case 0xB3, 0x9D: slot = 2; i = j + 3; g.marked = true  // ″ ”
                        default: break
                        }
                    }
                }
                if slot == 1, i < u.count, u[i] == 0x27 { slot = 2; i += 1 }  // `''` for seconds
                guard slot <= 2 else { return nil }
                // Degrees again: the next position starts (`59° 37' 16° 33'`).
                if let last = g.slots.last, slot <= last { end() }
                g.parts.append(value)
                g.slots.append(slot)
                if g.marked { anyMark = true }
                continue
            }
            var letter: UInt8? = nil
            var width = 1
            if b | 0x20 >= 0x61 && b | 0x20 <= 0x7A {
                // Only a lone letter is a hemisphere: `N`, `E`, not a word.
                let next = i + 1 < u.count ? u[i + 1] : 0x20
                guard !(next | 0x20 >= 0x61 && next | 0x20 <= 0x7A) else { return nil }
                switch b & ~0x20 {
                case 0x4E: letter = 0x4E  // N
                case 0x53: letter = 0x53  // S
                case 0x45, 0x4F: letter = 0x45  // E, O (öst)
                case 0x57, 0x56: letter = 0x57  // W, V (väst)
                default: return nil
                }
            } else if b == 0xC3, i + 1 < u.count, u[i + 1] == 0x96 || u[i + 1] == 0xB6 {
                letter = 0x45  // Ö
                width = 2
            }
            if let l = letter {
                anyMark = true
                if !g.isEmpty && g.hemisphere == nil {
                    g.hemisphere = l
                    end()
                } else {
                    end()
                    g.hemisphere = l
                }
                i += width
                continue
            }
            if b == 0x2C || b == 0x3B || b == 0x2F { end(); i += 1; continue }
            if b == 0x20 || b == 0x2E { i += 1; continue }
            return nil
        }
        end()
        guard anyMark, groups.count == 2, let a = groups[0].value(), let o = groups[1].value() else {
            return anyMark ? .unreadable : nil
        }
        let firstIsLon = groups[0].hemisphere == 0x45 || groups[0].hemisphere == 0x57
        return firstIsLon ? checked(o, a) : checked(a, o)
    }
}
