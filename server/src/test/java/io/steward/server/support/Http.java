package io.steward.server.support;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small browser for tests: real HTTP with its own cookie jar, CSRF tokens taken from the page's
 * meta tag (as steward.js does), form posts, JSON calls and bearer tokens. Redirects are not
 * followed, so tests see where the server sends them.
 */
public final class Http {
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private String csrf;
    private String bearer;

    public Http(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Http bearer(String token) {
        this.bearer = token;
        return this;
    }

    public String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("STEWARD_SESSION"))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    public void dropCookies() {
        cookies.getCookieStore().removeAll();
        csrf = null;
    }

    public HttpResponse<String> get(String path) {
        return send(builder(path).GET().header("Accept", "text/html,application/json"));
    }

    public HttpResponse<String> getJson(String path) {
        return send(builder(path).GET().header("Accept", "application/json"));
    }

    /** Loads a page to pick up its CSRF token. */
    public String page(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET " + path + " body: " + r.body()).isEqualTo(200);
        return r.body();
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf() != null) {
            all.putIfAbsent("_csrf", csrf());
        }
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded"));
    }

    public HttpResponse<String> json(String method, String path, String json) {
        return json(method, path, json, Map.of());
    }

    public HttpResponse<String> json(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder b = builder(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer == null && csrf() != null) {
            b.header("X-CSRF-TOKEN", csrf());
        }
        headers.forEach(b::header);
        return send(b);
    }

    /** Posts one file as multipart/form-data field {@code file}, with the CSRF header when signed in by session. */
    public HttpResponse<String> upload(String path, String fileName, byte[] content) {
        String boundary = "steward" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        HttpRequest.Builder b = builder(path).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "application/json");
        if (bearer == null && csrf() != null) {
            b.header("X-CSRF-TOKEN", csrf());
        }
        return send(b);
    }

    public HttpResponse<String> send(HttpRequest.Builder b) {
        HttpResponse<String> r = exchange(b, HttpResponse.BodyHandlers.ofString());
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

    /** Sends a request whose answer is binary (an image, a PDF), with this client's cookies. */
    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder b) {
        return exchange(b, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder b, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(b.build(), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    public String csrf() {
        return csrf;
    }

    public String base() {
        return base;
    }

    /** Signs in through the form (and the MFA step when the login has a TOTP secret); asserts it worked. */
    public void signIn(DemoLogins.Login login) {
        HttpResponse<String> r = login(login.email(), login.password());
        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElse("");
        if (location.endsWith("/login/mfa")) {
            page("/login/mfa");
            r = postForm("/login/mfa", Map.of("code", TotpCodes.next(login.totpSecret())));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            location = r.headers().firstValue("Location").orElse("");
        }
        assertThat(location).as("signed in as " + login.email()).doesNotContain("/login");
        page(location.replaceFirst("^https?://[^/]+", ""));
    }

    public HttpResponse<String> login(String email, String password) {
        page("/login");
        return postForm("/login", Map.of("email", email, "password", password));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
