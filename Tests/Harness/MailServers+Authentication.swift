import Foundation

/// How the test servers authenticate, as real mail servers do: Dovecot checks passwords (PLAIN,
/// LOGIN) against its passwd-files and OAuth 2 bearer tokens (XOAUTH2, OAUTHBEARER) against the
/// introspection endpoint; Postfix's submission listener asks Dovecot (Dovecot SASL) and accepts
/// mail only after STARTTLS and AUTH.
extension MailServers {
    /// The Dovecot auth socket Postfix's smtpd talks to.
    var dovecotSASLSocketPath: String { directory.appendingPathComponent("dovecot/run/auth-postfix").path }

    var dovecotOAuthConfigPath: String { directory.appendingPathComponent("dovecot/oauth2.conf.ext").path }

    /// The passdbs, the auth listener for Postfix, and no brute-force penalty (a test that tries a
    /// wrong password must not slow down every later login from 127.0.0.1).
    func dovecotAuthenticationConfig(mailUID: uid_t, mailGID: gid_t) throws -> String {
        let d = directory.path
        // The oauth2 passdb only for the token mechanisms: a wrong password given to PLAIN is never
        // sent to the endpoint as a token, and a token given to PLAIN is not accepted as a password.
        let oauth = """
            introspection_url = \(introspectionURL)
            introspection_mode = post
            force_introspection = yes
            username_attribute = username
            active_attribute = active
            active_value = true
            timeout_msecs = 5000

            """
        try oauth.write(toFile: dovecotOAuthConfigPath, atomically: true, encoding: .utf8)
        return """
            auth_mechanisms = plain login xoauth2 oauthbearer
            auth_failure_delay = 0
            passdb {
              driver = passwd-file
              mechanisms = plain login
              args = scheme=PLAIN username_format=%u \(d)/dovecot/users/%u
            }
            passdb {
              driver = oauth2
              mechanisms = xoauth2 oauthbearer
              args = \(dovecotOAuthConfigPath)
            }
            userdb {
              driver = passwd-file
              args = username_format=%u \(d)/dovecot/users/%u
              default_fields = uid=\(mailUID) gid=\(mailGID) home=\(d)/mail/%d/%n
            }
            service auth {
              unix_listener auth-postfix {
                mode = 0666
              }
            }
            service anvil {
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }

            """
    }

    /// main.cf: Dovecot SASL for smtpd (enabled only on the submission listener).
    var postfixSASLConfig: String {
        """
        smtpd_sasl_type = dovecot
        smtpd_sasl_path = \(dovecotSASLSocketPath)
        smtpd_sasl_auth_enable = no

        """
    }

    /// master.cf: the submission listener. TLS first, then AUTH, then mail; the recipient checks of
    /// the other listeners (reject-smtp@, defer-smtp@) still apply after AUTH.
    var postfixSubmissionService: String {
        """
        127.0.0.1:\(submissionPort) inet n - n - - smtpd
          -o smtpd_tls_security_level=encrypt
          -o smtpd_tls_auth_only=yes
          -o smtpd_sasl_auth_enable=yes
          -o smtpd_relay_restrictions=permit_sasl_authenticated,reject

        """
    }
}
