package io.steward.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.state.JsonFiles;

class ChannelServerTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef-channel";
    @TempDir
    Path tmp;
    Fixture f;
    ChannelServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(tmp);
        server = new ChannelServer("127.0.0.1", 0, TOKEN, f.signer);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes() : JsonFiles.JSON.writeValueAsBytes(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRequestNeedsTheChannelToken() throws Exception {
        assertThat(call("GET", "/v1/status", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/status", TOKEN + "x", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/status", TOKEN.substring(1), null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = call("GET", "/v1/status", TOKEN, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JsonFiles.JSON.readValue(ok.body(), SignerMessages.Status.class).maxDevicesPerTask()).isEqualTo(100);
    }

    @Test
    void signsOverTheChannelAndRefusesWithReasons() throws Exception {
        Fixture.Person tech = f.trusted("Tina", false);
        Fixture.Person boss = f.trusted("Bo", true);
        TaskSpec task = f.task(tech, 2);
        HttpResponse<String> refused = call("POST", "/v1/sign-task", TOKEN, new SignerMessages.SignTask(task, List.of(tech.signs(task.digest()))));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JsonFiles.JSON.readValue(refused.body(), SignerMessages.Refusal.class).reason()).contains("only one passkey assertion");

        HttpResponse<String> ok = call("POST", "/v1/sign-task", TOKEN,
                new SignerMessages.SignTask(task, List.of(tech.signs(task.digest()), boss.signs(task.digest()))));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        SignerMessages.Signed signed = JsonFiles.JSON.readValue(ok.body(), SignerMessages.Signed.class);
        assertThat(signed.orders()).hasSize(2);
        assertThat(signed.orders().get(1).order().verify(f.key.getPublic()).deviceId()).isEqualTo(task.deviceIds().get(1));
    }

    @Test
    void malformedRequestsAre400AndUnknownPaths404() throws Exception {
        assertThat(call("POST", "/v1/sign-task", TOKEN, "{not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/v1/sign-task", TOKEN, "{\"task\":{\"taskId\":\"x\"},\"assertions\":[]}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/v1/keyring", TOKEN, "{}").statusCode()).isEqualTo(400);
        assertThat(call("DELETE", "/v1/status", TOKEN, null).statusCode()).isEqualTo(404);
    }
}
