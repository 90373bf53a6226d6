import Domain
import Testing

@testable import Reports

@Suite("Field lines and blocks") struct BlockTests {
    @Test(
        "separators",
        arguments: [
            "Område: Råby", "Område = Råby", "Område - Råby", "Område – Råby", "Område:Råby",
            "  Område :  Råby  ", "Område*: Råby", "*Område:* Råby", "OMRÅDE: Råby", "omrade: Råby",
            "- Område: Råby", "Område\u{a0}: Råby",
        ])
    func separators(_ line: String) {
        let text = line + "\n" + report(["Område": nil])
        #expect(single(parse(text))?.area == "raby", "\(line)")
    }

    @Test func aDashWithoutSpacesIsNotASeparator() {
        #expect(FieldLines.match("Område-Råby") == nil)
        #expect(FieldLines.match("Plats - Råbyvägen 12")?.value == "Råbyvägen 12")
        #expect(FieldLines.match("Kl 21:30") == nil)
    }

    @Test(
        "field synonyms",
        arguments: [
            ("Adress", ReportField.place), ("Var", .place), ("Gata", .place), ("Exakt plats", .place), ("Lokal", .place),
            ("Place", .place), ("Location", .place), ("Dag", .date), ("När", .date), ("Date", .date), ("Vad hände", .description),
            ("Händelseförlopp", .description), ("Fritext", .description), ("Kommentar", .description), ("Description", .description),
            ("Verksamhet", .organisation), ("Avsändare", .organisation), ("Typ av plats", .placeType), ("Tid på dygnet", .time),
            ("Stadsdel", .area), ("Händelsetyp", .category), ("Polisanmälan", .policeReported), ("Har hänt förut", .recurring),
        ])
    func synonyms(_ name: String, _ field: ReportField) {
        #expect(FieldLines.match(Substring("\(name): x"))?.field == field, "\(name)")
        #expect(FieldLines.match(Substring("\(name.uppercased())*: x"))?.field == field, "\(name)")
    }

    @Test func requiredFieldSynonymsReadAReport() {
        let text = """
            Stadsdel: Råby
            Adress: Råbyvägen 12
            När: igår
            Vad: Klotter
            Vad hände: Tags på väggen
            """
        let i = single(parse(text))
        #expect(i?.place == "Råbyvägen 12" && i?.description == "Tags på väggen" && i?.date == day("2018-09-04"))
    }

    @Test func linesBeforeTheFirstFieldAreIgnored() {
        let r = parse("Hej!\nHär kommer veckans rapport från Mimer.\n\n" + report())
        #expect(single(r)?.description == "Klotter på väggen.")
        #expect(r.warnings.isEmpty)
    }

    @Test func incidentMarkersStartBlocks() {
        let text = """
            Händelse 1
            \(report())

            Händelse 2:
            \(report(["Område": "Hammarby", "Kategori": "Brand"]))
            Incident 3
            \(report(["Område": "Bäckby", "Kategori": "SKRP"]))
            """
        let r = parse(text)
        #expect(r.isAccepted)
        #expect(r.incidents.map(\.area) == ["raby", "hammarby", "backby-skalby"])
        #expect(r.incidents.map(\.categories) == [["KLOT"], ["BRND"], ["SKRP"]])
    }

    @Test func markerWithNumberAndTitle() {
        #expect(FieldLines.isIncidentMarker("Händelse"))
        #expect(FieldLines.isIncidentMarker("HÄNDELSE 2:"))
        #expect(FieldLines.isIncidentMarker("Händelse nr 2 – klotter"))
        #expect(FieldLines.isIncidentMarker("Incident 3"))
        #expect(FieldLines.isIncidentMarker("**Händelse 4**"))
        #expect(!FieldLines.isIncidentMarker("Händelsen inträffade vid 21"))
        #expect(!FieldLines.isIncidentMarker("Incident at the school"))
    }

    @Test func separatorLinesStartBlocks() {
        for sep in ["---", "-----", "===", "______", "- - -"] {
            let r = parse(report() + "\n\(sep)\n" + report(["Område": "Hammarby"]))
            #expect(r.incidents.map(\.area) == ["raby", "hammarby"], "\(sep)")
        }
    }

    @Test func aRepeatedFieldStartsTheNextIncident() {
        let text = report() + "\n" + report(["Område": "Hammarby", "Datum": "igår"])
        let r = parse(text)
        #expect(r.incidents.count == 2)
        #expect(r.incidents[1].area == "hammarby" && r.incidents[1].date == day("2018-09-04"))
    }

    @Test func incidentNumbersInDiagnostics() {
        let text = report() + "\n---\n" + report(["Datum": "i morgon"])
        let r = parse(text)
        #expect(r.errors == [Diagnostic(incident: 2, field: "Datum", line: 9, kind: .unparseableDate(value: "i morgon"))])
        #expect(r.incidents.isEmpty, "one error rejects the whole mail")
    }

    @Test func continuationForFreeTextFields() {
        let text = """
            Område: Råby
            Plats: Råbyvägen 12,
            uppgång B
            Datum: 3/9
            Kategori: Klotter
            Beskrivning: Stora tags på väggen.
            Även en krossad ruta.

            Fastighetsskötaren är informerad.
            Åtgärd: Sanering beställd
            till fredag.
            """
        let i = single(parse(text))
        #expect(i?.place == "Råbyvägen 12,\nuppgång B")
        #expect(i?.description == "Stora tags på väggen.\nÄven en krossad ruta.\n\nFastighetsskötaren är informerad.")
        #expect(i?.action == "Sanering beställd\ntill fredag.")
    }

    @Test func continuationAfterOtherFieldsIsIgnoredWithAWarning() {
        let text = report(["Kategori": nil], extra: ["Kategori: Klotter", "och lite skadegörelse", "Tid: 21"])
        let r = parse(text)
        #expect(single(r)?.categories == ["KLOT"])
        #expect(r.warnings == [Diagnostic(incident: 1, field: "Kategori", line: 6, kind: .ignoredLine(text: "och lite skadegörelse"))])
        #expect(r.warnings[0].message(.swedish).contains("och lite skadegörelse"))
    }

    @Test func emptyValueTakesTheNextLine() {
        let text = "Område:\nRåby\nPlats: Torget\nDatum:\n3/9\nKategori: Klotter\nBeskrivning:\nTags."
        let i = single(parse(text))
        #expect(i?.area == "raby" && i?.date == day("2018-09-03") && i?.description == "Tags.")
    }

    @Test func missingRequiredFieldsAreErrorsPerField() {
        let r = parse("Område: Råby\nKategori: Klotter\nTid: 21")
        #expect(
            r.errors == [
                Diagnostic(incident: 1, field: "Plats", line: 1, kind: .missingField),
                Diagnostic(incident: 1, field: "Datum", line: 1, kind: .missingField),
                Diagnostic(incident: 1, field: "Beskrivning", line: 1, kind: .missingField),
            ])
        #expect(r.errors[0].message(.swedish) == "Fältet Plats saknas eller är tomt")
        #expect(r.errors[1].message(.english) == "The field Datum (date) is missing or empty")
        #expect(r.hasFieldLines)
        let empty = parse(report(["Plats": ""]))
        #expect(empty.errors == [Diagnostic(incident: 1, field: "Plats", line: 2, kind: .missingField)])
    }

    @Test func fullNormalisedIncident() {
        let text = """
            Område: Bäckby
            Plats: Bäckby centrum, vid ICA
            Datum: igår
            Tid: 21-23
            Kategori: Stök, berusade
            Beskrivning: Grupp som bråkade.
            Platstyp: centrum
            Antal personer: 5-10
            Bedömning: hög
            Polisanmält: vet ej
            Åtgärd: Väktare tillkallad
            Återkommande: ja
            Koordinater: 59.6340, 16.4855
            """
        let i = single(parse(text))
        #expect(
            i
                == Incident(
                    area: "backby-skalby", place: "Bäckby centrum, vid ICA", placeType: "centrum/butik",
                    date: day("2018-09-04"), timeFrom: "21:00", timeTo: "23:00", categories: ["STOK"],
                    description: "Grupp som bråkade.", personsMin: 5, personsMax: 10, severity: 3,
                    policeReported: .unknown, action: "Väktare tillkallad", recurring: true, lat: 59.6340, lon: 16.4855))
    }
}
