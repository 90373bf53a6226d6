/// The period a period report covers (working-group.md §5): a tertial or a quarter of a year, the
/// configured pilot, or any range of days. Its `key` names it in the outbox, so that the report of a
/// period goes out once whatever restarts (`report:2018-T3`, `report:pilot`).
public enum ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    case dates(DateRange)
    /// 1 = January–March … 4 = October–December.
    case quarter(year: Int, number: Int)
    /// The municipalities' four-month rhythm: 1 = January–April, 2 = May–August, 3 = September–December.
    case tertial(year: Int, number: Int)
    /// The pilot as configured; its key stays `pilot` when the configured dates are adjusted.
    case pilot(DateRange)

    /// Years a quarter or tertial may be written with; outside them it is a typing error.
    public static let years = 1970...9999

    public var range: DateRange {
        switch self {
        case .dates(let range), .pilot(let range): return range
        case .quarter(let year, let number): return Self.months(year: year, first: (number - 1) * 3 + 1, count: 3)
        case .tertial(let year, let number): return Self.months(year: year, first: (number - 1) * 4 + 1, count: 4)
        }
    }

    public var key: String {
        switch self {
        case .dates(let range): return "\(range.first.iso)..\(range.last.iso)"
        case .quarter(let year, let number): return "\(year)-Q\(number)"
        case .tertial(let year, let number): return "\(year)-T\(number)"
        case .pilot: return "pilot"
        }
    }

    public var description: String { key }

    /// The tertial a day falls in.
    public static func tertial(containing day: LocalDate) -> ReportPeriod {
        .tertial(year: day.year, number: (day.month - 1) / 4 + 1)
    }

    /// The tertial before this one (T3 of the year before T1); nil for other kinds of period.
    public var previousTertial: ReportPeriod? {
        guard case .tertial(let year, let number) = self else { return nil }
        return number == 1 ? .tertial(year: year - 1, number: 3) : .tertial(year: year, number: number - 1)
    }

    /// `2018-Q4` (also lower case); nil for anything else, a fifth quarter included.
    public init?(quarter text: String) {
        guard let (year, number) = Self.split(text, letter: "Q"), (1...4).contains(number) else { return nil }
        self = .quarter(year: year, number: number)
    }

    /// `2018-T3` (also lower case); nil for anything else, a fourth tertial included.
    public init?(tertial text: String) {
        guard let (year, number) = Self.split(text, letter: "T"), (1...3).contains(number) else { return nil }
        self = .tertial(year: year, number: number)
    }

    /// `YYYY-<letter>N` with a four-digit year and a one-digit number.
    private static func split(_ text: String, letter: Character) -> (Int, Int)? {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let year = Int(parts[0]), years.contains(year),
            parts[1].count == 2, parts[1].first == letter, let digit = parts[1].last, digit.isASCII, let number = digit.wholeNumberValue
        else { return nil }
        return (year, number)
    }

    private static func months(year: Int, first: Int, count: Int) -> DateRange {
        let last = first + count - 1
        return DateRange(
            first: LocalDate(year: year, month: first, day: 1),
            last: LocalDate(year: year, month: last, day: LocalDate.daysIn(month: last, year: year)))!
    }
}
