package io.steward.server.automation.internal.signer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's side of the signer's channel: JSON over HTTP with the channel token on every request. A 403 is the
 * signer's refusal ({@link SignerGateway.Refused} with its reason); no answer, a rejected token or nonsense is
 * {@link SignerGateway.Unavailable}.
 */
final class SignerClient implements SignerGateway {
    private final Supplier<SignerEndpoint> endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    SignerClient(Supplier<SignerEndpoint> endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public SignerMessages.Status status() {
        return call("GET", "/v1/status", null, SignerMessages.Status.class);
    }

    @Override
    public SignerMessages.Signed signTask(TaskSpec task, List<PasskeyAssertion> assertions) {
        return call("POST", "/v1/sign-task", new SignerMessages.SignTask(task, assertions), SignerMessages.Signed.class);
    }

    @Override
    public SignerMessages.Signed signStandardRun(TaskSpec task) {
        return call("POST", "/v1/sign-standard-run", new SignerMessages.SignStandardRun(task), SignerMessages.Signed.class);
    }

    @Override
    public void adoptStandardChange(StandardChangeSpec change, List<PasskeyAssertion> assertions) {
        call("POST", "/v1/standard-changes", new SignerMessages.AdoptStandardChange(change, assertions), Void.class);
    }

    @Override
    public void trust(KeyringEntrySpec entry, PasskeyAssertion endorsement) {
        call("POST", "/v1/keyring", new SignerMessages.Trust(entry, endorsement), Void.class);
    }

    private <T> T call(String method, String path, Object body, Class<T> answer) {
        SignerEndpoint e = endpoint.get();
        HttpResponse<byte[]> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(e.url() + path))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + e.token())
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException ex) {
            throw new Unavailable("The task signer cannot be reached at " + e.url() + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while waiting for the task signer", ex);
        }
        try {
            return switch (response.statusCode()) {
                case 200 -> json.readValue(response.body(), answer);
                case 204 -> null;
                case 400, 403 -> throw new Refused(json.readValue(response.body(), SignerMessages.Refusal.class).reason());
                case 401 -> throw new Unavailable("The task signer rejected the channel token: check steward.automation.signer.token-file", null);
                default -> throw new Unavailable("The task signer answered " + response.statusCode(), null);
            };
        } catch (JacksonException ex) {
            throw new Unavailable("The task signer's answer is not understood", ex);
        }
    }
}
