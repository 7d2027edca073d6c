package io.steward.bench.patches;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.signer.state.JsonFiles;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import tools.jackson.databind.JsonNode;

/**
 * One simulated endpoint: enrolled through a token with its own Ed25519 key, then posting signed messages exactly as
 * the real agent signs them (method, path, timestamp, body digest; {@link AgentProtocol#canonicalRequest}). The
 * signature is Bouncy Castle's Ed25519 (deterministic: the same bytes as {@link DeviceKeys#sign}), cheaper on the shared
 * cores than the JDK's. The protection bench's devices are the same.
 */
public final class ScanningDevice {
    public final String deviceId;
    public final int index;
    private final Ed25519PrivateKeyParameters key;

    private ScanningDevice(String deviceId, int index, Ed25519PrivateKeyParameters key) {
        this.deviceId = deviceId;
        this.index = index;
        this.key = key;
    }

    /** Enrolls as the real agent does; the token must auto-approve (a scan of a device not approved is refused). */
    public static ScanningDevice enroll(HttpClient http, String base, String token, String hostname, int index) throws IOException, InterruptedException {
        KeyPair pair = DeviceKeys.generate();
        String body = "{\"token\":\"" + token + "\",\"publicKey\":\"" + DeviceKeys.encodePublic(pair.getPublic()) + "\",\"hostname\":\"" + hostname
                + "\",\"os\":\"Linux 6.1.0-bench x86_64\",\"agentVersion\":\"steward-bench\"}";
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            r = http.send(HttpRequest.newBuilder(URI.create(base + AgentProtocol.ENROLL_PATH)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 429 && r.statusCode() != 503) {
                break;
            }
            Thread.sleep(1000L * (attempt + 1));
        }
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("enrollment of " + hostname + " refused: " + r.statusCode() + " " + r.body());
        }
        JsonNode json = JsonFiles.JSON.readTree(r.body());
        if (!"APPROVED".equals(json.path("status").asString())) {
            throw new IllegalStateException(hostname + " is " + json.path("status").asString() + ": the token must auto-approve");
        }
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        return new ScanningDevice(json.path("deviceId").asString(), index, new Ed25519PrivateKeyParameters(pkcs8, pkcs8.length - 32));
    }

    /** POSTs {@code body} to an agent path, signed at the current second; the answer, or null when the server could not be reached. */
    public HttpResponse<String> post(HttpClient http, String base, String path, byte[] body) throws InterruptedException {
        long timestamp = System.currentTimeMillis() / 1000;
        byte[] message = AgentProtocol.utf8(AgentProtocol.canonicalRequest("POST", path, timestamp, body));
        byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
        key.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header(AgentProtocol.DEVICE_HEADER, deviceId).header(AgentProtocol.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(AgentProtocol.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }
}
