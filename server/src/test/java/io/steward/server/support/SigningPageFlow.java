package io.steward.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;

/**
 * What a browser does with a signing form, without a browser: Steward's page hands the form's statement to the
 * signer's signing page (as /js/passkeys.js does), the signing page answers with its own form (the challenge, where the
 * signature goes, the fields carried back), the person's passkey signs the challenge on the signing page's origin (as
 * the page's sign.js does), and the result is the form to post back to Steward.
 */
public final class SigningPageFlow {
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");
    private static final Pattern INPUT = Pattern.compile("<input[^>]*>");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SigningPageFlow() {
    }

    /** The form to post back to Steward: its path there and its fields, the assertion among them. */
    public record Signed(String path, Map<String, String> fields, String signingPage) {
    }

    /**
     * Signs the form of {@code page} (served from {@code serverBase}) that contains {@code marker} (its id, or a class)
     * through the signing page. {@code extra} are fields a person typed into the form (a reason, a comment).
     */
    public static Signed sign(String serverBase, String page, String marker, SoftwarePasskey key, Map<String, String> extra) {
        String form = form(page, marker);
        Map<String, String> formAttributes = attributes(form.substring(0, form.indexOf('>')));
        assertThat(formAttributes).as("the signing form's attributes").containsKeys("data-signer-page", "data-signer-statement", "action");
        String signingPage = formAttributes.get("data-signer-page");
        assertThat(signingPage).as("the signer's signing page is known").isNotBlank();
        Map<String, String> carried = hiddenInputs(form);
        carried.putAll(extra);
        carried.keySet().removeAll(java.util.Set.of("credentialId", "authenticatorData", "clientDataJson", "signature", "userHandle"));
        Map<String, String> handOver = new LinkedHashMap<>();
        handOver.put("statement", formAttributes.get("data-signer-statement"));
        handOver.put("script", formAttributes.getOrDefault("data-signer-script", ""));
        handOver.put("return", serverBase + formAttributes.get("action"));
        handOver.put("carry", urlencoded(carried));
        handOver.put("credentials", formAttributes.getOrDefault("data-passkey-credentials", ""));
        HttpResponse<String> shown = post(signingPage, handOver);
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        String signForm = form(shown.body(), "id=\"sign\"");
        Map<String, String> signAttributes = attributes(signForm.substring(0, signForm.indexOf('>')));
        String origin = signingPage.substring(0, signingPage.indexOf('/', signingPage.indexOf("://") + 3));
        PasskeyAssertion a = key.assertion(Base64.getUrlDecoder().decode(signAttributes.get("data-challenge")), signAttributes.get("data-rp"), origin);
        Map<String, String> back = hiddenInputs(signForm);
        back.putAll(Map.of("credentialId", a.credentialId(), "authenticatorData", a.authenticatorData(), "clientDataJson", a.clientDataJson(),
                "signature", a.signature(), "userHandle", a.userHandle()));
        String returnTo = signAttributes.get("action");
        assertThat(returnTo).as("the signature goes back to Steward").startsWith(serverBase);
        return new Signed(returnTo.substring(serverBase.length()), back, shown.body());
    }

    /** The form element around {@code marker}: from its start tag to its end. */
    static String form(String html, String marker) {
        int at = html.indexOf(marker);
        assertThat(at).as("no " + marker + " in the page").isGreaterThanOrEqualTo(0);
        int start = html.lastIndexOf("<form", at);
        int end = html.indexOf("</form>", at);
        assertThat(start).as("no form around " + marker).isGreaterThanOrEqualTo(0);
        return html.substring(start, end);
    }

    static Map<String, String> hiddenInputs(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = INPUT.matcher(form);
        while (m.find()) {
            Map<String, String> a = attributes(m.group());
            if ("hidden".equals(a.get("type")) && a.containsKey("name")) {
                fields.put(a.get("name"), a.getOrDefault("value", ""));
            }
        }
        return fields;
    }

    static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find()) {
            attributes.put(m.group(1), unescape(m.group(2)));
        }
        return attributes;
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String urlencoded(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(String url, Map<String, String> form) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(urlencoded(form))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
