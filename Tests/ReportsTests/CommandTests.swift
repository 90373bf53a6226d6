import Domain
import Foundation
import Testing

@testable import Reports

@Suite("Corrections and withdrawals: reading the commands") struct CommandTests {
    /// The acknowledgment a reporter answers, as the gateway wrote it: field lines that must never be
    /// read as a correction when quoted below the command.
    static let acknowledgment = """
        Hej!

        Tack för rapporten från Bostads AB Mimer. Händelsen är registrerad med referensnumret EST-2018-000123.

        Händelse 1 – EST-2018-000123
          Område:      Råby
          Datum:       2018-09-03
          Plats:       Råbyvägen 12
          Kategori:    Klotter (KLOT)
          Beskrivning: Klotter på väggen.
        """

    func withdrawals(_ r: ParsedReport) -> [String?] { r.commands.filter(\.isWithdrawal).map(\.reference) }

    func patch(_ r: ParsedReport, _ index: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) -> IncidentPatch? {
        guard index < r.commands.count, case .correct(let p) = r.commands[index].action else {
            Issue.record(
                "no correction \(index + 1): \(r.commands), errors \(r.errors.map { $0.message(.english) })", sourceLocation: sourceLocation
            )
            return nil
        }
        return p
    }

    @Test(
        "withdrawal forms",
        arguments: [
            "Återkalla EST-2018-000123", "återkalla est-2018-000123", "Ångra EST-2018-000123", "Ta bort EST-2018-000123",
            "Stryk EST-2018-000123", "Återkalla: EST-2018-000123", "ÅTERKALLA EST-2018-000123.", "Aterkalla EST-2018-123",
            "**Återkalla** EST-2018-000123", "Hej!\n\nÅterkalla EST-2018-000123\n\nMvh Anna", "Withdraw EST-2018-000123",
        ])
    func withdrawal(_ body: String) {
        let r = parse(body)
        #expect(r.errors.isEmpty, "\(body): \(r.errors.map { $0.message(.english) })")
        #expect(r.isAccepted && r.hasCommands && r.incidents.isEmpty && !r.isZeroReport)
        #expect(withdrawals(r) == ["EST-2018-000123"], "\(body)")
    }

    @Test func severalReferencesOnOneLineAndSeveralLines() {
        let r = parse("Återkalla EST-2018-000123, EST-2018-000124 och EST-2018-000125\nStryk EST-2018-000126")
        #expect(r.errors.isEmpty)
        #expect(withdrawals(r) == ["EST-2018-000123", "EST-2018-000124", "EST-2018-000125", "EST-2018-000126"])
    }

    @Test func bareWithdrawalHasNoReference() {
        let r = parse("Återkalla\n\n" + Self.quoted(Self.acknowledgment, style: .gmail))
        #expect(r.errors.isEmpty, "\(r.errors.map { $0.message(.english) })")
        #expect(withdrawals(r) == [nil])
    }

    @Test func correctionReplacesOnlyTheFieldsGiven() throws {
        let r = parse("Rätta EST-2018-000123\nOmråde: Hammarby\nDatum: igår\nTid: kväll")
        #expect(r.errors.isEmpty, "\(r.errors.map { $0.message(.english) })")
        let p = try #require(patch(r))
        #expect(r.commands[0].reference == "EST-2018-000123")
        #expect(p.fields == [.area, .date, .time])
        #expect(p.area == "hammarby" && p.date == day("2018-09-04") && p.time?.part == .kvall)
        let old = Incident(
            area: "raby", place: "Råbyvägen 12", date: day("2018-09-03"), timeFrom: "21:30", categories: ["KLOT"],
            description: "Klotter på väggen.", severity: 2)
        let new = p.applied(to: old)
        #expect(new.area == "hammarby" && new.date == day("2018-09-04") && new.timeFrom == nil && new.timeOfDay == .kvall)
        #expect(new.place == old.place && new.categories == old.categories && new.severity == 2)
    }

    @Test func correctionSynonymsAndSeveralCorrections() throws {
        let r = parse(
            """
            Korrigera EST-2018-000123:
            Kategori: Skadegörelse, klotter

            Ändra EST-2018-000124
            Plats: Råbyvägen 14, källaren
            Beskrivning: Dörren uppbruten.
            Fortsättning på beskrivningen.
            Återkalla EST-2018-000125
            """)
        #expect(r.errors.isEmpty, "\(r.errors.map { $0.message(.english) })")
        #expect(r.commands.map(\.reference) == ["EST-2018-000123", "EST-2018-000124", "EST-2018-000125"])
        #expect(try #require(patch(r, 0)).categories == ["SKAD", "KLOT"])
        let second = try #require(patch(r, 1))
        #expect(second.place == "Råbyvägen 14, källaren")
        #expect(second.description == "Dörren uppbruten.\nFortsättning på beskrivningen.")
        #expect(r.commands[2].isWithdrawal)
    }

    @Test func anEmptyOptionalFieldClearsItAndAnEmptyRequiredOneIsAnError() throws {
        let cleared = parse("Rätta EST-2018-000123\nPlatstyp:\nBedömning: 3")
        let p = try #require(patch(cleared))
        #expect(p.has(.placeType) && p.placeType == nil && p.severity == 3)
        let old = Incident(
            area: "raby", place: "x", placeType: "trapphus", date: day("2018-09-03"), categories: ["KLOT"], description: "y")
        #expect(p.applied(to: old).placeType == nil)

        let bad = parse("Rätta EST-2018-000123\nPlats:")
        #expect(!bad.isAccepted && bad.commands.isEmpty)
        #expect(bad.errors.map(\.kind) == [.missingField])
        #expect(bad.errors[0].reference == "EST-2018-000123" && bad.errors[0].incident == nil && bad.errors[0].field == "Plats")
    }

    @Test func aCorrectedValueIsCheckedLikeANewOne() {
        let r = parse("Rätta EST-2018-000123\nDatum: 2018-09-30\nKategori: klottring")
        #expect(!r.isAccepted)
        #expect(r.errors.map(\.kind.name) == ["dateInFuture", "unknownCategory"])
        #expect(r.errors.allSatisfy { $0.reference == "EST-2018-000123" })
        // The organisation's areas hold for corrections too.
        let school = parse("Rätta EST-2018-000123\nOmråde: Hammarby", organisation: rabyskolan)
        #expect(school.errors.map(\.kind.name) == ["areaNotAllowed"])
    }

    @Test func correctionWithoutFieldsOrWithSeveralReferencesIsRejected() {
        #expect(parse("Rätta EST-2018-000123\n\nMvh Anna").errors.map(\.kind) == [.correctionWithoutFields])
        #expect(parse("Rätta EST-2018-000123, EST-2018-000124\nOmråde: Råby").errors.map(\.kind) == [.correctionNeedsOneReference])
    }

    @Test func theSameReferenceTwiceIsRejected() {
        let r = parse("Återkalla EST-2018-000123\nRätta EST-2018-000123\nOmråde: Hammarby")
        #expect(r.errors.map(\.kind) == [.repeatedReference])
    }

    @Test func commandsAndNewIncidentsInOneMailAreRejected() {
        let r = parse("Återkalla EST-2018-000123\n\nHändelse 1\n" + report())
        #expect(!r.isAccepted && r.incidents.isEmpty && r.commands.isEmpty)
        #expect(r.errors.map(\.kind) == [.commandsWithIncidents])
        #expect(r.errors[0].line == 4)  // where the first incident's fields start
        #expect(r.errors[0].message(.swedish).contains("separata mejl"))
        // A repeated field under a correction starts a new incident: the same rejection, not a silent merge.
        let twice = parse("Rätta EST-2018-000123\nOmråde: Hammarby\n" + report())
        #expect(twice.errors.map(\.kind).contains(.commandsWithIncidents))
    }

    @Test func aSafetyRatingIsReportContentToo() {
        let r = parse("Återkalla EST-2018-000123\nTrygghet: 3")
        #expect(r.errors.map(\.kind) == [.commandsWithIncidents] && r.errors.first?.line == 2)
        #expect(r.safety.isEmpty && r.commands.isEmpty)
    }

    @Test(
        "prose is not a command",
        arguments: [
            "Jag vill återkalla EST-2018-000123", "Återkalla händelsen från igår", "Ta bort klottret", "Ändra gärna texten",
        ])
    func prose(_ body: String) {
        let r = parse(body)
        #expect(!r.hasCommands, "\(body)")
        #expect(r.errors.map(\.kind) == [.emptyReport])
    }

    @Test func aBareVerbInsideADescriptionIsPartOfIt() {
        let r = parse(report(["Beskrivning": "Boende vill att vi"], extra: ["Ändra", "belysningen."]))
        #expect(!r.hasCommands)
        #expect(single(r)?.description == "Boende vill att vi\nÄndra\nbelysningen.")
    }

    enum Quoting: CaseIterable { case outlook, gmail, iphone, outlookEnglish }

    static func quoted(_ text: String, style: Quoting) -> String {
        switch style {
        case .outlook:
            return """
                ________________________________
                Från: EST-rapportering <est@vasteras.example>
                Skickat: den 5 september 2018 10:02
                Till: Anna Lind <anna.lind@mimer.example>
                Ämne: Re: EST v.36 – Mottagen [EST-2018-000123]

                \(text)
                """
        case .outlookEnglish:
            return """
                -----Original Message-----
                From: EST reporting <est@vasteras.example>
                Sent: Wednesday, September 5, 2018 10:02 AM

                \(text)
                """
        case .gmail:
            return "Den ons 5 sep. 2018 kl 10:02 skrev EST-rapportering <est@vasteras.example>:\n\n"
                + text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
        case .iphone:
            return "Skickat från min iPhone\n\n> 5 sep. 2018 kl. 10:02 skrev EST-rapportering <est@vasteras.example>:\n>\n"
                + text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
        }
    }

    @Test("the quoted acknowledgment is never read as a correction", arguments: Quoting.allCases)
    func quotedAcknowledgment(_ style: Quoting) throws {
        let r = parse("Rätta EST-2018-000123\nOmråde: Hammarby\n\nMvh Anna\n\n" + Self.quoted(Self.acknowledgment, style: style))
        #expect(r.errors.isEmpty, "\(style): \(r.errors.map { $0.message(.english) })")
        let p = try #require(patch(r))
        #expect(p.fields == [.area] && p.area == "hammarby", "\(style)")

        let bare = parse("Återkalla\n\n" + Self.quoted(Self.acknowledgment, style: style))
        #expect(bare.errors.isEmpty && withdrawals(bare) == [nil], "\(style): \(bare.errors.map { $0.message(.english) })")
    }

    @Test func tooManyCommandsAreOneError() {
        let lines = (1...60).map { "Återkalla EST-2018-\(String(format: "%06d", $0))" }.joined(separator: "\n")
        let r = parse(lines)
        #expect(r.errors.map(\.kind) == [.tooManyCommands(count: 60, limit: 50)])
    }

    @Test func everyCommandDiagnosticHasAMessageInBothLanguages() {
        let kinds: [DiagnosticKind] = [
            .commandsWithIncidents, .correctionWithoutFields, .correctionNeedsOneReference, .repeatedReference,
            .tooManyCommands(count: 60, limit: 50), .unknownReference,
            .correctionExpired(storedOn: day("2018-09-03"), maxDays: 30), .alreadyWithdrawn, .noAcknowledgmentAnswered,
            .correctionNeedsReference(references: ["EST-2018-000001", "EST-2018-000002"]),
        ]
        for kind in kinds {
            let d = Diagnostic(reference: "EST-2018-000123", kind: kind)
            for language in Language.allCases {
                #expect(!d.message(language).isEmpty, "\(kind) \(language)")
            }
        }
        #expect(Diagnostic(reference: "EST-2018-000123", kind: .unknownReference).message(.swedish).contains("EST-2018-000123"))
    }

    @Test func referencesAreNormalised() {
        #expect(IncidentReference.normalise("est-2018-123") == "EST-2018-000123")
        #expect(IncidentReference.normalise("EST 2018 000123") == "EST-2018-000123")
        for bad in [
            "EST-18-000123", "EST-2018-1234567", "EST-2018-0", "ABC-2018-000123", "EST-2018-12a", String(repeating: "9", count: 100),
        ] {
            #expect(IncidentReference.normalise(bad) == nil, "\(bad)")
        }
    }
}

extension DiagnosticKind {
    /// The case name, for comparing kinds that carry values.
    var name: String { String(String(describing: self).prefix { $0 != "(" }) }
}
