package io.steward.signer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskKeys;
import io.steward.signer.rules.CoseKey;
import io.steward.signer.rules.Keyring;
import io.steward.signer.rules.TrustedPasskey;
import io.steward.signer.state.HostConfig;
import io.steward.signer.state.JsonFiles;
import io.steward.signer.state.SignerHome;
import io.steward.signer.state.SignerLog;
import io.steward.signer.state.TaskKeyStore;

/**
 * What only the signer's host can do, from its command line: initialise the home (key, settings, channel token),
 * trust a passkey without an endorsement (the first approver at install), remove a passkey, revoke a standard change,
 * and rotate the key. The server has no
 * way to any of these.
 */
public final class HostCommands {
    private HostCommands() {
    }

    /** Creates the home with a new key, the host settings and a channel token (unless a token file exists). */
    public static KeyPair init(Path dir, char[] passphrase, HostConfig config, Instant now) {
        SignerHome home = SignerHome.create(dir);
        return home.locked(() -> {
            KeyPair key = TaskKeyStore.create(home.keyStore(), passphrase, now);
            config.write(home.config());
            Path token = dir.resolve(config.tokenFile());
            try {
                if (!Files.exists(token)) {
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    Files.writeString(token, HexFormat.of().formatHex(random), StandardCharsets.US_ASCII);
                    Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the home's ACLs protect the token.
            }
            new SignerLog(home.log()).append("init", "key " + TaskKeys.fingerprint(key.getPublic()) + " rp " + config.rpId() + " limits "
                    + config.maxDevicesPerTask() + "/task " + config.maxDevicesPerHour() + "/hour", now);
            return key;
        });
    }

    /** Trusts a passkey on the host's word (no endorsement): how the first approver gets in. */
    public static void trust(Path dir, UUID person, String name, String credentialId, String publicKeyCose, boolean approver, Instant now) {
        CoseKey.parse(publicKeyCose);
        SignerHome home = SignerHome.create(dir);
        home.locked(() -> {
            Keyring keyring = new Keyring(JsonFiles.read(home.keyring(), TaskSigner.KEYRING, List.of()));
            if (keyring.byCredential(credentialId).isPresent()) {
                return null;
            }
            new SignerLog(home.log()).append("keyring-add", "person " + person + " passkey " + credentialId + " approver " + approver
                    + " added on the host", now);
            JsonFiles.write(home.keyring(), keyring.plus(new TrustedPasskey(person, name, credentialId, publicKeyCose, approver, "host", now, List.of()))
                    .passkeys());
            return null;
        });
    }

    /** What {@code revoked.json} holds: ids the host took away, which an endorsement or adoption may not restore. */
    public record Revoked(List<String> credentials, List<UUID> standardChanges) {
        public Revoked {
            credentials = credentials == null ? List.of() : List.copyOf(credentials);
            standardChanges = standardChanges == null ? List.of() : List.copyOf(standardChanges);
        }

        public static Revoked read(SignerHome home) {
            return JsonFiles.read(home.revoked(), new tools.jackson.core.type.TypeReference<Revoked>() {
            }, new Revoked(List.of(), List.of()));
        }
    }

    /**
     * Removes a passkey from the keyring (a person who left, a lost authenticator); a serving signer reads the keyring
     * per request, so it stops counting at once. The id is remembered so that no endorsement over the channel can
     * bring it back; only the host's {@code trust add} can.
     */
    public static TrustedPasskey removeTrust(Path dir, String credentialId, Instant now) {
        SignerHome home = SignerHome.create(dir);
        return home.locked(() -> {
            Keyring keyring = new Keyring(JsonFiles.read(home.keyring(), TaskSigner.KEYRING, List.of()));
            TrustedPasskey gone = keyring.byCredential(credentialId)
                    .orElseThrow(() -> new IllegalArgumentException("no passkey " + credentialId + " in the keyring"));
            new SignerLog(home.log()).append("keyring-remove", "person " + gone.personId() + " passkey " + credentialId + " approver "
                    + gone.approver() + " removed on the host", now);
            JsonFiles.write(home.keyring(), keyring.passkeys().stream().filter(k -> !k.credentialId().equals(credentialId)).toList());
            Revoked r = Revoked.read(home);
            List<String> credentials = new ArrayList<>(r.credentials());
            if (!credentials.contains(credentialId)) {
                credentials.add(credentialId);
            }
            JsonFiles.write(home.revoked(), new Revoked(credentials, r.standardChanges()));
            return gone;
        });
    }

    /** Revokes a held standard change: no run under it is signed any more, and it cannot be adopted again. */
    public static void revokeStandardChange(Path dir, UUID id, Instant now) {
        SignerHome home = SignerHome.create(dir);
        home.locked(() -> {
            List<StandardChangeSpec> held = JsonFiles.read(home.standardChanges(), TaskSigner.CHANGES, List.of());
            if (held.stream().noneMatch(c -> c.id().equals(id))) {
                throw new IllegalArgumentException("the signer holds no standard change " + id);
            }
            new SignerLog(home.log()).append("standard-change-revoke", "revoked " + id + " on the host", now);
            JsonFiles.write(home.standardChanges(), held.stream().filter(c -> !c.id().equals(id)).toList());
            Revoked r = Revoked.read(home);
            List<UUID> changes = new ArrayList<>(r.standardChanges());
            changes.add(id);
            JsonFiles.write(home.revoked(), new Revoked(r.credentials(), changes));
            return null;
        });
    }

    /** A new key, announced by a rotation statement the old key signs; the statement is kept and shown in the status. */
    public static KeyRotation rotate(Path dir, char[] passphrase, Instant now) {
        SignerHome home = SignerHome.create(dir);
        return home.locked(() -> {
            KeyPair[] pairs = TaskKeyStore.rotate(home.keyStore(), passphrase, now);
            KeyRotation rotation = KeyRotation.issue(pairs[0].getPrivate(), pairs[0].getPublic(), pairs[1].getPublic(), now);
            List<KeyRotation> all = new ArrayList<>(JsonFiles.read(home.rotations(), TaskSigner.ROTATIONS, List.of()));
            all.add(rotation);
            JsonFiles.write(home.rotations(), all);
            new SignerLog(home.log()).append("rotation", "from " + TaskKeys.fingerprint(pairs[0].getPublic()) + " to "
                    + TaskKeys.fingerprint(pairs[1].getPublic()), now);
            return rotation;
        });
    }

    /** The passphrase from a file (first line) or, without one, the environment variable STEWARD_SIGNER_PASSPHRASE. */
    public static char[] passphrase(Path file) {
        try {
            String p = file != null ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                    : System.getenv("STEWARD_SIGNER_PASSPHRASE");
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("no passphrase: give --passphrase-file or set STEWARD_SIGNER_PASSPHRASE");
            }
            return p.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
