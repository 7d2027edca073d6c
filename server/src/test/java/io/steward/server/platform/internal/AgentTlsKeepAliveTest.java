package io.steward.server.platform.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.steward.protocol.PinnedCertificateTrust;
import io.steward.server.platform.TlsIdentity;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The agents' HTTPS connector keeps a connection for many requests, so a busy agent does not pay a handshake every hundred. */
class AgentTlsKeepAliveTest extends IntegrationTest {
    private final TlsIdentity tls;

    AgentTlsKeepAliveTest(@Autowired TlsIdentity tls) {
        this.tls = tls;
    }

    @Test
    void oneConnectionCarriesFarMoreThanTomcatsDefaultHundredRequests() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new PinnedCertificateTrust(tls.fingerprint())}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", tls.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 1; i <= 250; i++) {
                out.write("HEAD /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = head(in);
                assertThat(head).as("response %d", i).startsWith("HTTP/1.1 200");
                assertThat(head.toLowerCase()).as("response %d", i).doesNotContain("connection: close");
            }
        }
        assertThat(AgentTls.MAX_REQUESTS_PER_CONNECTION).isGreaterThan(250);
    }

    /** A response's status line and headers (HEAD: no body follows). */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection after: " + bytes);
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
