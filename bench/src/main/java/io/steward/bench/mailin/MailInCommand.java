package io.steward.bench.mailin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.steward.bench.ServerProcess;
import io.steward.bench.servicedesk.ServiceDeskCommand;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Inbound mail to tickets: GreenMail serves IMAP on loopback in this JVM, the packaged server (demo data on, as an MSP
 * runs it) watches one of its mailboxes through IDLE, and each run puts mails from known, DMARC-passing contacts into
 * the mailbox. Arrival is the instant GreenMail stored the mail; done is the ticket's {@code opened_at}, both wall
 * clock on this machine. A burst gives the rate (mails from the first arrival to the last ticket), a paced stream gives
 * the latency from arrival to ticket (p50, p99) when the server is not behind.
 */
@Command(name = "mail-in", mixinStandardHelpOptions = true,
        description = "Inbound mail to tickets through IMAP IDLE: mails/s of a burst and p50/p99 from arrival to ticket of a paced stream")
public final class MailInCommand implements Runnable {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String DOMAIN = "bench-client.example";
    private static final String AUTHSERV = "mx.bench-msp.example";

    @Option(names = "--server-jar", defaultValue = "server/target/steward-server.jar", description = "the packaged server (default ${DEFAULT-VALUE})")
    Path serverJar;

    @Option(names = "--home", defaultValue = "${java.io.tmpdir}/steward-bench-mailin", description = "the server's home (default ${DEFAULT-VALUE})")
    Path home;

    @Option(names = "--burst", defaultValue = "1000", description = "mails put into the mailbox at once per run (default ${DEFAULT-VALUE})")
    int burst;

    @Option(names = "--paced", defaultValue = "300", description = "mails of the paced stream per run (default ${DEFAULT-VALUE})")
    int paced;

    @Option(names = "--rate", defaultValue = "10", description = "mails per second of the paced stream (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--contacts", defaultValue = "300", description = "senders, each a contact of the bench client (default ${DEFAULT-VALUE})")
    int contacts;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    private final Session session = Session.getInstance(new Properties());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public void run() {
        GreenMail imap = new GreenMail(new ServerSetup(ServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        imap.start();
        Process server = null;
        try {
            int port = ServerProcess.freePort();
            int dbPort = ServerProcess.freePort();
            server = ServerProcess.start(serverJar, home, port, dbPort, List.of("--steward.demo.enabled=true"), home.resolve("demo-credentials.txt"),
                    Duration.ofSeconds(300));
            String base = "http://localhost:" + port;
            String token = ServiceDeskCommand.readToken(home.resolve("demo-credentials.txt"));
            String client = id(post(base, token, "/api/v1/clients", "{\"name\":\"Bench mail client " + UUID.randomUUID().toString().substring(0, 6)
                    + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}"));
            String tag = UUID.randomUUID().toString().substring(0, 6);
            List<String> senders = new ArrayList<>();
            for (int i = 0; i < contacts; i++) {
                String address = "person" + i + "." + tag + "@" + DOMAIN;
                post(base, token, "/api/v1/clients/" + client + "/contacts", "{\"firstName\":\"Person\",\"lastName\":\"" + i + "\",\"email\":\"" + address + "\"}");
                senders.add(address);
            }
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/steward", "steward_owner", "")) {
                db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
                Mailbox box = new Mailbox(imap, base, token);
                deliverAndWait(db, box, senders, 20, 0, "warm-up");
                List<double[]> results = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    double[] burstFigures = deliverAndWait(db, new Mailbox(imap, base, token), senders, burst, 0, "run " + run + " burst");
                    double[] pacedFigures = deliverAndWait(db, new Mailbox(imap, base, token), senders, paced, rate, "run " + run + " paced " + rate + "/s");
                    results.add(new double[] {burstFigures[0], pacedFigures[1], pacedFigures[2], burstFigures[2]});
                }
                System.out.printf("mail-in medians of %d runs: burst of %d: %.1f mails/s (burst p99 %.0f ms); paced %d/s: p50 %.0f ms, p99 %.0f ms%n", runs,
                        burst, median(results, 0), median(results, 3), rate, median(results, 1), median(results, 2));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            ServerProcess.stop(server);
            imap.stop();
        }
    }

    /** Puts {@code count} mails into the box ({@code perSecond} 0: all at once) and waits for their tickets; answers {rate, p50 ms, p99 ms}. */
    private double[] deliverAndWait(Connection db, Mailbox box, List<String> senders, int count, int perSecond, String label) throws Exception {
        box.waitConnected();
        Map<String, Long> arrivals = new HashMap<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (perSecond > 0) {
                long due = start + TimeUnit.SECONDS.toNanos(i) / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            String sender = senders.get(Math.floorMod(i + run.hashCode(), senders.size()));
            String messageId = "<bench." + run + "." + i + "@" + DOMAIN + ">";
            MimeMessage mail = mail(sender, box.address, messageId, i);
            box.account.deliver(mail);
            arrivals.put(messageId, System.currentTimeMillis());
        }
        long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(10);
        Map<String, Long> tickets = new HashMap<>();
        while (tickets.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            tickets = ticketsOf(db, arrivals.keySet());
        }
        if (tickets.size() < count) {
            throw new IllegalStateException(label + ": " + tickets.size() + " of " + count + " mails became tickets within 10 minutes");
        }
        long firstArrival = arrivals.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long lastTicket = tickets.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        final Map<String, Long> done = tickets;
        box.delete();
        double[] latencies = arrivals.entrySet().stream().mapToDouble(e -> Math.max(0, done.get(e.getKey()) - e.getValue())).sorted().toArray();
        double mailsPerSecond = count / Math.max(0.001, (lastTicket - firstArrival) / 1000.0);
        double p50 = latencies[(int) Math.floor(0.50 * (latencies.length - 1))];
        double p99 = latencies[(int) Math.floor(0.99 * (latencies.length - 1))];
        System.out.printf("%s: %d mails, %.1f mails/s from first arrival to last ticket; arrival to ticket p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", label,
                count, mailsPerSecond, p50, p99, latencies[latencies.length - 1]);
        return new double[] {mailsPerSecond, p50, p99};
    }

    private MimeMessage mail(String sender, String to, String messageId, int i) throws Exception {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.addHeader("Authentication-Results", AUTHSERV + "; spf=pass smtp.mailfrom=" + DOMAIN + "; dkim=pass header.d=" + DOMAIN
                + "; dmarc=pass (p=reject) header.from=" + DOMAIN);
        m.setFrom(new InternetAddress(sender, "Bench Person"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject("Printer on floor " + (i % 7) + " shows paper jam again");
        m.setText("Hello,\n\nthe printer on floor " + (i % 7) + " shows a paper jam again, and nothing is stuck inside.\n"
                + "We restarted it twice. Could someone have a look today?\n\nThanks\n");
        m.saveChanges();
        return m;
    }

    private static Map<String, Long> ticketsOf(Connection db, java.util.Set<String> messageIds) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement("""
                SELECT i.message_id, t.opened_at FROM inbound_mail i JOIN ticket t ON t.id = i.ticket_id WHERE i.message_id = ANY (?)""")) {
            Array ids = db.createArrayOf("text", messageIds.toArray());
            q.setArray(1, ids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getTimestamp(2).getTime());
                }
            }
        }
        return out;
    }

    /**
     * A fresh GreenMail account and the Steward mailbox watching it, one per phase: GreenMail's in-memory store slows as
     * an account fills up, which would measure GreenMail, not Steward.
     */
    private final class Mailbox {
        final String address = "support-" + UUID.randomUUID().toString().substring(0, 8) + "@bench-msp.example";
        final GreenMailUser account;
        final String base;
        final String token;
        final String id;

        Mailbox(GreenMail imap, String base, String token) throws Exception {
            this.base = base;
            this.token = token;
            this.account = imap.setUser(address, address, "bench-imap-password");
            this.id = id(post(base, token, "/api/v1/mailboxes", """
                    {"name":"Bench %s","address":"%s","host":"127.0.0.1","port":%d,"security":"NONE","plaintextAllowed":true,
                     "auth":"PASSWORD","username":"%s","password":"bench-imap-password","trustedAuthServId":"%s","enabled":true}"""
                    .formatted(address, address, imap.getImap().getPort(), address, AUTHSERV)));
        }

        void waitConnected() throws Exception {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/mailboxes/" + id + "/status"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"connected\":true")) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("mailbox " + address + " did not connect within 60 s");
        }

        void delete() throws Exception {
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/mailboxes/" + id)).header("Authorization", "Bearer " + token).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private String post(String base, String token, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

}
