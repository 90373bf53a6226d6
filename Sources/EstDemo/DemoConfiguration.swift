import Foundation
import MailServerHarness

/// The demo's organisations, whose reporters have mailboxes on the demo's Dovecot.
enum DemoConfiguration {
    static func file(repo: URL, servers: MailServers, gateway: String, database: String) -> GatewayConfigurationFile {
        let d = servers.domain
        var file = GatewayConfigurationFile(
            repoRoot: repo, gateway: gateway, database: database, imapURL: servers.imapsURL, smtpURL: servers.smtpURL,
            caFile: servers.caCertificatePath,
            organisations: [
                .init(
                    id: "mimer", name: "Bostads AB Mimer", addresses: ["anna.lind@\(d)"], areas: ["raby", "hammarby", "backby-skalby"],
                    contact: "anna.lind@\(d)"),
                .init(id: "rabyskolan", name: "Råbyskolan", addresses: ["rektor@\(d)"], areas: ["raby"]),
                .init(id: "ica-backby", name: "ICA Bäckby", addresses: ["butik.backby@\(d)"], areas: ["backby-skalby"]),
                .init(id: "nordic-guard", name: "Nordic Guard Security", addresses: ["night.ops@\(d)"], language: "en"),
                .init(id: "hammarby-fritidsgard", name: "Hammarby fritidsgård", addresses: ["fritidsgard@\(d)"], areas: ["hammarby"]),
            ])
        file.instanceName = "est-demo"
        file.members = ["lena.ek@\(d)"]
        // A six-month pilot that began four weeks ago, so that `report --pilot` has this week's mail to show.
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Europe/Stockholm")
        f.dateFormat = "yyyy-MM-dd"
        file.pilot = (f.string(from: Date().addingTimeInterval(-28 * 86_400)), f.string(from: Date().addingTimeInterval(154 * 86_400)))
        return file
    }
}
