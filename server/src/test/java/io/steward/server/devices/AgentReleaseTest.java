package io.steward.server.devices;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest;
import io.steward.protocol.release.UpdateMessages;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import io.steward.server.support.TestReleases;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** Uploading a signed agent release, its rollout in two rings, what agents are offered and the version shown per device. */
class AgentReleaseTest extends IntegrationTest {
    private static final PrivateKey RELEASE_KEY = TestReleases.PRIVATE_KEY;

    private static byte[] jar(String version) {
        return TestReleases.jar(version);
    }

    private static String signed(String version, byte[] jar, PrivateKey key) {
        return TestReleases.manifest(version, jar).sign(key);
    }

    private static HttpResponse<String> upload(Http api, byte[] jar, String manifest) {
        return TestReleases.upload(api, jar, manifest);
    }

    private static HttpResponse<String> check(TestAgent agent, String version) {
        return agent.post(UpdateMessages.CHECK_PATH, "{\"seq\":" + agent.nextSeq() + ",\"version\":\"" + version + "\"}", Instant.now());
    }

    private static HttpResponse<String> checkAfterRollback(TestAgent agent, String version, String rolledBack) {
        return agent.post(UpdateMessages.CHECK_PATH, "{\"seq\":" + agent.nextSeq() + ",\"version\":\"" + version + "\",\"rolledBack\":[\"" + rolledBack
                + "\"]}", Instant.now());
    }

    /**
     * A rollout stops by itself once more than its share of the devices offered it rolled it back: the rest are offered
     * it no more, the release says why, and an admin starting it again lets it go on. Claims about versions a device was
     * never offered count for nothing.
     */
    @Test
    void aRolloutStopsWhenTooManyOfItsDevicesRollItBack() {
        Http api = adminApi();
        // Above every other test's release, so that these devices are offered this one.
        String version = (9_000_000 + ThreadLocalRandom.current().nextInt(1_000_000)) + ".0.0";
        String releaseId = TestReleases.uploaded(api, version);
        String clientId = OwnData.client(api, "Release stop");
        TestAgent[] pilots = new TestAgent[3];
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < pilots.length; i++) {
            pilots[i] = OwnData.approvedDevice(api, port, clientId, "rel-stop-" + i);
            ids.append(i == 0 ? "" : ",").append('"').append(pilots[i].deviceId).append('"');
        }
        TestAgent outsider = OwnData.approvedDevice(api, port, clientId, "rel-stop-outsider");
        String groupId = jsonString(api.json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"Pilot stop\",\"kind\":\"STATIC\",\"deviceIds\":[" + ids + "]}").body(), "id");
        assertThat(api.json("POST", "/api/v1/agent-releases/" + releaseId + "/rollout", "{\"pilotGroupIds\":[\"" + groupId
                + "\"],\"generalAfterDays\":365,\"stopPercent\":101}").statusCode()).isEqualTo(400);
        HttpResponse<String> started = api.json("POST", "/api/v1/agent-releases/" + releaseId + "/rollout", "{\"pilotGroupIds\":[\"" + groupId
                + "\"],\"generalAfterDays\":365,\"stopPercent\":40}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        for (TestAgent p : pilots) {
            assertThat(jsonString(check(p, "0.1.0").body(), "version")).isEqualTo(version);
        }

        // A device that was never offered it claims a rollback: nothing counts.
        checkAfterRollback(outsider, "0.1.0", version);
        // One of three rolled back (33 %, not more than 40 %): the rollout goes on, but not to that device.
        assertThat(checkAfterRollback(pilots[0], "0.1.0", version).body()).doesNotContain(version);
        assertThat(jsonString(check(pilots[1], "0.1.0").body(), "version")).isEqualTo(version);
        String release = api.getJson("/api/v1/agent-releases").body();
        assertThat(release).contains("\"devicesOffered\":3,\"devicesRolledBack\":1");
        // Two of three (67 %): stopped, and the third device is offered it no more.
        assertThat(checkAfterRollback(pilots[1], "0.1.0", version).body()).doesNotContain(version);
        assertThat(check(pilots[2], "0.1.0").body()).doesNotContain(version);
        HttpResponse<String> stopped = api.getJson("/api/v1/agent-releases");
        assertThat(stopped.body()).contains("2 of 3 devices offered " + version + " rolled it back (more than 40 %)");
        assertThat(admin().page("/settings/agent-releases")).contains("Stopped", "2 of 3 devices offered " + version);

        // Started again by an admin: it goes on where it stopped.
        assertThat(api.json("POST", "/api/v1/agent-releases/" + releaseId + "/rollout", "{\"pilotGroupIds\":[\"" + groupId
                + "\"],\"generalAfterDays\":365,\"stopPercent\":100}").statusCode()).isEqualTo(200);
        assertThat(jsonString(check(pilots[2], "0.1.0").body(), "version")).isEqualTo(version);
        assertThat(check(pilots[0], "0.1.0").body()).as("it rolled back there once").doesNotContain(version);
    }

    @Test
    void aSignedReleaseRollsOutToThePilotGroupFirstThenToEveryDevice() throws Exception {
        Http api = adminApi();
        // Versions no other run of this test used (the release table is shared by the whole test context).
        int major = 1000 + ThreadLocalRandom.current().nextInt(1_000_000);
        String version = major + ".0.0";
        byte[] jar = jar(version);

        // Refused: unsigned, signed by another key, a jar that is not the signed one, a jar naming another version.
        String unsigned = new String(new ReleaseManifest(version, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)),
                jar.length).canonical(), StandardCharsets.UTF_8) + "signature \n";
        assertThat(upload(api, jar, unsigned).statusCode()).isEqualTo(400);
        HttpResponse<String> foreign = upload(api, jar, signed(version, jar, DeviceKeys.generate().getPrivate()));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("not the pinned release key's");
        byte[] tampered = jar.clone();
        tampered[tampered.length - 5] ^= 1;
        assertThat(upload(api, tampered, signed(version, jar, RELEASE_KEY)).body()).contains("SHA-256");
        byte[] other = jar(major + ".9.9");
        assertThat(upload(api, other, signed(version, other, RELEASE_KEY)).body()).contains("The jar says it is version " + major + ".9.9");
        // Only MSP admins.
        Http tech = signedIn("tier3@demo.steward.test");
        assertThat(tech.getJson("/api/v1/agent-releases").statusCode()).isEqualTo(403);

        HttpResponse<String> uploaded = upload(api, jar, signed(version, jar, RELEASE_KEY));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String releaseId = jsonString(uploaded.body(), "id");
        assertThat(upload(api, jar, signed(version, jar, RELEASE_KEY)).statusCode()).isEqualTo(409);
        // The raw form: the jar as the body, the manifest in a header (what the generated client sends).
        String rawVersion = major + ".0.1";
        byte[] rawJar = jar(rawVersion);
        HttpResponse<String> raw = api.send(api.builder("/api/v1/agent-releases").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(rawJar))
                .header("Content-Type", "application/java-archive").header("Accept", "application/json")
                .header("Steward-Release-Manifest", java.util.Base64.getEncoder().encodeToString(
                        signed(rawVersion, rawJar, RELEASE_KEY).getBytes(StandardCharsets.UTF_8))));
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(201);
        assertThat(api.send(api.builder("/api/v1/agent-releases").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(rawJar))
                .header("Content-Type", "application/java-archive").header("Accept", "application/json")).statusCode()).isEqualTo(400);

        String clientId = OwnData.client(api, "Releases");
        TestAgent pilot = OwnData.approvedDevice(api, port, clientId, "rel-pilot-01");
        TestAgent rest = OwnData.approvedDevice(api, port, clientId, "rel-rest-01");
        HttpResponse<String> group = api.json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"Pilot\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + pilot.deviceId + "\"]}");
        assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
        String groupId = jsonString(group.body(), "id");

        // Before the rollout nobody is offered it (other releases of this context may be rolling out: none is this one).
        assertThat(check(pilot, "0.1.0").body()).doesNotContain(version);
        assertThat(api.getJson("/downloads/agent-release.jar?version=" + version).statusCode()).isEqualTo(404);

        HttpResponse<String> rollout = api.json("POST", "/api/v1/agent-releases/" + releaseId + "/rollout",
                "{\"pilotGroupIds\":[\"" + groupId + "\"],\"generalAfterDays\":7}");
        assertThat(rollout.statusCode()).as(rollout.body()).isEqualTo(200);
        assertThat(rollout.body()).contains(groupId, "\"rolloutStartedAt\"");

        HttpResponse<String> offered = check(pilot, "0.1.0");
        assertThat(offered.statusCode()).as(offered.body()).isEqualTo(200);
        assertThat(jsonString(offered.body(), "version")).isEqualTo(version);
        assertThat(jsonString(offered.body(), "downloadPath")).isEqualTo("/downloads/agent-release.jar?version=" + version);
        // The manifest handed to the agent verifies with the release key, and the download is the signed jar.
        String manifest = jsonString(offered.body(), "manifest").replace("\\n", "\n");
        ReleaseManifest m = ReleaseManifest.verify(manifest, DeviceKeys.decodePublic(TestReleases.PUBLIC_KEY));
        HttpResponse<byte[]> download = http().sendBytes(http().builder("/downloads/agent-release.jar?version=" + version).GET());
        assertThat(download.statusCode()).isEqualTo(200);
        m.checkJar(download.body().length, MessageDigest.getInstance("SHA-256").digest(download.body()));

        // Not in the pilot ring, and the general ring is 7 days away.
        assertThat(check(rest, "0.1.0").body()).doesNotContain(version);
        // The pilot device, updated, says so: nothing more to do, and its version is shown.
        assertThat(check(pilot, version).body()).doesNotContain(version);
        assertThat(api.getJson("/api/v1/devices/" + pilot.deviceId).body()).contains("\"agentVersion\":\"" + version + "\"");
        assertThat(api.getJson("/api/v1/devices/" + rest.deviceId).body()).contains("\"agentVersion\":\"0.1.0\"");
        assertThat(api.getJson("/api/v1/agent-releases").body()).contains(version);

        // The general ring now: every device is offered it.
        assertThat(api.json("POST", "/api/v1/agent-releases/" + releaseId + "/rollout", "{\"pilotGroupIds\":[],\"generalAfterDays\":0}")
                .statusCode()).isEqualTo(200);
        assertThat(jsonString(check(rest, "0.1.0").body(), "version")).isEqualTo(version);
        // A malformed version is refused.
        assertThat(check(rest, "0.1.0; rm -rf /").statusCode()).isEqualTo(400);
    }

    /** The page: the key agents pin, the releases with their rollout, and starting a rollout by form; MSP admins only. */
    @Test
    void thePageListsReleasesAndStartsARollout() {
        Http api = adminApi();
        String version = (3_000_000 + ThreadLocalRandom.current().nextInt(1_000_000)) + ".0.0";
        String releaseId = TestReleases.uploaded(api, version);
        String clientId = OwnData.client(api, "Release page");
        String groupId = jsonString(api.json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"Pilot page\",\"kind\":\"STATIC\",\"deviceIds\":[]}").body(), "id");

        Http admin = admin();
        String page = admin.page("/settings/agent-releases");
        assertThat(page).contains(TestReleases.PUBLIC_KEY, version, "not started", groupId);
        assertThat(admin.page("/devices")).contains("agent-releases-link");
        HttpResponse<String> started = admin.postForm("/settings/agent-releases/" + releaseId + "/rollout",
                java.util.Map.of("pilotGroupIds", groupId, "generalAfterDays", "3"));
        assertThat(started.statusCode()).isEqualTo(302);
        assertThat(admin.page("/settings/agent-releases")).contains("Rollout of " + version + " started.", "1 pilot group(s) since");
        assertThat(api.getJson("/api/v1/agent-releases").body()).contains(groupId);
        HttpResponse<String> bad = admin.postForm("/settings/agent-releases/" + releaseId + "/rollout", java.util.Map.of("generalAfterDays", "400"));
        assertThat(bad.statusCode()).isEqualTo(302);
        assertThat(admin.page("/settings/agent-releases")).contains("Between 0 and 365 days.");

        Http tech = signedIn("tier3@demo.steward.test");
        assertThat(tech.get("/settings/agent-releases").statusCode()).isEqualTo(403);
        assertThat(tech.page("/devices")).doesNotContain("agent-releases-link");
    }
}
