package io.steward.server.notify.internal.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.steward.server.notify.NotifyProperties.Smtp;

/** Settings and servers for the outgoing mail tests. */
final class MailTestSupport {
    private MailTestSupport() {
    }

    static Smtp smtp(String host, int port, Smtp.Security security, String sslTrust, Smtp.Auth auth, String user, String password,
                     String tokenEndpoint, String refreshToken) {
        return new Smtp(host, port, security, sslTrust, auth, user, password, tokenEndpoint, "steward-client", "client-secret", refreshToken, "",
                Duration.ofSeconds(1), 20, Duration.ofMinutes(10), Duration.ofSeconds(5));
    }

    static Smtp plain(int port) {
        return smtp("127.0.0.1", port, Smtp.Security.NONE, "", Smtp.Auth.NONE, "", "", "", "");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * A real SMTP server, on loopback, that answers every RCPT TO with one fixed reply (such as a 550 "no such user" or a
     * 451 "try later"), as a receiving server does for an address it refuses. GreenMail accepts every recipient, so the
     * refusal needs a server of its own.
     */
    static final class RefusingSmtpServer implements AutoCloseable {
        private final ServerSocket socket;
        private final String rcptReply;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger dataCommands = new AtomicInteger();
        private final Thread thread;

        RefusingSmtpServer(String rcptReply) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.rcptReply = rcptReply;
            this.thread = Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    converse(s);
                } catch (IOException closed) {
                    // the test is over, or the client hung up
                }
            }
        }

        private void converse(Socket s) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII);
            reply(out, "220 refusing.test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-refusing.test", "250 8BITMIME");
                    case "HELO", "MAIL", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "RCPT" -> reply(out, rcptReply);
                    case "DATA" -> {
                        dataCommands.incrementAndGet();
                        reply(out, "503 5.5.1 no valid recipients");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 not implemented");
                }
            }
        }

        private static void reply(PrintWriter out, String... lines) {
            for (String l : List.of(lines)) {
                out.print(l + "\r\n");
            }
            out.flush();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }
}
