package io.steward.server;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A port Steward needs is taken: the start fails, and what {@link StewardApplication#main} prints is one line naming
 * the port and the setting (and environment variable) that moves it.
 */
class PortInUseTest {

    @TempDir
    Path temp;

    @Test
    void aTakenHttpPortIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> start("--server.port=" + port, "--steward.tls-port=0"))
                    .satisfies(e -> assertThat(StewardApplication.explain(e)).isEqualTo("port " + port
                            + " (HTTP) is already in use; choose another with --server.port=N or SERVER_PORT."));
        }
    }

    @Test
    void aTakenAgentTlsPortIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> start("--server.port=0", "--steward.tls-port=" + port))
                    .satisfies(e -> assertThat(StewardApplication.explain(e)).isEqualTo("port " + port
                            + " (HTTPS for agents) is already in use; choose another with --steward.tls-port=N or STEWARD_TLS_PORT."));
        }
    }

    private void start(String... ports) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(ports));
        args.addAll(java.util.List.of("--steward.home=" + temp.resolve("home"), "--logging.file.name=target/test-logs/port-in-use.log"));
        new SpringApplication(StewardApplication.class).run(args.toArray(String[]::new)).close();
    }
}
