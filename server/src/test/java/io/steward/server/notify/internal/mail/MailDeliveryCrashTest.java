package io.steward.server.notify.internal.mail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.steward.server.StewardApplication;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.steward.server.notify.internal.mail.MailTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications arrive once each, also after the server is killed mid-delivery: the real server runs as a child process
 * with GreenMail (in this JVM) as its SMTP server; the outbox holds {@value #MAILS} mails committed at once; GreenMail
 * holds its answer to one mail's DATA (the {@value #HOLD_AT}th) while the server and its embedded PostgreSQL are killed
 * with SIGKILL, and then refuses that copy, as a server whose client went away does. After a restart on the same home
 * every mail has arrived exactly once (counted by Message-ID) and every row is SENT.
 *
 * <p>What this shows and what it cannot: the kill lands while a mail is on the wire and before the SMTP server accepted
 * it, with mails before it SENT and mails after it claimed or queued. The row of the held mail is SENDING under a
 * lease; the restarted server retakes it after the lease and sends it, with the same Message-ID. The one window that
 * can still double a mail is after the SMTP server accepted it ("250" to DATA) and before the row's SENT is committed:
 * then the mail is sent again after the lease. That window is kept to one UPDATE on the local database per mail (each
 * mail's outcome commits on its own, immediately after the reply, never at the end of a batch), and the repeated mail
 * carries the same Message-ID, so a mail client that threads or deduplicates by Message-ID shows it once. SMTP has no
 * way to ask a server whether it already holds a message, so no client can close that window entirely.
 */
class MailDeliveryCrashTest {
    private static final int MAILS = 40;
    private static final int HOLD_AT = 17;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyQueuedMailArrivesExactlyOnceAcrossAKillMidDelivery() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        UserManager users = smtp.getUserManager();
        AtomicInteger deliveries = new AtomicInteger();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        users.setMessageDeliveryHandler((message, address) -> {
            if (deliveries.incrementAndGet() == HOLD_AT) {
                held.countDown();
                try {
                    killed.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // The client is gone: this copy is not kept (GreenMail answers 451 to nobody).
                throw new UserException("the sending server went away before this mail was accepted");
            }
            GreenMailUser user = users.getUserByEmail(address.getEmail());
            return user != null ? user : users.createUser(address.getEmail(), address.getEmail(), address.getEmail());
        });
        Path home = temp.resolve("home");
        int pgPort = freePort();
        Process first = null;
        Process second = null;
        try {
            first = start(home, freePort(), pgPort, smtp.getSmtp().getPort(), "first.log");
            String url = "jdbc:postgresql://localhost:" + pgPort + "/steward";
            List<String> messageIds = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(url, "steward_owner", "")) {
                db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
                db.setAutoCommit(false);
                // As MailOutbox.enqueue writes them, all in one transaction (the change they announce).
                try (PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO mail_outbox (id, kind, recipient, subject, text_body, message_id, automatic, next_attempt_at, created_at)
                        VALUES (?, 'TEST', ?, ?, ?, ?, true, now(), now())""")) {
                    for (int i = 0; i < MAILS; i++) {
                        String id = "<m.crash" + i + "." + UUID.randomUUID() + "@msp.example>";
                        messageIds.add(id);
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, "person" + i + "@client.example");
                        insert.setString(3, "Crash test mail " + i);
                        insert.setString(4, "Mail number " + i);
                        insert.setString(5, id);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                db.commit();
            }

            assertThat(held.await(120, TimeUnit.SECONDS)).as("the server reached mail " + HOLD_AT).isTrue();
            assertThat(smtp.getReceivedMessages()).as("mails accepted before the kill").hasSize(HOLD_AT - 1);
            // SIGKILL to the server and its PostgreSQL at once, while the server waits for GreenMail's answer to DATA.
            ProcessHandle postmaster = postmaster(home);
            List<ProcessHandle> backends = postmaster.descendants().toList();
            first.destroyForcibly();
            postmaster.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            postmaster.onExit().get(30, TimeUnit.SECONDS);
            for (ProcessHandle child : backends) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
            killed.countDown();

            second = start(home, freePort(), pgPort, smtp.getSmtp().getPort(), "second.log");
            long deadline = System.currentTimeMillis() + 90_000;
            while (arrivals(smtp).size() < MAILS && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            try (Connection db = DriverManager.getConnection(url, "steward_owner", "")) {
                db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
                while (sent(db) < MAILS && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                // A little longer: a double would come from a retaken row, which the next passes would send.
                Thread.sleep(3000);
                Map<String, Integer> arrived = arrivals(smtp);
                assertThat(arrived.keySet()).containsExactlyInAnyOrderElementsOf(messageIds);
                assertThat(arrived.values()).as("each Message-ID once").containsOnly(1);
                assertThat(smtp.getReceivedMessages()).hasSize(MAILS);
                assertThat(sent(db)).isEqualTo(MAILS);
                try (ResultSet rs = db.createStatement().executeQuery("SELECT max(attempts), count(*) FILTER (WHERE attempts = 2) FROM mail_outbox")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("no mail needed more than the attempt the kill cut short and one more").isLessThanOrEqualTo(2);
                    assertThat(rs.getInt(2)).as("the held mail was retaken after its lease").isGreaterThanOrEqualTo(1);
                }
            }
        } finally {
            killed.countDown();
            stop(second);
            stop(first);
            stopOrphanedPostgres(home);
            smtp.stop();
        }
    }

    private static Map<String, Integer> arrivals(GreenMail smtp) throws Exception {
        Map<String, Integer> count = new HashMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            count.merge(m.getHeader("Message-ID", null), 1, Integer::sum);
        }
        return count;
    }

    private static int sent(Connection db) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM mail_outbox WHERE status = 'SENT'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The server as its own JVM, as an operator runs it, delivering to GreenMail; a short lease so the retake comes soon. */
    private Process start(Path home, int port, int pgPort, int smtpPort, String log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), StewardApplication.class.getName(),
                "--steward.home=" + home, "--server.port=" + port, "--steward.tls-port=0", "--steward.db.embedded-port=" + pgPort,
                "--steward.demo.enabled=false", "--logging.file.name=" + temp.resolve(log + ".json"),
                "--steward.notify.smtp.host=127.0.0.1", "--steward.notify.smtp.port=" + smtpPort, "--steward.notify.smtp.security=NONE",
                "--steward.notify.smtp.poll-interval=200ms", "--steward.notify.smtp.batch-size=5", "--steward.notify.smtp.lease=5s",
                // Longer than the moment between GreenMail holding the mail and the kill, so the kill finds the server waiting.
                "--steward.notify.smtp.timeout=30s", "--db-scheduler.polling-interval=200ms");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(temp.resolve(log).toFile()).start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the server stopped: " + Files.readString(temp.resolve(log)));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return p;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start in time: " + Files.readString(temp.resolve(log)));
    }

    private static void stop(Process p) throws Exception {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static ProcessHandle postmaster(Path home) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(home.resolve("pgdata").resolve("postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow();
    }

    /** A killed server can leave its embedded PostgreSQL running; this test started it, so it ends it. */
    private static void stopOrphanedPostgres(Path home) throws Exception {
        Path pid = home.resolve("pgdata").resolve("postmaster.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip())).ifPresent(ProcessHandle::destroy);
        }
    }
}
