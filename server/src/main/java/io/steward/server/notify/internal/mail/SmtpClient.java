package io.steward.server.notify.internal.mail;

import java.io.IOException;
import java.time.Clock;
import java.util.Properties;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.notify.NotifyProperties.Smtp;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;

/**
 * Connections to the configured SMTP server through Jakarta Mail (Angus). STARTTLS, when chosen, is required: a server
 * that does not offer it gets no mail rather than mail in the clear. Timeouts on connect, read and write keep a hung
 * server from holding a claim past its lease.
 */
final class SmtpClient {
    private final Smtp smtp;
    private final Session session;
    private final AccessTokens tokens;

    SmtpClient(Smtp smtp, NotifyProperties.Mail mail, Clock clock) {
        this.smtp = smtp;
        this.session = Session.getInstance(properties(smtp, mail));
        this.tokens = smtp.auth() == Smtp.Auth.XOAUTH2 ? new AccessTokens(smtp, clock) : null;
    }

    Session session() {
        return session;
    }

    /** A signed-in connection; the caller closes it. */
    Transport connect() throws MessagingException, IOException {
        Transport transport = session.getTransport(protocol(smtp));
        String secret = switch (smtp.auth()) {
            case NONE -> null;
            case PASSWORD -> smtp.password();
            case XOAUTH2 -> tokens.current();
        };
        try {
            transport.connect(smtp.host(), smtp.port(), smtp.auth() == Smtp.Auth.NONE ? null : smtp.username(), secret);
        } catch (AuthenticationFailedException e) {
            if (tokens != null) {
                // Revoked or expired early: the next attempt asks for a new token instead of offering this one again.
                tokens.forget();
            }
            throw e;
        }
        return transport;
    }

    private static String protocol(Smtp smtp) {
        return smtp.security() == Smtp.Security.TLS ? "smtps" : "smtp";
    }

    static Properties properties(Smtp smtp, NotifyProperties.Mail mail) {
        String p = "mail." + protocol(smtp) + ".";
        Properties props = new Properties();
        props.put(p + "host", smtp.host());
        props.put(p + "port", Integer.toString(smtp.port()));
        String millis = Long.toString(smtp.timeout().toMillis());
        props.put(p + "connectiontimeout", millis);
        props.put(p + "timeout", millis);
        props.put(p + "writetimeout", millis);
        props.put(p + "from", mail.from());
        if (smtp.security() == Smtp.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (smtp.security() != Smtp.Security.NONE) {
            if (smtp.sslTrust().isBlank()) {
                props.put(p + "ssl.checkserveridentity", "true");
            } else {
                // Hosts the MSP trusts by name (its own relay with a self-signed certificate): neither chain nor name is checked for them.
                props.put(p + "ssl.trust", smtp.sslTrust());
                props.put(p + "ssl.checkserveridentity", "false");
            }
        }
        props.put(p + "auth", Boolean.toString(smtp.auth() != Smtp.Auth.NONE));
        if (smtp.auth() == Smtp.Auth.XOAUTH2) {
            props.put(p + "auth.mechanisms", "XOAUTH2");
        } else if (smtp.auth() == Smtp.Auth.PASSWORD) {
            props.put(p + "auth.mechanisms", "LOGIN PLAIN");
        }
        return props;
    }
}
