import Domain
import Foundation
import Statistics

/// The change around an insats as JSON (`est-gateway insats effect REF --format json`): snake_case keys, dates as
/// ISO strings, every key present. JSON has no infinity, so an unbounded figure (a rate ratio or an interval's upper
/// bound when nothing happened before) is `null`; the counts beside it say why.
public struct InsatsEffectReport: Codable, Sendable, Hashable {
    public var reference: String
    public var title: String
    /// The Swedish word, as the working group writes it (`pågår`).
    public var status: String
    /// `sv` or `en`: the language of the sentences.
    public var language: String
    public var areas: [Named]
    public var comparisonAreas: [Named]
    @Nullable public var place: String?
    /// Empty means every category.
    public var categories: [Named]
    public var start: String
    @Nullable public var end: String?
    public var followUp: String
    @Nullable public var responsible: String?
    public var beforeWindow: Window
    @Nullable public var afterWindow: Window?
    /// `end`, `follow_up` or `last_closed_week`; null without an after window.
    @Nullable public var afterWindowEnds: String?
    /// Why there is no after window yet; null when there is one.
    @Nullable public var measurementNote: String?
    public var minimumEvents: Int
    /// The intervals' level, 0.95.
    public var intervalLevel: Double
    public var target: Series
    @Nullable public var placeSeries: Series?
    /// Its `too_small`, `difference` and `sentence` are null: the comparison is what the others are measured against.
    public var comparison: Series
    public var afterIncidents: [Incident]

    public struct Named: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
    }

    public struct Window: Codable, Sendable, Hashable {
        public var first: String
        public var last: String
        public var days: Int
        public var weeks: Double
    }

    public struct Series: Codable, Sendable, Hashable {
        public var before: Int
        /// Null without an after window.
        @Nullable public var after: Int?
        public var beforeRate: Double
        @Nullable public var afterRate: Double?
        /// After rate / before rate; null when nothing happened before (unbounded) or at all, or without an after window.
        @Nullable public var rateRatio: Double?
        @Nullable public var interval: Interval?
        @Nullable public var tooSmall: Bool?
        @Nullable public var difference: Difference?
        @Nullable public var sentence: String?
        public var weekly: [Week]
    }

    public struct Interval: Codable, Sendable, Hashable {
        public var lower: Double
        /// Null when unbounded.
        @Nullable public var upper: Double?
    }

    /// Incidents after against "if the area had followed the comparison"; negative is fewer.
    public struct Difference: Codable, Sendable, Hashable {
        public var observedAfter: Int
        public var expectedAfter: Double
        public var difference: Double
        @Nullable public var lower: Double?
        @Nullable public var upper: Double?
    }

    public struct Week: Codable, Sendable, Hashable {
        /// `2018-W36`.
        public var week: String
        /// `before` or `after`.
        public var window: String
        public var first: String
        public var last: String
        public var days: Int
        public var count: Int
    }

    public struct Incident: Codable, Sendable, Hashable {
        public var reference: String
        public var date: String
        public var area: String
        public var place: String
        public var categories: [String]
        public var categoryNames: [String]
        public var atPlace: Bool
    }

    /// Reads what `json()` wrote.
    public init(json: Data) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(Self.self, from: json)
    }

    /// Pretty-printed with sorted keys, so that two runs on the same data give the same bytes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value is a string, an integer, a finite number or null: encoding cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}

extension InsatsEffectReport {
    public init(_ effect: InsatsEffect, language: Language) {
        let insats = effect.insats, windows = effect.windows
        reference = effect.reference
        title = insats.title
        status = insats.status.rawValue
        self.language = language.rawValue
        areas = effect.targetAreas.map { Named(id: $0.id, name: $0.name) }
        comparisonAreas = effect.comparisonAreas.map { Named(id: $0.id, name: $0.name) }
        place = insats.place
        categories = effect.categories.map { Named(id: $0.code, name: $0.name) }
        start = insats.start.iso
        end = insats.end?.iso
        followUp = insats.followUp.iso
        responsible = insats.responsible
        beforeWindow = Window(windows.before)
        afterWindow = windows.after.map(Window.init)
        afterWindowEnds = windows.cut?.rawValue
        measurementNote = windows.after == nil ? effect.notMeasured(language: language) : nil
        minimumEvents = effect.minimumEvents
        intervalLevel = 0.95
        let measured = windows.after != nil
        target = Series(effect.target, measured: measured, effect.targetChange, sentence: effect.sentence(language: language))
        placeSeries = effect.place.map {
            Series($0, measured: measured, effect.placeChange, sentence: effect.placeSentence(language: language))
        }
        comparison = Series(effect.comparison, measured: measured, ratio: effect.targetChange?.comparison)
        afterIncidents = effect.afterIncidents.map {
            Incident(
                reference: $0.row.reference, date: $0.row.date.iso, area: $0.row.area, place: $0.row.place,
                categories: $0.row.categories, categoryNames: $0.categoryNames, atPlace: $0.atPlace)
        }
    }
}

extension InsatsEffectReport.Window {
    init(_ range: DateRange) { self.init(first: range.first.iso, last: range.last.iso, days: range.days, weeks: range.weeks) }
}

extension InsatsEffectReport.Series {
    /// A measured series: its figures, and the change with its sentence.
    init(_ series: InsatsSeries, measured: Bool, _ change: InsatsChange?, sentence: String?) {
        self.init(series, measured: measured, ratio: change?.target)
        tooSmall = change?.isTooSmall
        difference = change?.difference.map(InsatsEffectReport.Difference.init)
        self.sentence = sentence
    }

    /// The comparison: figures only.
    init(_ series: InsatsSeries, measured: Bool, ratio: RateRatio?) {
        self.init(
            before: series.before, after: measured ? series.after : nil, beforeRate: series.beforeRate, afterRate: series.afterRate,
            rateRatio: ratio?.ratio.flatMap(finite), interval: ratio?.interval.map(InsatsEffectReport.Interval.init),
            tooSmall: nil, difference: nil, sentence: nil,
            weekly: series.weekly.map {
                InsatsEffectReport.Week(
                    week: $0.week.description, window: $0.window.rawValue, first: $0.days.first.iso, last: $0.days.last.iso,
                    days: $0.days.days, count: $0.count)
            })
    }
}

extension InsatsEffectReport.Interval {
    init(_ interval: ConfidenceInterval) { self.init(lower: interval.lower, upper: finite(interval.upper)) }
}

extension InsatsEffectReport.Difference {
    init(_ d: ComparisonDifference) {
        self.init(
            observedAfter: d.observedAfter, expectedAfter: d.expectedAfter, difference: d.difference, lower: d.interval?.lower,
            upper: d.interval?.upper)
    }
}

private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
