import Domain
import Reports

enum ReportTarget {
    static func run(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let settings = FuzzContext.settings
        // Area permissions and the Organisation field depend on the sender. The input's length picks
        // one (or none), so every kind of sender is reached without spending a byte of the text on it.
        let pick = bytes.count % (settings.organisations.count + 1)
        let organisation = pick < settings.organisations.count ? settings.organisations[pick] : nil
        let report = ReportParser.parse(
            ReportInput(
                text: text, mailDate: nil, receivedAt: FuzzContext.receivedAt, timeZone: settings.timeZone,
                catalog: settings.catalog, organisation: organisation),
            index: FuzzContext.index)
        if report.isZeroReport { precondition(report.incidents.isEmpty, "a zero report with incidents") }
        // Rejections quote every diagnostic, in the sender's language.
        var messageBytes = 0
        for diagnostic in report.errors + report.warnings {
            for language in Language.allCases { messageBytes += diagnostic.message(language).utf8.count }
        }
        // The same text as a working-group member's insats mail: its own parser, the same stripping.
        let insats = InsatsParser.parse(text, reference: FuzzContext.today, catalog: settings.catalog, answering: nil)
        if let start = insats.fields.start, let end = insats.fields.end, insats.isAccepted {
            precondition(end >= start, "an accepted insats ending before it starts")
        }
        return "\(report.isAccepted ? "accepted" : "rejected") org=\(organisation?.id ?? "-") "
            + "incidents=\(report.incidents.count) errors=\(report.errors.count) warnings=\(report.warnings.count) "
            + "zero=\(report.isZeroReport) commands=\(report.commands.count) messages=\(messageBytes)B "
            + "insats=\(insats.isAccepted ? "accepted" : "rejected")/\(insats.errors.count)"
    }
}
