package io.steward.server.platform.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.steward.server.platform.StartupProblem;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tries the HTTP port before Tomcat does, so that a port in use stops the start with one line that names the port and
 * the setting that moves it (Tomcat's own failure is a logged stack trace, and comes after PostgreSQL has started).
 * {@link AgentTls} checks the agents' HTTPS port the same way. Port 0 (any free port) is not checked.
 */
@Component
class PortCheck implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        requireFree(factory.getAddress(), factory.getPort(), "HTTP", "--server.port=N or SERVER_PORT");
    }

    /** Throws a {@link StartupProblem} naming {@code what} and {@code setting} when {@code port} cannot be bound now. */
    static void requireFree(InetAddress address, int port, String what, String setting) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // As Tomcat binds: address reuse on, so a port in TIME_WAIT does not count as taken.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new StartupProblem("port " + port + " (" + what + ") is already in use; choose another with " + setting + ".", e);
        }
    }
}
