package io.steward.bench.tasks;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.signer.state.JsonFiles;
import tools.jackson.databind.JsonNode;

/**
 * A staff member's browser session as the bench drives it: the login form and its TOTP step, turning two-factor
 * authentication on from the account page, a software passkey registered through identity's API, and JSON calls with
 * the session's CSRF token, as the pages' scripts send them.
 */
public final class StaffSession {
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern MFA_SECRET = Pattern.compile("id=\"mfa-secret\">([A-Z2-7]+)<");

    private final String base;
    private final HttpClient http;
    private String csrf;
    private long lastTotpStep = Long.MIN_VALUE;
    SoftwarePasskey passkey;
    String userId;
    String displayName;

    private StaffSession(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Signs in through the login form, and its TOTP step when the account has a secret ({@code totpSecret} "-" or null: none). */
    public static StaffSession signIn(String base, String email, String password, String totpSecret) throws IOException, InterruptedException {
        StaffSession s = new StaffSession(base);
        s.get("/login");
        HttpResponse<String> r = s.form("/login", Map.of("email", email, "password", password));
        String location = r.headers().firstValue("Location").orElse("");
        if (location.endsWith("/login/mfa")) {
            s.get("/login/mfa");
            r = s.form("/login/mfa", Map.of("code", s.totp(totpSecret)));
            location = r.headers().firstValue("Location").orElse("");
        }
        if (r.statusCode() != 302 || location.contains("/login")) {
            throw new IllegalStateException("sign-in of " + email + " failed: " + r.statusCode() + " " + location);
        }
        s.get(location.replaceFirst("^https?://[^/]+", ""));
        JsonNode me = s.json("GET", "/api/v1/me", null, 200);
        s.userId = me.path("userId").asString();
        s.displayName = me.path("displayName").asString();
        return s;
    }

    /** Turns two-factor authentication on from the account page (a staff member who may run scripts needs it). */
    void enableMfa() throws IOException, InterruptedException {
        Matcher m = MFA_SECRET.matcher(get("/account/mfa").body());
        if (!m.find()) {
            throw new IllegalStateException("no TOTP secret on /account/mfa");
        }
        HttpResponse<String> r = form("/account/mfa/enable", Map.of("code", totp(m.group(1))));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("enabling MFA failed: " + r.statusCode());
        }
        get("/account");
    }

    /** Registers a new software passkey on this account through {@code /api/v1/me/passkeys}, as a browser's script does. */
    void registerPasskey(String rpId, String origin) throws IOException, InterruptedException {
        JsonNode o = json("POST", "/api/v1/me/passkeys/registration-options", null, 200);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        SoftwarePasskey key = SoftwarePasskey.create(b64.decode(o.path("user").path("id").asString()));
        SoftwarePasskey.Registration reg = key.registration(b64.decode(o.path("challenge").asString()), rpId, origin);
        json("POST", "/api/v1/me/passkeys", "{\"label\":\"bench key\",\"clientDataJson\":\"" + reg.clientDataJson() + "\",\"attestationObject\":\""
                + reg.attestationObject() + "\",\"transports\":[\"internal\"]}", 201);
        this.passkey = key;
    }

    static String assertionJson(PasskeyAssertion a) {
        return JsonFiles.JSON.writeValueAsString(a);
    }

    JsonNode json(String method, String path, String body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = jsonRaw(method, path, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isBlank() ? JsonFiles.JSON.createObjectNode() : JsonFiles.JSON.readTree(r.body());
    }

    HttpResponse<String> jsonRaw(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-TOKEN", csrf);
        }
        return send(b);
    }

    /** A page as the browser gets it with this session (the patch bench times the central patch page). */
    public HttpResponse<String> page(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET());
    }

    private HttpResponse<String> form(String path, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.putIfAbsent("_csrf", csrf);
        }
        String body = all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF_META.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        } else {
            Matcher i = CSRF_INPUT.matcher(r.body());
            if (i.find()) {
                csrf = i.group(1);
            }
        }
        return r;
    }

    /** A code of a time step not used before by this session (the server refuses a code twice), waiting for the next step if needed. */
    private String totp(String secret) throws InterruptedException {
        long step = Instant.now().getEpochSecond() / 30;
        while (step <= lastTotpStep) {
            Thread.sleep(1000);
            step = Instant.now().getEpochSecond() / 30;
        }
        lastTotpStep = step;
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
