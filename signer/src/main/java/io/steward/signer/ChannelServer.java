package io.steward.signer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.steward.protocol.task.SignerMessages;
import io.steward.signer.state.JsonFiles;
import tools.jackson.core.JacksonException;

/**
 * The signer's local channel: HTTP on (by default) a loopback address, every request carrying the channel token as
 * {@code Authorization: Bearer}, compared in constant time. JSON records of {@link SignerMessages}; a refusal of the
 * signer's rules is 403 with a {@link SignerMessages.Refusal}, a malformed request 400, a wrong token 401.
 */
public final class ChannelServer implements AutoCloseable {
    static final int MAX_BODY = 32 * 1024 * 1024;

    private final HttpServer http;
    private final ExecutorService executor;
    private final byte[] token;
    private final TaskSigner signer;

    public ChannelServer(String host, int port, String token, TaskSigner signer) throws IOException {
        if (token == null || token.length() < 32) {
            throw new IllegalArgumentException("the channel token must be at least 32 characters");
        }
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.signer = signer;
        this.http = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(4);
        http.setExecutor(executor);
        http.createContext("/v1/", this::handle);
        http.start();
    }

    public TaskSigner signer() {
        return signer;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), token)) {
                respond(ex, 401, new SignerMessages.Refusal("the channel token is missing or wrong"));
                return;
            }
            String route = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            try {
                Object answer = switch (route) {
                    case "GET /v1/status" -> signer.status();
                    case "POST /v1/sign-task" -> signer.signTask(read(ex, SignerMessages.SignTask.class));
                    case "POST /v1/sign-standard-run" -> signer.signStandardRun(read(ex, SignerMessages.SignStandardRun.class));
                    case "POST /v1/standard-changes" -> {
                        signer.adopt(read(ex, SignerMessages.AdoptStandardChange.class));
                        yield null;
                    }
                    case "POST /v1/keyring" -> {
                        signer.trust(read(ex, SignerMessages.Trust.class));
                        yield null;
                    }
                    default -> throw new NotFound();
                };
                if (answer == null) {
                    ex.sendResponseHeaders(204, -1);
                } else {
                    respond(ex, 200, answer);
                }
            } catch (Refusal r) {
                respond(ex, 403, new SignerMessages.Refusal(r.reason()));
            } catch (NotFound e) {
                respond(ex, 404, new SignerMessages.Refusal("no such endpoint: " + route));
            } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                respond(ex, 400, new SignerMessages.Refusal("malformed request: " + e.getMessage()));
            } catch (RuntimeException e) {
                System.err.println("steward-signer: " + route + " failed: " + e);
                respond(ex, 500, new SignerMessages.Refusal("the signer failed: " + e.getClass().getSimpleName()));
            }
        }
    }

    private static <T extends Record> T read(HttpExchange ex, Class<T> type) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IllegalArgumentException("the request is too large");
            }
            T value = JsonFiles.JSON.readValue(body, type);
            if (value == null) {
                throw new IllegalArgumentException("empty request");
            }
            for (var component : type.getRecordComponents()) {
                try {
                    if (component.getAccessor().invoke(value) == null) {
                        throw new IllegalArgumentException(component.getName() + " is missing");
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return value;
        }
    }

    private static void respond(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JsonFiles.JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(1);
        executor.shutdownNow();
    }

    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}
