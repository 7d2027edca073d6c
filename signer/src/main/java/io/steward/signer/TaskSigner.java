package io.steward.signer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskKeys;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.rules.AssertionVerifier;
import io.steward.signer.rules.EndorsementRule;
import io.steward.signer.rules.Keyring;
import io.steward.signer.rules.OrderFactory;
import io.steward.signer.rules.SigningLimits;
import io.steward.signer.rules.StandardRunRule;
import io.steward.signer.rules.TrustedPasskey;
import io.steward.signer.rules.TwoPersonRule;
import io.steward.signer.state.HostConfig;
import io.steward.signer.state.JsonFiles;
import io.steward.signer.state.SignerHome;
import io.steward.signer.state.SignerLog;
import io.steward.signer.state.TaskKeyStore;
import tools.jackson.core.type.TypeReference;

/**
 * What the signer does for the server, each operation whole under the home's lock: state is read from the home's
 * files each time (the host's command line may have changed the keyring), the rules decide, the outcome is logged
 * before it is answered. A task digest signed once is answered with the very same orders again, so a retry by the
 * server never yields fresh nonces.
 */
public final class TaskSigner {
    static final TypeReference<List<TrustedPasskey>> KEYRING = new TypeReference<>() {
    };
    static final TypeReference<List<StandardChangeSpec>> CHANGES = new TypeReference<>() {
    };
    static final TypeReference<List<KeyRotation>> ROTATIONS = new TypeReference<>() {
    };
    static final TypeReference<List<SigningLimits.Signing>> WINDOW = new TypeReference<>() {
    };

    private final SignerHome home;
    private final HostConfig config;
    private final String pageOrigin;
    private final Supplier<KeyPair> key;
    private final Clock clock;
    private final SignerLog log;
    private final TwoPersonRule twoPersons;
    private final EndorsementRule endorsements;
    private final StandardRunRule standardRuns = new StandardRunRule();
    private final SigningLimits limits;
    private final OrderFactory orders;

    /**
     * @param pageOrigin the signing page's origin as it listens: the only origin whose assertions count (a
     *                   signature made on a page of Steward's own cannot be turned into an approval)
     */
    public TaskSigner(SignerHome home, HostConfig config, String pageOrigin, Supplier<KeyPair> key, Clock clock, SecureRandom random) {
        this.home = home;
        this.config = config;
        this.pageOrigin = pageOrigin;
        this.key = key;
        this.clock = clock;
        this.log = new SignerLog(home.log());
        AssertionVerifier verifier = new AssertionVerifier(config.rpId(), List.of(pageOrigin));
        this.twoPersons = new TwoPersonRule(verifier);
        this.endorsements = new EndorsementRule(verifier);
        this.limits = new SigningLimits(config.maxDevicesPerTask(), config.maxDevicesPerHour());
        this.orders = new OrderFactory(random);
    }

    public SignerMessages.Status status() {
        return home.locked(() -> {
            KeyPair k = key.get();
            List<SignerMessages.TrustedPasskey> keyring = keyring().passkeys().stream()
                    .map(p -> new SignerMessages.TrustedPasskey(p.personId(), p.displayName(), p.credentialId(), p.approver(), p.addedBy()))
                    .toList();
            return new SignerMessages.Status(Base64.getEncoder().encodeToString(k.getPublic().getEncoded()), TaskKeys.fingerprint(k.getPublic()),
                    JsonFiles.read(home.rotations(), ROTATIONS, List.of()), keyring, JsonFiles.read(home.standardChanges(), CHANGES, List.of()),
                    limits.maxDevicesPerTask(), limits.maxDevicesPerHour(),
                    SigningLimits.signedInLastHour(JsonFiles.read(home.rateWindow(), WINDOW, List.of()), clock.instant()),
                    pageOrigin + SigningPage.PATH);
        });
    }

    public SignerMessages.Signed signTask(SignerMessages.SignTask request) {
        TaskSpec task = request.task();
        return refusalsLogged("sign-task " + task.taskId(), () -> {
            if (task.standardChangeId() != null) {
                throw new Refusal("the task names a standard change: ask for a standard run instead");
            }
            SignerMessages.Signed again = alreadySigned(task);
            if (again != null) {
                return again;
            }
            Instant now = notExpired(task);
            Keyring keyring = keyring();
            TwoPersonRule.Approval approval = twoPersons.decide(task.digest(), task.requestedBy(), request.assertions(), keyring);
            List<SigningLimits.Signing> window = limits.admit(task.deviceIds().size(), JsonFiles.read(home.rateWindow(), WINDOW, List.of()), now);
            SignerMessages.Signed signed = orders.sign(task, key.get().getPrivate());
            log.append("sign-task", "task " + task.taskId() + " digest " + signed.taskDigest() + " devices " + task.deviceIds().size()
                    + " requester " + approval.requester().personId() + " approver " + approval.approver().personId(), now);
            JsonFiles.write(home.keyring(), keyring.withSignCounts(approval.signCounts()).passkeys());
            JsonFiles.write(home.rateWindow(), window);
            JsonFiles.write(home.signed(signed.taskDigest()), signed);
            return signed;
        });
    }

    public SignerMessages.Signed signStandardRun(SignerMessages.SignStandardRun request) {
        TaskSpec task = request.task();
        return refusalsLogged("sign-standard-run " + task.taskId(), () -> {
            if (task.standardChangeId() == null) {
                throw new Refusal("the task names no standard change");
            }
            SignerMessages.Signed again = alreadySigned(task);
            if (again != null) {
                return again;
            }
            Instant now = notExpired(task);
            StandardChangeSpec change = JsonFiles.read(home.standardChanges(), CHANGES, List.of()).stream()
                    .filter(c -> c.id().equals(task.standardChangeId())).findFirst().orElse(null);
            standardRuns.check(task, change, now);
            List<SigningLimits.Signing> window = limits.admit(task.deviceIds().size(), JsonFiles.read(home.rateWindow(), WINDOW, List.of()), now);
            SignerMessages.Signed signed = orders.sign(task, key.get().getPrivate());
            log.append("sign-standard-run", "task " + task.taskId() + " digest " + signed.taskDigest() + " devices " + task.deviceIds().size()
                    + " standard change " + change.id(), now);
            JsonFiles.write(home.rateWindow(), window);
            JsonFiles.write(home.signed(signed.taskDigest()), signed);
            return signed;
        });
    }

    public void adopt(SignerMessages.AdoptStandardChange request) {
        StandardChangeSpec change = request.change();
        refusalsLogged("adopt-standard-change " + change.id(), () -> {
            Instant now = clock.instant();
            List<StandardChangeSpec> held = new ArrayList<>(JsonFiles.read(home.standardChanges(), CHANGES, List.of()));
            if (held.stream().anyMatch(c -> c.id().equals(change.id()))) {
                if (held.contains(change)) {
                    return null;
                }
                throw new Refusal("the signer already holds another standard change with this id");
            }
            if (!change.notAfter().isAfter(now)) {
                throw new Refusal("the standard change has expired");
            }
            if (HostCommands.Revoked.read(home).standardChanges().contains(change.id())) {
                throw new Refusal("the standard change " + change.id() + " was revoked on the signer's host");
            }
            Keyring keyring = keyring();
            TwoPersonRule.Approval approval = twoPersons.decide(change.digest(), change.requestedBy(), request.assertions(), keyring);
            log.append("standard-change", "adopted " + change.id() + " script " + change.scriptSha256() + " scope "
                    + (change.scopeClientId() == null ? "all" : change.scopeClientId()) + " until " + change.notAfter() + " requester "
                    + approval.requester().personId() + " approver " + approval.approver().personId(), now);
            held.add(change);
            JsonFiles.write(home.standardChanges(), held);
            JsonFiles.write(home.keyring(), keyring.withSignCounts(approval.signCounts()).passkeys());
            return null;
        });
    }

    public void trust(SignerMessages.Trust request) {
        refusalsLogged("keyring " + (request.entry() == null ? "" : request.entry().credentialId()), () -> {
            Instant now = clock.instant();
            if (request.entry() != null && HostCommands.Revoked.read(home).credentials().contains(request.entry().credentialId())) {
                throw new Refusal("the passkey was removed on the signer's host: only the host can trust it again");
            }
            Keyring next = endorsements.admit(request.entry(), request.endorsement(), keyring(), now);
            log.append("keyring-add", "person " + request.entry().personId() + " passkey " + request.entry().credentialId() + " approver "
                    + request.entry().approver() + " endorsed by " + request.entry().endorsedBy(), now);
            JsonFiles.write(home.keyring(), next.passkeys());
            return null;
        });
    }

    private Keyring keyring() {
        return new Keyring(JsonFiles.read(home.keyring(), KEYRING, List.of()));
    }

    private Instant notExpired(TaskSpec task) {
        Instant now = clock.instant();
        if (!now.isBefore(task.notAfter())) {
            throw new Refusal("the task expired at " + task.notAfter());
        }
        return now;
    }

    private SignerMessages.Signed alreadySigned(TaskSpec task) {
        Path file = home.signed(HexFormat.of().formatHex(task.digest()));
        return Files.exists(file) ? JsonFiles.read(file, new TypeReference<SignerMessages.Signed>() {
        }, null) : null;
    }

    private <T> T refusalsLogged(String what, Supplier<T> work) {
        return home.locked(() -> {
            try {
                return work.get();
            } catch (Refusal r) {
                log.append("refusal", what + ": " + r.reason(), clock.instant());
                throw r;
            }
        });
    }
}
