package io.steward.server.support;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.release.ReleaseManifest;

/** Agent releases for tests: jars, manifests signed with the test context's release key, multipart uploads. */
public final class TestReleases {
    /** steward.devices.release-key of the test context. */
    public static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAjyAkZpZ1Hb6CULQxm261kejZXYPsflYeJr0mTx07JnI=";
    /** Its private half. */
    public static final PrivateKey PRIVATE_KEY = DeviceKeys.decodePrivate(Base64.getDecoder().decode(
            "MC4CAQAwBQYDK2VwBCIEINCmYq9Fsgahwe62o1mUzaxYCv/FE0RUZkQqzR9YezxP"));

    private TestReleases() {
    }

    /** A real jar whose manifest says the version. */
    public static byte[] jar(String version) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(bytes, m)) {
            j.putNextEntry(new JarEntry("marker.txt"));
            j.write(version.getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static ReleaseManifest manifest(String version, byte[] jar) {
        try {
            return new ReleaseManifest(version, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)), jar.length);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs the jar and manifest as /api/v1/agent-releases expects them. */
    public static HttpResponse<String> upload(Http api, byte[] jar, String manifest) {
        String boundary = "release" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jar\"; filename=\"steward-agent.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jar);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"manifest\"; filename=\"steward-agent.jar.release\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + manifest + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(api.builder("/api/v1/agent-releases").POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "application/json"));
    }

    /** Uploads a correctly signed release of the version and returns its id. */
    public static String uploaded(Http api, String version) {
        byte[] jar = jar(version);
        HttpResponse<String> r = upload(api, jar, manifest(version, jar).sign(PRIVATE_KEY));
        if (r.statusCode() != 201) {
            throw new AssertionError("upload of " + version + ": " + r.statusCode() + " " + r.body());
        }
        return Text.jsonString(r.body(), "id");
    }
}
