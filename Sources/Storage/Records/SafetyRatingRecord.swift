import Domain
import GRDB

/// One row of `safety_ratings`: one report's `Trygghet` for one area, in the report's week.
struct SafetyRatingRecord: SnakeCaseRecord {
    static let databaseTableName = "safety_ratings"

    var report: Int64
    var area: String
    var score: Int
    /// The report's week (`2018-W36`), copied so that weekly series need not join `reports`.
    var week: String

    init(_ rating: SafetyRating, report: Int64, week: ISOWeek) {
        self.report = report
        area = rating.area
        score = rating.score
        self.week = week.description
    }
}
