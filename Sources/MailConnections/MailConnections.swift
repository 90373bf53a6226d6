import Daemon
import Foundation
import Logging
import MailTransport
import Settings

/// The IMAP and SMTP clients the daemon connects with, built from the settings with their secrets
/// read (from the environment or from files, never from the YAML).
public struct MailConnections: Sendable {
    public let imap: IMAPClient
    public let smtp: SMTPClient

    public enum Failure: Error, CustomStringConvertible {
        /// A secret is missing or unreadable, or the daemon part of the configuration is absent.
        case settings(SettingsError)
        /// A server URL or user name cannot be used.
        case transport(TransportError)

        public var description: String {
            switch self {
            case .settings(let error): "\(error)"
            case .transport(let error): "\(error)"
            }
        }
    }

    public init(
        settings: GatewaySettings, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws(Failure) {
        do {
            let (imap, smtp) = try Self.configurations(settings, environment: environment)
            self.imap = try IMAPClient(configuration: imap, logger: logger)
            self.smtp = try SMTPClient(configuration: smtp, logger: logger)
            if imap.allowInsecureTransport || smtp.allowInsecureTransport {
                logger.warning(
                    "plaintext mail transport allowed by configuration: passwords and reports cross the network unencrypted; use only on loopback test servers"
                )
            }
        } catch let error as SettingsError {
            throw .settings(error)
        } catch let error as TransportError {
            throw .transport(error)
        } catch {
            throw .transport(.invalidRequest(detail: "\(error)"))
        }
    }

    /// Reads the secrets named by the settings; a missing one is a SettingsError naming it.
    public static func configurations(
        _ settings: GatewaySettings, environment: [String: String]
    )
        throws(SettingsError) -> (IMAPConfiguration, SMTPConfiguration)
    {
        let mail = try DaemonConfiguration.mail(settings)
        let imapAuth = try authentication(mail.imap.credential, environment: environment)
        let smtpAuth = try mail.smtp.credential.map { login throws(SettingsError) in try authentication(login, environment: environment) }
        return (
            IMAPConfiguration(
                url: mail.imap.url, username: mail.imap.username, auth: imapAuth, caFile: mail.imap.caFile,
                allowInsecureTransport: mail.imap.allowInsecureTransport),
            SMTPConfiguration(
                url: mail.smtp.url, username: mail.smtp.username, auth: smtpAuth,
                caFile: mail.smtp.caFile, allowInsecureTransport: mail.smtp.allowInsecureTransport,
                heloName: mail.smtp.heloName)
        )
    }

    /// A password is read once, here; a token file is only named, and read for every connection.
    static func authentication(_ login: MailLogin, environment: [String: String]) throws(SettingsError) -> MailAuthentication {
        switch login {
        case .password(let source, let mechanism):
            return .password(try source.read(environment: environment), mechanism: mechanism)
        case .xoauth2(let file):
            return .xoauth2(tokenFile: file)
        }
    }
}
