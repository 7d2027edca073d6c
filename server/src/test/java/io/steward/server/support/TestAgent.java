package io.steward.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;

import static io.steward.server.support.Text.jsonString;

/** A minimal agent for server tests: enrolls with a key pair and signs requests the way the protocol says. */
public final class TestAgent {
    private final String base;
    private final HttpClient client = HttpClient.newHttpClient();
    public final KeyPair keys;
    public String deviceId;
    public String status;
    private long seq;

    public TestAgent(String base) {
        this(base, DeviceKeys.generate());
    }

    public TestAgent(String base, KeyPair keys) {
        this.base = base;
        this.keys = keys;
    }

    public HttpResponse<String> enroll(String token, String hostname) {
        String body = "{\"token\":\"" + token + "\",\"publicKey\":\"" + DeviceKeys.encodePublic(keys.getPublic()) + "\",\"hostname\":\""
                + hostname + "\",\"os\":\"Debian 12\",\"agentVersion\":\"test\"}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + AgentProtocol.ENROLL_PATH))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
        if (r.statusCode() == 201) {
            deviceId = jsonString(r.body(), "deviceId");
            status = jsonString(r.body(), "status");
        }
        return r;
    }

    public long nextSeq() {
        return ++seq;
    }

    /** Signs and posts {@code json} (which should carry a seq) as this device, at the given instant. */
    public HttpResponse<String> post(String path, String json, Instant at) {
        return post(path, json, at, keys, deviceId);
    }

    public HttpResponse<String> post(String path, String json, Instant at, KeyPair signer, String claimedDevice) {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long ts = at.getEpochSecond();
        String signature = DeviceKeys.sign(signer.getPrivate(), AgentProtocol.canonicalRequest("POST", path, ts, body));
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").header(AgentProtocol.DEVICE_HEADER, claimedDevice)
                .header(AgentProtocol.TIMESTAMP_HEADER, Long.toString(ts)).header(AgentProtocol.SIGNATURE_HEADER, signature));
    }

    public HttpResponse<String> heartbeat() {
        long s = nextSeq();
        return post(AgentProtocol.HEARTBEAT_PATH, "{\"seq\":" + s + ",\"sentAt\":" + System.currentTimeMillis() + ",\"dropped\":0}", Instant.now());
    }

    public HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
