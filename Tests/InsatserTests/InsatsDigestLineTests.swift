import Domain
import Insatser
import Testing

/// The digest's Insatser section for week 38 (17–23 September 2018).
@Suite struct InsatsDigestLineTests {
    typealias F = Fixtures
    static let week = ISOWeek(year: 2018, week: 38)

    func digestLine(_ insats: Insats, _ rows: Rows = Rows.counts(target: (40, 6), comparison: (30, 30))) -> InsatsDigestLine? {
        InsatsDigestLine.lines(week: Self.week, effects: [F.effect(insats, rows, lastClosedWeek: Self.week)]).first
    }

    @Test func runningShowsDaysAndCountsSoFarAgainstTheBeforeRate() throws {
        var rows = Rows()
        rows.add(40, in: Rows.before)
        rows.add(3, in: F.days("2018-09-03", "2018-09-23"))
        let line = try #require(digestLine(F.insats(), rows))
        #expect(line.events == [.running])
        #expect(line.daysRunning == 21)
        #expect(line.countSoFar == 3 && line.weeksSoFar == 3 && line.beforeRate == 5)
        #expect(
            line.text(language: .swedish)
                == "INS-2018-0007 Kvällsvandringar (Råby): pågår sedan 2018-09-03, dag 21; hittills 3 händelser på 3 veckor "
                + "(1,0 per vecka; takten före 5,0 per vecka).")
        #expect(
            line.text(language: .english)
                == "INS-2018-0007 Kvällsvandringar (Råby): running since 2018-09-03, day 21; so far 3 incidents in 3 weeks "
                + "(1.0 a week; before 5.0 a week).")
    }

    @Test func startingAndEndingInTheWeek() throws {
        let starting = try #require(digestLine(F.insats(start: "2018-09-20")))
        #expect(starting.events == [.starts] && starting.daysRunning == 4)
        #expect(starting.text(language: .swedish).contains("startade 2018-09-20, dag 4; hittills"))
        let ending = try #require(digestLine(F.insats(start: "2018-09-03", end: "2018-09-19")))
        #expect(ending.events == [.running, .ends] && ending.daysRunning == 17)
        #expect(ending.text(language: .swedish).contains("pågår sedan 2018-09-03, dag 17; slutade 2018-09-19; hittills"))
    }

    /// Ended the week before, follow-up in the week: the counts of its after window and the plain sentence.
    @Test func followUpInTheWeekCarriesTheChangeSentence() throws {
        var rows = Rows()
        rows.add(40, in: F.days("2018-07-02", "2018-08-26"))
        rows.add(6, in: F.days("2018-08-27", "2018-09-16"))
        let line = try #require(digestLine(F.insats(start: "2018-08-27", end: "2018-09-16", followUp: "2018-09-19"), rows))
        #expect(line.events == [.followUp] && line.daysRunning == nil)
        let sentence = try #require(line.effect.sentence(language: .swedish))
        #expect(sentence.hasPrefix("I Råby minskade antalet händelser från 5,0 till 2,0 per vecka"))
        #expect(
            line.text(language: .swedish)
                == "INS-2018-0007 Kvällsvandringar (Råby): uppföljning 2018-09-19; hittills 6 händelser på 3 veckor "
                + "(2,0 per vecka; takten före 5,0 per vecka). \(sentence)")
    }

    @Test func nothingToTellLeavesTheInsatsOut() {
        #expect(digestLine(F.insats(start: "2018-10-01")) == nil, "planned for later")
        #expect(digestLine(F.insats(start: "2018-08-01", end: "2018-09-09")) == nil, "ended the week before")
        #expect(digestLine(F.insats(start: "2018-09-03", status: .avbruten)) == nil, "cancelled")
        let lines = InsatsDigestLine.lines(
            week: Self.week,
            effects: [F.insats(start: "2018-10-01"), F.insats(), F.insats(start: "2018-09-18")].map {
                F.effect($0, Rows(), lastClosedWeek: Self.week)
            })
        #expect(lines.map(\.events) == [[.running], [.starts]])
    }
}
