package io.steward.server.notify.internal.mailbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.springframework.stereotype.Component;

/**
 * Opens IMAP connections as a mailbox's settings say: implicit TLS or STARTTLS (required, never silently skipped),
 * plain only where an admin allowed it; a password or an XOAUTH2 access token. Server certificates are checked
 * against the JVM's trust store and the host name.
 */
@Component
class ImapConnector {
    private final SecretBox secrets;
    private final OAuthTokens tokens;
    private final Duration timeout;
    private final Clock clock;

    ImapConnector(SecretBox secrets, OAuthTokens tokens, NotifyProperties properties, Clock clock) {
        this.secrets = secrets;
        this.tokens = tokens;
        this.timeout = properties.inbound().connectTimeout();
        this.clock = clock;
    }

    /** An open connection: the store and the mailbox's folder, opened read-write (flags are set on it). */
    record Connection(IMAPStore store, IMAPFolder folder) implements AutoCloseable {
        boolean idleSupported() throws MessagingException {
            return store.hasCapability("IDLE");
        }

        @Override
        public void close() {
            try {
                if (folder.isOpen()) {
                    folder.close(false);
                }
            } catch (MessagingException | IllegalStateException e) {
                // closing anyway
            }
            try {
                store.close();
            } catch (MessagingException e) {
                // closing anyway
            }
        }
    }

    Connection open(MailboxSettings m) throws MessagingException, IOException {
        String protocol = m.security() == MailboxSettings.Security.TLS ? "imaps" : "imap";
        Session session = Session.getInstance(properties(m, protocol));
        IMAPStore store = (IMAPStore) session.getStore(protocol);
        String secret = m.auth() == MailboxSettings.Auth.XOAUTH2 ? tokens.accessToken(m) : secrets.open(m.passwordSealed());
        try {
            store.connect(m.host(), m.port(), m.username(), secret);
        } catch (jakarta.mail.AuthenticationFailedException e) {
            if (m.auth() == MailboxSettings.Auth.XOAUTH2) {
                tokens.forget(m.id());
            }
            throw e;
        }
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder(m.folder());
            folder.open(Folder.READ_WRITE);
            return new Connection(store, folder);
        } catch (MessagingException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Connects once, looks at the folder and disconnects; never throws. */
    ConnectionProbe probe(MailboxSettings m) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        try (Connection c = open(m)) {
            int total = c.folder().getMessageCount();
            int unseen = c.folder().getUnreadMessageCount();
            boolean idle = c.idleSupported();
            return new ConnectionProbe(true, "Connected, signed in and opened " + m.folder() + ": " + total + " messages, " + unseen + " unseen; IDLE "
                    + (idle ? "supported" : "not supported (Steward polls)") + ".", idle, total, unseen, (System.nanoTime() - t0) / 1_000_000, start);
        } catch (MessagingException | IOException | RuntimeException e) {
            return new ConnectionProbe(false, describe(e), null, null, null, (System.nanoTime() - t0) / 1_000_000, start);
        }
    }

    /** An error in words an admin can act on: the causes' messages, innermost last, without stack traces. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 1500; t = t.getCause() == t ? null : t.getCause()) {
            String what = (t instanceof jakarta.mail.AuthenticationFailedException ? "sign-in refused" : t.getClass().getSimpleName())
                    + (t.getMessage() == null ? "" : ": " + t.getMessage().strip());
            if (sb.indexOf(what) < 0) {
                sb.append(sb.isEmpty() ? "" : " <- ").append(what);
            }
        }
        return sb.toString();
    }

    private Properties properties(MailboxSettings m, String protocol) {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        String millis = Long.toString(timeout.toMillis());
        p.put(prefix + "connectiontimeout", millis);
        p.put(prefix + "timeout", millis);
        p.put(prefix + "writetimeout", millis);
        // Fetching must not set \Seen: a mail is taken only once the pipeline's transaction committed.
        p.put(prefix + "peek", "true");
        p.put(prefix + "ssl.checkserveridentity", "true");
        if (m.security() == MailboxSettings.Security.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (m.auth() == MailboxSettings.Auth.XOAUTH2) {
            p.put(prefix + "auth.mechanisms", "XOAUTH2");
        }
        return p;
    }
}
