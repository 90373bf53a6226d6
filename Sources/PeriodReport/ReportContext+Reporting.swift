import Digest
import Domain
import Foundation
import MailTemplates

extension ReportContext {
    // MARK: Reporting per organisation

    var reporting: [String: Any] {
        let l = labels, rep = report.reporting
        var table = TextTable([.left, .right, .right, .right, .right])
        table.maxWidth = 30
        table.add([
            "Organisation", l.sv ? "rapport" : "report", l.sv ? "noll" : "zero", l.sv ? "saknas" : "missing",
            l.sv ? "avvisade" : "rejected",
        ])
        var strips = TextTable([.left, .left])
        strips.maxWidth = 28
        let rows = rep.organisations.map { o -> [String: Any] in
            // An organisation not expected every week is not missing in the weeks it sent nothing.
            let missing = o.organisation.expectedWeekly ? "\(o.missingWeeks)" : "–"
            table.add([o.organisation.name, "\(o.reportedWeeks)", "\(o.zeroWeeks)", missing, "\(o.rejected)"])
            let strip = String(o.marks.map { $0 == .reported ? "■" : $0 == .zeroReport ? "○" : "·" })
            strips.add([o.organisation.name, strip])
            return [
                "name": o.organisation.name, "reported": o.reportedWeeks, "zero": o.zeroWeeks, "missing": missing,
                "rejected": o.rejected, "incidents": o.incidents, "expectedWeekly": o.organisation.expectedWeekly,
                "missingMost": o.organisation.expectedWeekly && o.missingWeeks * 2 > max(1, o.marks.count),
            ]
        }
        let shares = rep.reportingPerWeek.map { rep.expected == 0 ? 0 : Double($0) / Double(rep.expected) }
        let mean = shares.isEmpty ? 0 : shares.reduce(0, +) / Double(shares.count)
        var low: [String: Any] = [:]
        if let least = shares.min(), let at = shares.firstIndex(of: least) {
            low = ["lowestShare": l.percent(least), "lowestWeek": l.weekShort(rep.weeks[at])]
        }
        let bars = BarChart.bars(
            rep.reportingPerWeek, partial: rep.weeks.map { _ in false }, width: Self.large.width, maxHeight: Self.large.height,
            scale: rep.expected)
        var c: [String: Any] = [
            "hasReporting": !rows.isEmpty, "organisations": rows, "organisationTable": table.render(indent: "  "),
            "stripTable": strips.render(indent: "  "), "reportingWeekRange": l.weekRange(rep.weeks),
            "reportingWeekCount": rep.weeks.count, "expected": rep.expected,
            "hasOccasional": rep.organisations.contains { !$0.organisation.expectedWeekly },
            "hasShare": rep.expected > 0 && !rep.weeks.isEmpty,
            "meanShare": l.percent(mean), "shareBars": bars,
            "shareSparkline": Sparkline.render(rep.reportingPerWeek),
        ]
        c.merge(low) { $1 }
        return c
    }

    // MARK: How reporting works

    var process: [String: Any] {
        let l = labels, p = report.process
        let reasons = p.reasons.map { r -> [String: Any] in
            let text = (r.field.map { "\($0): " } ?? "") + r.text
            return ["count": r.count, "text": text, "line": TextWrap.wrap("\(r.count) × \(text)", width: Self.textWidth, indent: "  ")]
        }
        var c: [String: Any] = [
            "acceptedReports": p.accepted, "zeroReports": p.zeroReports, "rejectedReports": p.rejected,
            "receivedReports": p.accepted + p.zeroReports + p.rejected, "reasons": reasons, "hasReasons": !reasons.isEmpty,
            "countedIncidents": p.incidents, "corrected": p.corrected, "withdrawn": p.withdrawn,
            "hasDelay": p.medianDelayDays != nil,
        ]
        if let median = p.medianDelayDays {
            let days = median == median.rounded() ? "\(Int(median))" : l.decimal(median)
            c["medianDelay"] = days
            c["medianDelayUnit"] = l.sv ? (median == 1 ? "dag" : "dagar") : (median == 1 ? "day" : "days")
        }
        return c
    }

    // MARK: Insatser

    var insatser: [String: Any] {
        let l = labels
        let rows = report.insatser.map { i -> [String: Any] in
            let areas = i.areas.map { id in report.areas.first { $0.area.id == id }?.area.name ?? id }.joined(separator: ", ")
            let end = i.end.map(l.date) ?? (l.sv ? "pågår" : "ongoing")
            let head = "\(i.reference) \(i.title) (\(areas); \(l.status(i.status)), \(l.date(i.start))–\(end))"
            return [
                "reference": i.reference, "title": i.title, "areas": areas, "status": l.status(i.status), "start": l.date(i.start),
                "end": end, "figures": i.figures, "sentence": i.sentence,
                "text": [
                    TextWrap.wrap(head, width: Self.textWidth, indent: "  "),
                    Self.wrap(i.figures, indent: "    "), Self.wrap(i.sentence, indent: "    "),
                ].filter { !$0.isEmpty }.joined(separator: "\n"),
            ]
        }
        return ["hasInsatser": !rows.isEmpty, "insatser": rows]
    }

    // MARK: What the numbers cannot say

    var caveats: [String: Any] {
        let l = labels, cv = report.caveats
        let names = { (list: [Organisation]) in Self.list(list.map(\.name), sv: l.sv) }
        return [
            "dataSince": cv.dataSince.map(l.date) ?? "", "hasDataSince": cv.dataSince != nil,
            "hasStarted": !cv.started.isEmpty, "started": names(cv.started), "startedCount": cv.started.count,
            "startedLines": TextWrap.wrap(names(cv.started), width: Self.textWidth, indent: "  "),
            "hasStopped": !cv.stopped.isEmpty, "stopped": names(cv.stopped), "stoppedCount": cv.stopped.count,
            "stoppedLines": TextWrap.wrap(names(cv.stopped), width: Self.textWidth, indent: "  "),
            "steadyReporting": cv.started.isEmpty && cv.stopped.isEmpty,
            "smallSeries": cv.smallSeries, "seriesCount": cv.series, "hasSmallSeries": cv.smallSeries > 0,
        ]
    }

    // MARK: Attachments

    var files: [String: Any] {
        let rows = attachments.map { a -> [String: Any] in
            let kilobytes = max(1, (a.data.count + 512) / 1024)
            return ["filename": a.filename, "size": "\(kilobytes) kB"]
        }
        return ["hasAttachments": !rows.isEmpty, "attachments": rows]
    }
}
