package io.steward.server.notify.internal.mailbox;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real IMAP and SMTP server (GreenMail) in the test JVM on free ports, and mailboxes made through the API that point
 * at it; each test class gets its own server and deletes the mailboxes it made, so their watchers stop.
 */
abstract class MailServerSupport extends IntegrationTest {
    static GreenMail mail;
    private final List<String> made = new ArrayList<>();

    @BeforeAll
    static void startMailServer() {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
    }

    @AfterAll
    static void stopMailServer() {
        mail.stop();
    }

    @AfterEach
    void deleteMailboxes() {
        made.forEach(id -> adminApi().json("DELETE", "/api/v1/mailboxes/" + id, null));
        made.clear();
    }

    int imapPort() {
        return mail.getImap().getPort();
    }

    /** A new GreenMail account; answers its address. */
    static String account(String password) {
        String address = "box-" + UUID.randomUUID() + "@mail.test";
        mail.setUser(address, address, password);
        return address;
    }

    /** Makes a plain-IMAP (NONE) password mailbox through the API and answers its id. */
    String mailbox(String address, String password, int port) {
        return mailbox("""
                {"name":"%s","address":"%s","host":"127.0.0.1","port":%d,"security":"NONE","plaintextAllowed":true,"auth":"PASSWORD",
                 "username":"%s","password":"%s","trustedAuthServId":"mx.mail.test"}""".formatted("Box " + UUID.randomUUID(), address, port, address,
                password));
    }

    String mailbox(String json) {
        var r = adminApi().json("POST", "/api/v1/mailboxes", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return made(jsonString(r.body(), "id"));
    }

    /** Deletes the mailbox after the test. */
    String made(String id) {
        made.add(id);
        return id;
    }

    String status(String id) {
        var r = adminApi().getJson("/api/v1/mailboxes/" + id + "/status");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** A message with CRLF line ends, as it travels. */
    static byte[] rfc822(String to, String subject, String body) {
        String text = "From: Someone <someone@client.test>\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + UUID.randomUUID()
                + "@client.test>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + body + "\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Puts the message into the account's INBOX, as the receiving server would. */
    static void deliver(String address, byte[] raw) throws Exception {
        mail.getUserManager().getUser(address).deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    /** Whether each message in the account's INBOX is \Seen, oldest first (a separate, read-only IMAP session). */
    List<Boolean> seenFlags(String address, String password) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", imapPort(), address, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<Boolean> flags = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                flags.add(m.isSet(Flags.Flag.SEEN));
            }
            inbox.close(false);
            return flags;
        } finally {
            store.close();
        }
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until {@code condition} holds, checking every 50 ms; fails after {@code limit}. */
    static void until(Duration limit, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + limit + " for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

}
