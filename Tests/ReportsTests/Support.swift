import Domain
import Foundation
import Testing

@testable import Reports

/// A catalog mirroring config/est-gateway.example.yaml.
let catalog = Catalog(
    areas: [
        Area(id: "raby", name: "Råby", aliases: ["Raby", "Råby centrum"]),
        Area(id: "hammarby", name: "Hammarby"),
        Area(id: "backby-skalby", name: "Bäckby/Skälby", aliases: ["Bäckby", "Skälby", "Bäckby-Skälby", "Bäckby Skälby"]),
    ],
    categories: [
        Category(code: "SKAD", name: "Skadegörelse", synonyms: ["vandalisering", "krossad ruta", "sönderslagen", "åverkan"]),
        Category(code: "KLOT", name: "Klotter", synonyms: ["graffiti", "tag", "tags", "taggning", "sprayat"]),
        Category(code: "SKRP", name: "Nedskräpning", synonyms: ["skräp", "dumpning", "grovsopor", "glassplitter"]),
        Category(code: "BRND", name: "Brand / anlagd brand", synonyms: ["brand", "bilbrand", "containerbrand", "anlagd brand"]),
        Category(
            code: "STOK", name: "Stök / ordningsstörning",
            synonyms: ["bråk", "ordningsstörning", "störande beteende", "fyrverkerier", "smällare", "berusade"]),
        Category(code: "SAML", name: "Otrygghetsskapande samling", synonyms: ["ungdomssamling", "samling", "gäng", "häng", "tillhåll"]),
        Category(code: "NARK", name: "Narkotika", synonyms: ["droghandel", "langning", "öppen droghantering", "drogpåverkade", "sprutor"]),
        Category(code: "HOT", name: "Hot / trakasserier", synonyms: ["hot", "hotfull", "ofredande", "trakasserier", "provokation"]),
        Category(code: "VALD", name: "Våld", synonyms: ["misshandel", "slagsmål", "rån", "skottlossning", "sprängning"]),
        Category(code: "PERS", name: "Incident mot anställd", synonyms: ["hot mot personal", "hindrad i tjänsten"]),
        Category(
            code: "FORD", name: "Trafik / motorburen problematik",
            synonyms: ["buskörning", "moped", "A-traktor", "epa", "trafik på gång- och cykelväg"]),
        Category(code: "INBR", name: "Inbrott / stöld", synonyms: ["inbrott", "stöld", "källarinbrott", "förrådsinbrott"]),
        Category(
            code: "PLTS", name: "Otrygg plats / fysisk miljö",
            synonyms: ["otrygg plats", "mörkt", "trasig belysning", "belysning", "buskage", "skymd sikt"]),
        Category(code: "RYKT", name: "Rykten / oro", synonyms: ["rykten", "ryktesspridning", "oro", "sociala medier"]),
        Category(code: "ARRG", name: "Arrangemang / planerad händelse", synonyms: ["arrangemang", "evenemang", "demonstration"]),
        Category(code: "OVR", name: "Övrigt", synonyms: ["annat", "övrigt"]),
    ])

let mimer = Organisation(
    id: "mimer", name: "Bostads AB Mimer", domains: ["mimer.example"], allowedAreas: ["raby", "hammarby", "backby-skalby"])
let rabyskolan = Organisation(id: "rabyskolan", name: "Råbyskolan", addresses: ["rektor@rabyskolan.example"], allowedAreas: ["raby"])
let polisen = Organisation(id: "polisen", name: "Polisen Västerås", domains: ["polisen.example"], mayReportForOthers: true)

let stockholm = TimeZone(identifier: "Europe/Stockholm")!

/// An instant given as local Stockholm time `yyyy-MM-dd HH:mm`.
func instant(_ s: String, zone: TimeZone = stockholm) -> Date {
    let parts = s.split(separator: " ")
    let d = LocalDate(iso: String(parts[0]))!
    let hm = parts.count > 1 ? parts[1].split(separator: ":").map { Int($0)! } : [12, 0]
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = zone
    return cal.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: hm[0], minute: hm[1]))!
}

func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

/// 2018-09-05 is a Wednesday (ISO week 36).
let defaultMail = "2018-09-05 10:00"

func parse(
    _ text: String, mail: String? = defaultMail, received: String = defaultMail,
    organisation: Organisation? = mimer
) -> ParsedReport {
    ReportParser.parse(
        ReportInput(
            text: text, mailDate: mail.map { instant($0) }, receivedAt: instant(received), timeZone: stockholm,
            catalog: catalog, organisation: organisation))
}

/// A complete report with one field replaced or added (`nil` value removes the field).
func report(_ overrides: [String: String?] = [:], extra: [String] = []) -> String {
    var fields: [(String, String?)] = [
        ("Område", "Råby"), ("Plats", "Råbyvägen 12"), ("Datum", "2018-09-03"),
        ("Kategori", "Klotter"), ("Beskrivning", "Klotter på väggen."),
    ]
    for (k, v) in overrides {
        if let i = fields.firstIndex(where: { $0.0 == k }) { fields[i].1 = v } else { fields.append((k, v)) }
    }
    return (fields.compactMap { k, v in v.map { "\(k): \($0)" } } + extra).joined(separator: "\n")
}

/// The single incident of an accepted report (fails the test otherwise).
func single(_ r: ParsedReport, sourceLocation: SourceLocation = #_sourceLocation) -> Incident? {
    if !r.errors.isEmpty { Issue.record("unexpected errors: \(r.errors.map { $0.message(.english) })", sourceLocation: sourceLocation) }
    if r.incidents.count != 1 { Issue.record("expected 1 incident, got \(r.incidents.count)", sourceLocation: sourceLocation) }
    return r.incidents.first
}

func dateOf(_ value: String, mail: String = defaultMail) -> LocalDate? {
    let r = parse(report(["Datum": value]), mail: mail)
    return r.incidents.first?.date
}
