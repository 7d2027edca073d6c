package io.steward.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarks' HTTP/1.1 client against the JDK's HTTP server on loopback. */
class KeepAliveConnectionTest {

    @Test
    void getsAndPostsBackToBackOnOneConnectionWithEitherBodyFraming() throws Exception {
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 'x');
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/report", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Authorization") + " " + ex.getRequestHeaders().getFirst("Accept")
                    + " " + ex.getRemoteAddress().getPort());
            // Length 0: the JDK server sends the body chunked.
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(big);
            ex.close();
        });
        server.createContext("/tickets", ex -> {
            byte[] echo = ex.getRequestBody().readAllBytes();
            seen.add(ex.getRequestMethod() + " " + ex.getRemoteAddress().getPort());
            ex.sendResponseHeaders(201, echo.length);
            ex.getResponseBody().write(echo);
            ex.close();
        });
        server.start();
        try (KeepAliveConnection connection = new KeepAliveConnection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
            KeepAliveConnection.Response first = connection.get("/report", "t0ken", "application/json");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(big);
            KeepAliveConnection.Response created = connection.post("/tickets", "t0ken", "{\"title\":\"Drucker ä\"}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.text()).isEqualTo("{\"title\":\"Drucker ä\"}");
            assertThat(connection.get("/report", "t0ken", "application/pdf").body()).hasSize(big.length);
        } finally {
            server.stop(0);
        }
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).startsWith("GET Bearer t0ken application/json ");
        assertThat(seen.get(2)).startsWith("GET Bearer t0ken application/pdf ");
        // One connection: every request came from the same client port.
        String port = seen.get(0).substring(seen.get(0).lastIndexOf(' '));
        assertThat(seen).allSatisfy(s -> assertThat(s).endsWith(port));
    }
}
