import Domain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 5322 §3.3 dates, plus the broken forms seen from real clients and scripts.
/// Hand-written rather than DateFormatter: it is called for every message and must be fast.
public enum MailDate {
    /// A real Date header is under 100 bytes, a commented one rarely over 200. Anything past this
    /// is not read: the header is parsed for every message, before anything else.
    static let maxLength = 512

    public static func parse(_ value: String) -> Date? {
        var examined = 0
        return parse(value, examined: &examined)
    }

    /// `examined` counts the bytes looked at, so tests can hold the work to a bound.
    static func parse(_ value: String, examined: inout Int) -> Date? {
        let b = Array(value.utf8.prefix(maxLength))
        // Pieces are ranges into `b`, worked off a stack: splitting "03-Sep-2018" at a dash
        // pushes the rest back as a range, so no byte is copied or scanned twice.
        var stack = tokenize(b, examined: &examined).reversed().map { Piece(range: $0, mayHaveColon: true) }
        guard !stack.isEmpty else { return nil }

        var day: Int? = nil, month: Int? = nil, year: Int? = nil
        var hour: Int? = nil, minute = 0, second = 0
        var offset: Int? = nil
        var numbers: [(value: Int, digits: Int)] = []

        while let piece = stack.popLast() {
            let r = piece.range
            guard !r.isEmpty else { continue }
            let tok = b[r]
            let first = tok[r.lowerBound]
            if piece.mayHaveColon {
                examined += r.count
                if tok.contains(0x3A) {
                    guard hour == nil, let t = parseTime(tok) else { return nil }
                    (hour, minute, second) = t
                    continue
                }
            }
            if first == 0x2B || first == 0x2D {
                let digits = tok.dropFirst().prefix { isASCIIDigit($0) }.count
                examined += digits
                if r.count >= 3, digits == r.count - 1 {
                    guard offset == nil, let z = numericZone(tok) else { continue }
                    offset = z
                    continue
                }
            }
            if isASCIIDigit(first) {
                // "03-Sep-2018" is split below; a digits-only token is a day or year.
                let digits = tok.prefix { isASCIIDigit($0) }.count
                examined += digits
                guard digits == r.count, digits <= 4 else {
                    guard let dash = dashIndex(tok, &examined) else { return nil }
                    stack.append(Piece(range: (dash + 1)..<r.upperBound, mayHaveColon: false))
                    stack.append(Piece(range: r.lowerBound..<dash, mayHaveColon: false))
                    continue
                }
                numbers.append((tok.reduce(0) { $0 * 10 + Int($1 - 0x30) }, digits))
                continue
            }
            if isASCIILetter(first) {
                if let dash = dashIndex(tok, &examined) {
                    stack.append(Piece(range: (dash + 1)..<r.upperBound, mayHaveColon: false))
                    stack.append(Piece(range: r.lowerBound..<dash, mayHaveColon: false))
                    continue
                }
                let lower = tok.map(asciiLower)
                if month == nil, let m = monthNumber(lower) { month = m; continue }
                if offset == nil, let z = namedZone(lower) { offset = z; continue }
                // Weekday names and unknown words ("at", "the") carry no date information.
                continue
            }
        }

        guard let month, let hour else { return nil }
        // Day is the first number that fits a day, year the other; "Sep 3 2018" and
        // "3 Sep 2018" read the same.
        for n in numbers {
            if day == nil && n.digits <= 2 && n.value >= 1 && n.value <= 31 { day = n.value; continue }
            if year == nil {
                year = n.value;
                if n.digits == 2 { year = n.value < 50 ? 2000 + n.value : 1900 + n.value } else if n.digits == 3 { year = n.value + 1900 };
                continue
            }
        }
        guard let day, let year, year >= 1900, year <= 9999 else { return nil }
        guard day <= LocalDate.daysIn(month: month, year: year), hour <= 23, minute <= 59, second <= 60 else { return nil }
        let days = LocalDate.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - (offset ?? 0)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private struct Piece {
        var range: Range<Int>
        /// False for the halves of a token already known to hold no colon.
        var mayHaveColon: Bool
    }

    /// The first dash of a piece; the bytes before it are the only ones scanned.
    private static func dashIndex(_ tok: ArraySlice<UInt8>, _ examined: inout Int) -> Int? {
        let dash = tok.firstIndex(of: 0x2D)
        examined += (dash ?? tok.endIndex) - tok.startIndex
        return dash
    }

    private static func tokenize(_ b: [UInt8], examined: inout Int) -> [Range<Int>] {
        var tokens: [Range<Int>] = []
        var start: Int? = nil
        var i = 0
        func close(_ end: Int) {
            if let s = start, s < end { tokens.append(s..<end) }
            start = nil
        }
        while i < b.count {
            let c = b[i]
            if c == 0x28 {
                // "(CEST)" is a comment; the numeric zone before it is authoritative.
                close(i)
                let after = ParameterizedValue.skipComment(b, i)
                examined += after - i
                i = after
                continue
            }
            examined += 1
            if isWhitespace(c) || c == 0x2C {
                close(i)
            } else if c == 0x2B, let s = start, s < i {
                // "21:10:00+0200" glued together.
                close(i)
                start = i
            } else if start == nil {
                start = i
            }
            i += 1
            if tokens.count > 16 { break }
        }
        close(i)
        return tokens
    }

    private static func parseTime(_ tok: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        var parts: [Int] = []
        var cur = 0, digits = 0
        for c in tok {
            if c == 0x3A {
                guard digits > 0 else { return nil }
                parts.append(cur); cur = 0; digits = 0
            } else if isASCIIDigit(c) {
                digits += 1
                guard digits <= 2 else { return nil }
                cur = cur * 10 + Int(c - 0x30)
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(cur)
        switch parts.count {
        case 2: return (parts[0], parts[1], 0)
        case 3: return (parts[0], parts[1], parts[2])
        default: return nil
        }
    }

    private static func numericZone(_ tok: ArraySlice<UInt8>) -> Int? {
        let digits = tok.dropFirst()
        guard digits.count == 4 || digits.count == 2 else { return nil }
        let v = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let h = digits.count == 4 ? v / 100 : v, m = digits.count == 4 ? v % 100 : 0
        guard h <= 14, m <= 59 else { return nil }
        let s = h * 3600 + m * 60
        return tok.first == 0x2D ? -s : s
    }

    private static func monthNumber(_ lower: [UInt8]) -> Int? {
        guard lower.count >= 3 else { return nil }
        switch (lower[0], lower[1], lower[2]) {
        case (0x6A, 0x61, 0x6E): return 1  // jan
        case (0x66, 0x65, 0x62): return 2  // feb
        case (0x6D, 0x61, 0x72): return 3  // mar
        case (0x61, 0x70, 0x72): return 4  // apr
        case (0x6D, 0x61, 0x79), (0x6D, 0x61, 0x6A): return 5  // may, maj
        case (0x6A, 0x75, 0x6E): return 6  // jun
        case (0x6A, 0x75, 0x6C): return 7  // jul
        case (0x61, 0x75, 0x67): return 8  // aug
        case (0x73, 0x65, 0x70): return 9  // sep
        case (0x6F, 0x63, 0x74), (0x6F, 0x6B, 0x74): return 10  // oct, okt
        case (0x6E, 0x6F, 0x76): return 11  // nov
        case (0x64, 0x65, 0x63): return 12  // dec
        default: return nil
        }
    }

    private static func namedZone(_ lower: [UInt8]) -> Int? {
        let hours: Int
        switch String(decoding: lower, as: UTF8.self) {
        case "ut", "utc", "gmt", "z", "wet": hours = 0
        case "bst", "cet", "met", "west": hours = 1
        case "cest", "mest", "eet", "mesz": hours = 2
        case "eest": hours = 3
        case "edt": hours = -4
        case "est", "cdt": hours = -5
        case "cst", "mdt": hours = -6
        case "mst", "pdt": hours = -7
        case "pst": hours = -8
        default: return nil
        }
        return hours * 3600
    }
}
