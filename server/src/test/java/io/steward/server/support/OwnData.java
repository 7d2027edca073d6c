package io.steward.server.support;

import java.net.http.HttpResponse;
import java.util.UUID;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data a test makes for itself through the API, so that what it reads is only what it wrote: every
 * test class shares one server and database, and the demo's or another test's rows must decide nothing.
 */
public final class OwnData {
    private OwnData() {
    }

    /** A new active client whose name starts with {@code prefix} and is unique; returns its id. */
    public static String client(Http admin, String prefix) {
        HttpResponse<String> r = admin.json("POST", "/api/v1/clients", "{\"name\":\"" + prefix + " " + UUID.randomUUID()
                + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    /** An agent enrolled (approved at once) into {@code clientId} on the server at {@code port}. */
    public static TestAgent approvedDevice(Http admin, int port, String clientId, String hostname) {
        HttpResponse<String> token = admin.json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        TestAgent agent = new TestAgent("http://localhost:" + port);
        HttpResponse<String> enrolled = agent.enroll(jsonString(token.body(), "token"), hostname);
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        return agent;
    }
}
