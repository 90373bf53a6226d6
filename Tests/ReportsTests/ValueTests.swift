import Domain
import Testing

@testable import Reports

@Suite("Times") struct TimeTests {
    @Test(
        "clock times",
        arguments: [
            ("21:30", "21:30", nil), ("21.30", "21:30", nil), ("kl 21", "21:00", nil), ("kl. 21", "21:00", nil),
            ("Klockan 21", "21:00", nil), ("2130", "21:30", nil), ("930", "09:30", nil), ("9", "09:00", nil),
            ("ca 21:30", "21:30", nil), ("21:30:15", "21:30", nil), ("00:15", "00:15", nil), ("9 pm", "21:00", nil),
            ("21-23", "21:00", "23:00"), ("21–23", "21:00", "23:00"), ("21:00–23:30", "21:00", "23:30"),
            ("21:00 - 23:30", "21:00", "23:30"), ("kl 21-23", "21:00", "23:00"), ("mellan 21 och 23", "21:00", "23:00"),
            ("23-01", "23:00", "01:00"), ("22-24", "22:00", "24:00"), ("vid 21-tiden", "21:00", nil),
            ("21.00-23.00", "21:00", "23:00"), ("2100-2300", "21:00", "23:00"),
        ] as [(String, String, String?)])
    func clock(_ value: String, _ from: String, _ to: String?) {
        let i = single(parse(report(["Tid": value])))
        #expect(i?.timeFrom == from, "\(value)")
        #expect(i?.timeTo == to, "\(value)")
        #expect(i?.timeOfDay == nil)
    }

    @Test(
        "parts of the day",
        arguments: [
            ("natt", PartOfDay.natt), ("på natten", .natt), ("morgon", .morgon), ("på morgonen", .morgon),
            ("förmiddag", .formiddag), ("Förmiddagen", .formiddag), ("fm", .formiddag), ("eftermiddag", .eftermiddag),
            ("em", .eftermiddag), ("kväll", .kvall), ("sent på kvällen", .kvall), ("Kvällstid", .kvall), ("dag", .dag),
            ("dagtid", .dag), ("under dagen", .dag),
        ])
    func parts(_ value: String, _ part: PartOfDay) {
        let i = single(parse(report(["Tid": value])))
        #expect(i?.timeOfDay == part, "\(value)")
        #expect(i?.timeFrom == nil && i?.timeTo == nil)
    }

    @Test("bad times", arguments: ["25:00", "21:75", "snart", "kl 21 eller 22 kanske", "24"])
    func bad(_ value: String) {
        let r = parse(report(["Tid": value]))
        #expect(r.errors == [Diagnostic(incident: 1, field: "Tid", line: 6, kind: .badTime(value: value))], "\(value)")
    }

    @Test func timeSynonyms() {
        for name in ["Tid", "Kl", "Klockan", "Tidpunkt", "Tid på dygnet", "Time", "tid på dygnet*"] {
            #expect(single(parse(report([name: "21:30"])))?.timeFrom == "21:30", "\(name)")
        }
    }
}

@Suite("Other values") struct OtherValueTests {
    @Test(
        "persons",
        arguments: [
            ("10", 10, 10), ("ca 10", 10, 10), ("c:a 10", 10, 10), ("cirka 10", 10, 10), ("5-10", 5, 10), ("5–10", 5, 10),
            ("5 - 10 personer", 5, 10), ("ca 5-10 ungdomar", 5, 10), ("10 st", 10, 10), ("tre", 3, 3), ("0", 0, 0),
        ] as [(String, Int, Int?)])
    func persons(_ value: String, _ lo: Int, _ hi: Int?) {
        let i = single(parse(report(["Antal personer": value])))
        #expect(i?.personsMin == lo && i?.personsMax == hi, "\(value)")
    }

    @Test func personsSynonymsAndErrors() {
        for name in ["Antal", "Ca antal", "Hur många", "ANTAL PERSONER"] {
            #expect(single(parse(report([name: "ca 10"])))?.personsMin == 10, "\(name)")
        }
        for bad in ["många", "10-5", "5 och 6 och 7"] {
            let r = parse(report(["Antal personer": bad]))
            #expect(r.errors.map(\.kind) == [.badPersons(value: bad)], "\(bad)")
            #expect(r.errors.first?.field == "Antal personer" && r.errors.first?.line == 6)
        }
    }

    @Test(
        "severity",
        arguments: [("1", 1), ("2", 2), ("3", 3), ("låg", 1), ("Medel", 2), ("hög", 3), ("hog", 3), ("2 (medel)", 2), ("3 - hög", 3)])
    func severity(_ value: String, _ expected: Int) {
        #expect(single(parse(report(["Bedömning": value])))?.severity == expected, "\(value)")
    }

    @Test func severitySynonymsAndErrors() {
        for name in ["Allvarlighetsgrad", "Påverkan på tryggheten", "Bedomning"] {
            #expect(single(parse(report([name: "3"])))?.severity == 3, "\(name)")
        }
        for bad in ["4", "0", "jättehög", "12"] {
            #expect(parse(report(["Bedömning": bad])).errors.map(\.kind) == [.badSeverity(value: bad)], "\(bad)")
        }
    }

    @Test(
        "police reported",
        arguments: [
            ("ja", PoliceReported.yes), ("Ja.", .yes), ("ja, K123456-18", .yes), ("nej", .no), ("Nej", .no),
            ("vet ej", .unknown), ("Vet inte", .unknown), ("yes", .yes), ("no", .no),
        ])
    func police(_ value: String, _ expected: PoliceReported) {
        #expect(single(parse(report(["Polisanmält": value])))?.policeReported == expected, "\(value)")
    }

    @Test func policeSynonymsAndErrors() {
        for name in ["Anmält", "Polisanmälan", "polisanmalt"] {
            #expect(single(parse(report([name: "ja"])))?.policeReported == .yes, "\(name)")
        }
        let r = parse(report(["Polisanmält": "kanske"]))
        #expect(r.errors == [Diagnostic(incident: 1, field: "Polisanmält", line: 6, kind: .badYesNo(value: "kanske"))])
        #expect(r.errors[0].expected(.swedish) == "ja, nej eller vet ej")
    }

    @Test func recurring() {
        #expect(single(parse(report(["Återkommande": "ja"])))?.recurring == true)
        #expect(single(parse(report(["Återkommande": "Nej"])))?.recurring == false)
        #expect(single(parse(report(["Upprepat": "ja"])))?.recurring == true)
        #expect(single(parse(report(["Har hänt förut": "nej"])))?.recurring == false)
        #expect(single(parse(report()))?.recurring == nil)
        let r = parse(report(["Återkommande": "ofta"]))
        #expect(r.errors == [Diagnostic(incident: 1, field: "Återkommande", line: 6, kind: .badYesNo(value: "ofta"))])
        #expect(r.errors[0].expected(.swedish) == "ja eller nej")
    }

    @Test(
        "coordinates",
        arguments: [
            ("59.6162, 16.5528", 59.6162, 16.5528), ("59.6162,16.5528", 59.6162, 16.5528), ("59.6162 16.5528", 59.6162, 16.5528),
            ("59,6162, 16,5528", 59.6162, 16.5528), ("59.6162; 16.5528", 59.6162, 16.5528), ("-33.9, 151.2", -33.9, 151.2),
        ])
    func coordinates(_ value: String, _ lat: Double, _ lon: Double) {
        let i = single(parse(report(["Koordinater": value])))
        #expect(i?.lat == lat && i?.lon == lon, "\(value)")
    }

    @Test func coordinateSynonymsAndErrors() {
        #expect(single(parse(report(["Position": "59.6, 16.5"])))?.lat == 59.6)
        #expect(single(parse(report(["Koordinat": "59.6, 16.5"])))?.lon == 16.5)
        let out = parse(report(["Koordinater": "95.0, 16.5"]))
        #expect(out.errors == [Diagnostic(incident: 1, field: "Koordinater", line: 6, kind: .coordinatesOutOfRange)])
        #expect(parse(report(["Koordinater": "59.6, 190"])).errors.map(\.kind) == [.coordinatesOutOfRange])
        let bad = parse(report(["Koordinater": "vid kiosken"]))
        #expect(bad.errors == [Diagnostic(incident: 1, field: "Koordinater", line: 6, kind: .badCoordinates(value: "vid kiosken"))])
    }

    @Test(
        "place types",
        arguments: [
            ("trapphus", "trapphus"), ("Trapphuset", "trapphus"), ("källare", "källare/förråd"), ("förråd", "källare/förråd"),
            ("Källare/förråd", "källare/förråd"), ("lekplats", "gård/lekplats"), ("gård/lekplats", "gård/lekplats"),
            ("skola", "skola"), ("centrum", "centrum/butik"), ("butik", "centrum/butik"), ("hållplats", "hållplats"),
            ("Hallplats", "hållplats"), ("park", "park"), ("garage", "parkering/garage"), ("parkering", "parkering/garage"),
            ("gång- och cykelväg", "gång- och cykelväg"), ("GC-väg", "gång- och cykelväg"), ("fritidsgård", "fritidsgård"),
            ("annat", "annat"),
        ])
    func placeTypes(_ value: String, _ expected: String) {
        #expect(single(parse(report(["Platstyp": value])))?.placeType == expected, "\(value)")
        #expect(single(parse(report(["Typ av plats": value])))?.placeType == expected, "\(value)")
    }

    @Test func unknownPlaceType() {
        let r = parse(report(["Platstyp": "tvättstuga"]))
        #expect(r.errors == [Diagnostic(incident: 1, field: "Platstyp", line: 6, kind: .unknownPlaceType(value: "tvättstuga"))])
        #expect(r.errors[0].expected(.swedish)?.hasPrefix("en av: trapphus, källare/förråd") == true)
    }

    @Test func actionIsFreeTextAndOptional() {
        #expect(single(parse(report(["Åtgärd": "Sanerat"])))?.action == "Sanerat")
        #expect(single(parse(report(["Vidtagen åtgärd": "Sanerat"])))?.action == "Sanerat")
        #expect(single(parse(report(["Åtgärdat": "Sanerat"])))?.action == "Sanerat")
        #expect(single(parse(report()))?.action == nil)
    }
}
