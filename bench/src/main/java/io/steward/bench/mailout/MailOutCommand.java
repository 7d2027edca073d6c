package io.steward.bench.mailout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.steward.bench.ServerProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Outbound notifications per second through the outbox: GreenMail listens for SMTP on loopback in this JVM, the
 * packaged server runs as a child process delivering to it (no demo data, so no other mail), and each run commits
 * {@code --mails} outbox rows in one transaction (as the mail of one busy moment) and times from that commit until
 * GreenMail has accepted every one of them. Every Message-ID must arrive exactly once, else the run fails.
 */
@Command(name = "mailout", mixinStandardHelpOptions = true,
        description = "Outbound mail through the outbox to GreenMail on loopback: mails/s from commit to the last accepted mail")
public final class MailOutCommand implements Runnable {
    @Option(names = "--server-jar", defaultValue = "server/target/steward-server.jar", description = "the packaged server (default ${DEFAULT-VALUE})")
    Path serverJar;

    @Option(names = "--home", defaultValue = "${java.io.tmpdir}/steward-bench-mailout", description = "the server's home (default ${DEFAULT-VALUE})")
    Path home;

    @Option(names = "--mails", defaultValue = "5000", description = "mails per run (default ${DEFAULT-VALUE})")
    int mails;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--server-option", description = "more server options, such as --steward.notify.smtp.batch-size=100 (repeatable)")
    List<String> serverOptions = new ArrayList<>();

    private final Map<String, Integer> arrived = new ConcurrentHashMap<>();
    private final AtomicLong lastArrival = new AtomicLong();
    private final AtomicLong firstArrival = new AtomicLong();

    @Override
    public void run() {
        GreenMail smtp = new GreenMail(new ServerSetup(ServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        UserManager users = smtp.getUserManager();
        users.setMessageDeliveryHandler((message, address) -> {
            String id = message.getMessage().getHeader("Message-ID", null);
            arrived.merge(id, 1, Integer::sum);
            long now = System.nanoTime();
            firstArrival.compareAndSet(0, now);
            lastArrival.set(now);
            GreenMailUser user = users.getUserByEmail(address.getEmail());
            return user != null ? user : users.createUser(address.getEmail(), address.getEmail(), address.getEmail());
        });
        Process server = null;
        try {
            int port = ServerProcess.freePort();
            int dbPort = ServerProcess.freePort();
            List<String> options = new ArrayList<>(List.of("--steward.demo.enabled=false", "--steward.notify.smtp.host=127.0.0.1",
                    "--steward.notify.smtp.port=" + smtp.getSmtp().getPort(), "--steward.notify.smtp.security=NONE", "--steward.notify.smtp.poll-interval=1s"));
            options.addAll(serverOptions);
            server = ServerProcess.start(serverJar, home, port, dbPort, options, null, Duration.ofSeconds(180));
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/steward", "steward_owner", "")) {
                db.createStatement().execute("SELECT set_config('steward.all_clients', 'on', false)");
                List<Double> rates = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    rates.add(measure(db, run, smtp));
                }
                List<Double> sorted = rates.stream().sorted().toList();
                System.out.printf("mailout: %d mails per run, %d runs: %s mails/s; median %.0f mails/s%n", mails, runs,
                        rates.stream().map(r -> String.format("%.0f", r)).toList(), sorted.get(sorted.size() / 2));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            ServerProcess.stop(server);
            smtp.stop();
        }
    }

    private double measure(Connection db, int run, GreenMail smtp) throws Exception {
        String prefix = "<m.bench." + run + "." + UUID.randomUUID().toString().substring(0, 8) + ".";
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO mail_outbox (id, kind, recipient, recipient_name, subject, text_body, html_body, message_id, automatic, next_attempt_at, created_at)
                VALUES (?, 'BENCH', ?, 'Bench Person', ?, ?, ?, ?, true, now(), now())""")) {
            for (int i = 0; i < mails; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, "person" + (i % 200) + "@client.example");
                insert.setString(3, "[T-" + (1000 + i) + "] We received your request: printer " + i);
                insert.setString(4, "Hello,\n\nwe received your request T-" + (1000 + i) + " and will get back to you.\n\nhttps://desk.example/portal/tickets/" + i);
                insert.setString(5, "<p>Hello,</p><p>we received your request T-" + (1000 + i) + " and will get back to you.</p>");
                insert.setString(6, prefix + i + "@bench.example>");
                insert.addBatch();
            }
            insert.executeBatch();
        }
        firstArrival.set(0);
        db.commit();
        long committed = System.nanoTime();
        db.setAutoCommit(true);
        long deadline = committed + TimeUnit.MINUTES.toNanos(15);
        while (count(prefix) < mails && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long n = count(prefix);
        long duplicates = arrived.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue() > 1).count();
        if (n < mails || duplicates > 0) {
            throw new IllegalStateException("run " + run + ": " + n + " of " + mails + " arrived, " + duplicates + " more than once");
        }
        double seconds = (lastArrival.get() - committed) / 1e9;
        double rate = mails / seconds;
        System.out.printf("run %d: %d mails in %.2f s from commit to the last one accepted (first after %.2f s): %.0f mails/s%n", run, mails, seconds,
                (firstArrival.get() - committed) / 1e9, rate);
        return rate;
    }

    private long count(String prefix) {
        return arrived.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

}
