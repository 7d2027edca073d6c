package io.steward.protocol.release;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A new agent version as its publisher vouches for it: the version, the SHA-256 and the size of the agent jar,
 * signed with the release key (Ed25519). The release key is neither the task signer's key nor the server's: a
 * server that is taken over can offer a jar, but not one the agents accept.
 *
 * <p>The text form, which the release tool writes and the agent reads, is exactly:
 * <pre>
 * steward-agent-release 1
 * version 0.2.0
 * sha256 &lt;64 lower-case hex&gt;
 * size &lt;bytes&gt;
 * signature &lt;base64 Ed25519 over the four lines above, each ending in \n&gt;
 * </pre>
 *
 * @param version what the jar's manifest says ({@code Implementation-Version}); {@link ReleaseVersion} syntax
 * @param sha256  SHA-256 of the jar, lower-case hex
 * @param size    the jar's size in bytes
 */
public record ReleaseManifest(String version, String sha256, long size) {
    static final String HEADER = "steward-agent-release 1";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    /** Agent jars are ~5 MB; the bound keeps a hostile offer from filling a disk or the agent's heap. */
    public static final long MAX_SIZE = 256L * 1024 * 1024;

    public ReleaseManifest {
        ReleaseVersion.parse(version);
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size out of range: " + size);
        }
    }

    /** The signed bytes: the first four lines of the text form. */
    public byte[] canonical() {
        return (HEADER + "\nversion " + version + "\nsha256 " + sha256 + "\nsize " + size + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The manifest signed with the release key, in its text form. */
    public String sign(PrivateKey releaseKey) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(releaseKey);
            s.update(canonical());
            return new String(canonical(), StandardCharsets.UTF_8) + "signature " + Base64.getEncoder().encodeToString(s.sign()) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a signed manifest and checks its signature with the pinned release key.
     *
     * @throws ReleaseRefused when the text is not a manifest, has no signature, or the signature is not the key's
     */
    public static ReleaseManifest verify(String signedText, PublicKey releaseKey) {
        if (signedText == null || signedText.length() > 4096) {
            throw new ReleaseRefused("not a release manifest");
        }
        String[] lines = signedText.split("\n", -1);
        if (lines.length != 6 || !lines[0].equals(HEADER) || !lines[5].isEmpty()) {
            throw new ReleaseRefused("not a release manifest");
        }
        ReleaseManifest m;
        try {
            m = new ReleaseManifest(value(lines[1], "version"), value(lines[2], "sha256"), Long.parseLong(value(lines[3], "size")));
        } catch (IllegalArgumentException e) {
            throw new ReleaseRefused("malformed release manifest: " + e.getMessage());
        }
        String signature = lines[4].startsWith("signature ") ? lines[4].substring("signature ".length()) : null;
        if (signature == null || signature.isEmpty()) {
            throw new ReleaseRefused("the release manifest is not signed");
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(releaseKey);
            s.update(m.canonical());
            if (!s.verify(Base64.getDecoder().decode(signature))) {
                throw new ReleaseRefused("the release manifest's signature is not the pinned release key's");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ReleaseRefused("the release manifest's signature is not the pinned release key's");
        }
        return m;
    }

    /**
     * Checks a downloaded jar against the manifest.
     *
     * @throws ReleaseRefused when the size or the digest differ
     */
    public void checkJar(long actualSize, byte[] actualSha256) {
        if (actualSize != size) {
            throw new ReleaseRefused("the jar has " + actualSize + " bytes, the signed manifest says " + size);
        }
        if (!HexFormat.of().formatHex(actualSha256).equals(sha256)) {
            throw new ReleaseRefused("the jar's SHA-256 is not the signed one");
        }
    }

    private static String value(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("expected '" + name + "'");
        }
        return line.substring(name.length() + 1);
    }

    /** Why an update was not accepted; the agent keeps running its version. */
    public static final class ReleaseRefused extends RuntimeException {
        public ReleaseRefused(String message) {
            super(message);
        }
    }
}
