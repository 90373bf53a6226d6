import Foundation
import MailServerHarness

/// The demo's configuration: the example file's areas and categories, the demo servers, and
/// organisations whose reporters have mailboxes on the demo's Dovecot.
enum DemoConfiguration {
    static func yaml(repo: URL, servers: MailServers, gateway: String, database: String) throws -> String {
        let example = try String(contentsOfFile: repo.appendingPathComponent("config/est-gateway.example.yaml").path, encoding: .utf8)
        let areas = example.components(separatedBy: "\nareas:\n")[1].components(separatedBy: "\n# Organisations")[0]
        let categories = example.components(separatedBy: "\ncategories:\n")[1]
        let d = servers.domain
        return """
            time_zone: Europe/Stockholm
            language: sv
            instance:
              name: est-demo
              address: \(gateway)
              message_id_domain: est.\(d)
            storage:
              database: \(database)
            imap:
              url: \(servers.imapsURL)
              username: \(gateway)
              password_env: EST_IMAP_PASSWORD
              ca_file: \(servers.caCertificatePath)
            smtp:
              url: \(servers.smtpURL)
              ca_file: \(servers.caCertificatePath)
              helo_name: est.\(d)
            replies:
              templates: \(repo.appendingPathComponent("templates").path)
            areas:
            \(areas)
            organisations:
              mimer:
                name: Bostads AB Mimer
                addresses: [anna.lind@\(d)]
                areas: [raby, hammarby, backby-skalby]
                contact: anna.lind@\(d)
              rabyskolan:
                name: Råbyskolan
                addresses: [rektor@\(d)]
                areas: [raby]
              ica-backby:
                name: ICA Bäckby
                addresses: [butik.backby@\(d)]
                areas: [backby-skalby]
              nordic-guard:
                name: Nordic Guard Security
                addresses: [night.ops@\(d)]
                language: en
              hammarby-fritidsgard:
                name: Hammarby fritidsgård
                addresses: [fritidsgard@\(d)]
                areas: [hammarby]
            categories:
            \(categories)
            """
    }
}
