package io.steward.signer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.steward.protocol.task.AllowedOrigins;
import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;

/**
 * The signer's own signing page, on its own origin. Steward's pages hand a statement over to it (a form posted
 * here with the statement, where to send the signature back and the fields to send with it); the page shows the
 * statement as the signer reads it, and the person's passkey signs its digest here. The signer accepts assertions
 * made on this origin only, so neither a sign-in nor a page a compromised server serves on its own origin can yield
 * an approval: whatever a person approves, they saw on this page first.
 * <p>
 * It keeps no state and changes nothing: it only renders. The signature goes back to Steward, which forwards it to
 * the signer's channel with the rest of the approval.
 */
public final class SigningPage implements AutoCloseable {
    public static final String PATH = "/sign";
    static final Set<String> KINDS = Set.of(TaskSpec.KIND, StandardChangeSpec.KIND, KeyringEntrySpec.KIND);
    /** Room for a statement of the signer's largest task and a script; the page renders what it gets a few times over. */
    private static final int MAX_BODY = 2 * 1024 * 1024;
    private static final int MAX_FIELDS = 300;
    private static final int MAX_CARRIED = 200;

    private final HttpServer http;
    private final ExecutorService executor;
    private final String rpId;
    private final AllowedOrigins stewardOrigins;

    public SigningPage(String host, int port, String rpId, List<String> stewardOrigins) throws IOException {
        this.rpId = rpId;
        this.stewardOrigins = new AllowedOrigins(stewardOrigins);
        this.http = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(4);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String route = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            switch (route) {
                case "GET /sign.js" -> asset(ex, "sign.js", "text/javascript");
                case "GET /sign.css" -> asset(ex, "sign.css", "text/css");
                case "GET " + PATH -> html(ex, 200, StatementPage.nothingToSign(), null);
                case "POST " + PATH -> sign(ex);
                default -> html(ex, 404, StatementPage.error("There is no such page on the task signer."), null);
            }
        }
    }

    private void sign(HttpExchange ex) throws IOException {
        Request request;
        try {
            request = Request.read(ex, stewardOrigins);
        } catch (IllegalArgumentException e) {
            html(ex, 400, StatementPage.error(e.getMessage()), null);
            return;
        }
        String page;
        try {
            page = StatementPage.render(request, rpId);
        } catch (RuntimeException e) {
            // A statement of a known kind without the fields every such statement has: no signer would take it.
            html(ex, 400, StatementPage.error("The statement lacks fields every " + request.fields().kind() + " has."), null);
            return;
        }
        html(ex, 200, page, request.returnOrigin());
    }

    /** What a Steward page handed over: the statement, its script's body if it has one, and where the signature goes. */
    record Request(byte[] statement, CanonicalText.Fields fields, String scriptBody, URI returnTo, String returnOrigin,
                   List<Map.Entry<String, String>> carried, List<String> credentials) {

        static Request read(HttpExchange ex, AllowedOrigins stewardOrigins) throws IOException {
            Map<String, List<String>> form = form(ex);
            byte[] statement = base64url(single(form, "statement"), "statement");
            CanonicalText.Fields fields;
            try {
                fields = CanonicalText.fields(statement);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The statement is not one the signer can read: " + e.getMessage());
            }
            if (!KINDS.contains(fields.kind())) {
                throw new IllegalArgumentException("The signer signs tasks, standard changes and keyring entries only, not " + fields.kind() + ".");
            }
            String script = form.containsKey("script") && !single(form, "script").isEmpty()
                    ? new String(base64url(single(form, "script"), "script"), StandardCharsets.UTF_8) : null;
            URI returnTo;
            try {
                returnTo = new URI(single(form, "return"));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("The address to send the signature back to is not a URL.");
            }
            String origin = returnTo.getScheme() == null || returnTo.getHost() == null ? null
                    : returnTo.getScheme() + "://" + returnTo.getHost() + (returnTo.getPort() < 0 ? "" : ":" + returnTo.getPort());
            if (origin == null || returnTo.getRawUserInfo() != null || returnTo.getRawFragment() != null || !stewardOrigins.allows(origin)) {
                throw new IllegalArgumentException("The signature would go back to " + (origin == null ? "no web address" : origin)
                        + ", which is not one of Steward's addresses this signer knows (steward.origins on its host).");
            }
            List<Map.Entry<String, String>> carried = new ArrayList<>();
            String carry = form.containsKey("carry") ? single(form, "carry") : "";
            for (Map.Entry<String, List<String>> e : parse(carry).entrySet()) {
                for (String v : e.getValue()) {
                    carried.add(Map.entry(e.getKey(), v));
                }
            }
            if (carried.size() > MAX_CARRIED) {
                throw new IllegalArgumentException("Too many fields to send back.");
            }
            List<String> credentials = form.containsKey("credentials")
                    ? List.of(single(form, "credentials").split(",")).stream().map(String::strip).filter(s -> s.matches("[A-Za-z0-9_-]{1,1400}")).toList()
                    : List.of();
            return new Request(statement, fields, script, returnTo, origin, List.copyOf(carried), credentials);
        }

        /** The statement's value of {@code key}; {@link IllegalArgumentException} when it has none. */
        String field(String key) {
            return fields.fields().stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no " + key));
        }

        private static Map<String, List<String>> form(HttpExchange ex) throws IOException {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw new IllegalArgumentException("The statement must come as a posted form.");
            }
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw new IllegalArgumentException("The statement is too large.");
                }
                return parse(new String(body, StandardCharsets.UTF_8));
            }
        }

        private static Map<String, List<String>> parse(String urlencoded) {
            Map<String, List<String>> form = new LinkedHashMap<>();
            String[] pairs = urlencoded.split("&", MAX_FIELDS + 2);
            if (pairs.length > MAX_FIELDS) {
                throw new IllegalArgumentException("Too many fields.");
            }
            for (String pair : pairs) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            return form;
        }

        private static String single(Map<String, List<String>> form, String name) {
            List<String> values = form.get(name);
            if (values == null || values.size() != 1) {
                throw new IllegalArgumentException("The form must carry exactly one " + name + ".");
            }
            return values.getFirst();
        }

        private static byte[] base64url(String text, String what) {
            try {
                return Base64.getUrlDecoder().decode(text.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The " + what + " is not base64url.");
            }
        }
    }

    private static void asset(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = SigningPage.class.getResourceAsStream("/signing-page/" + name)) {
            byte[] bytes = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A page with a policy that allows its own script and style only, no framing, and forms posted to Steward alone. */
    private static void html(HttpExchange ex, int status, String page, String formTarget) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; "
                + "frame-ancestors 'none'; form-action " + (formTarget == null ? "'none'" : formTarget));
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        // A Steward page that opened this one in a window it keeps a handle to could post another statement into it
        // after the person read the first: with its own browsing context group, it has no handle.
        ex.getResponseHeaders().set("Cross-Origin-Opener-Policy", "same-origin");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
