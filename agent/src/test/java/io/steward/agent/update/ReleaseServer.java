package io.steward.agent.update;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.UpdateMessages;

/**
 * A loopback server for the update channel: checks the device's signature on {@code /agent/v1/update} like the real
 * server, answers the scripted offer (or 204), and serves the jar bytes it is given at {@code /downloads/...}.
 */
final class ReleaseServer implements AutoCloseable {
    private final HttpServer http;
    private final PublicKey deviceKey;
    final List<String> checks = new CopyOnWriteArrayList<>();
    volatile String offerJson;
    volatile byte[] jar;
    volatile int downloads;

    ReleaseServer(PublicKey deviceKey) throws IOException {
        this.deviceKey = deviceKey;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(UpdateMessages.CHECK_PATH, this::check);
        http.createContext("/downloads/agent-releases/", this::download);
        http.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private void check(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String canonical = AgentProtocol.canonicalRequest("POST", ex.getRequestURI().getRawPath(),
                Long.parseLong(ex.getRequestHeaders().getFirst(AgentProtocol.TIMESTAMP_HEADER)), body);
        if (!DeviceKeys.verify(deviceKey, canonical, ex.getRequestHeaders().getFirst(AgentProtocol.SIGNATURE_HEADER))) {
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        }
        checks.add(new String(body, StandardCharsets.UTF_8));
        String offer = offerJson;
        if (offer == null) {
            ex.sendResponseHeaders(204, -1);
            ex.close();
            return;
        }
        byte[] out = offer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private void download(HttpExchange ex) throws IOException {
        downloads++;
        byte[] out = jar;
        ex.sendResponseHeaders(200, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    /** A real jar whose manifest says the version, with one class-sized entry. */
    static byte[] agentJar(String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.putNextEntry(new JarEntry("io/steward/agent/Marker.txt"));
            jar.write(("agent " + version).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
