package io.steward.server.support;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.protocol.task.SoftwarePasskey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standard change made as two people make it over the API: prepared and requested by one with their passkey over
 * the statement's digest, approved by another with theirs, after which the signer holds it.
 */
public final class StandardChangeFlow {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandardChangeFlow() {
    }

    /**
     * Makes the change {@code draft} describes (scriptVersionId, scopeClientId, notAfter, allowed, ...) active; both
     * passkeys must be trusted by the signer as approvers'. Returns the change's id.
     */
    public static String approved(Http requester, SoftwarePasskey requesterKey, Http approver, SoftwarePasskey approverKey,
                                  Map<String, Object> draft, String signingOrigin) {
        Map<String, Object> body = new LinkedHashMap<>(draft);
        HttpResponse<String> prepared = requester.json("POST", "/api/v1/standard-changes/prepare", JSON.writeValueAsString(body));
        assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(200);
        JsonNode p = JSON.readTree(prepared.body());
        String id = p.get("id").asString();
        String challenge = p.get("challenge").asString();
        body.put("id", id);
        body.put("assertion", TestPasskeys.sign(requesterKey, challenge, signingOrigin));
        HttpResponse<String> requested = requester.json("POST", "/api/v1/standard-changes", JSON.writeValueAsString(body));
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        HttpResponse<String> approved = approver.json("POST", "/api/v1/standard-changes/" + id + "/approve",
                JSON.writeValueAsString(Map.of("assertion", TestPasskeys.sign(approverKey, challenge, signingOrigin))));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("state").asString()).as(approved.body()).isEqualTo("ACTIVE");
        assertThat(JSON.readTree(approved.body()).get("heldBySigner").asBoolean()).isTrue();
        return id;
    }
}
