package io.steward.agent.task;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.agent.backup.RestoreTester;
import io.steward.agent.patch.PatchInstaller;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.backup.RestoreTest;
import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.TaskMessages;
import io.steward.protocol.task.TaskSpec;

/**
 * Decides whether a delivered order may run here, before anything runs: signed by the pinned signer key, for this
 * device and this client, the script body the one the signer signed, a nonce never accepted before, inside its
 * validity window (with {@link #SKEW} of clock skew), within the local policy, the secret values those whose hashes
 * were signed, and only environment names that cannot change how the interpreter itself behaves.
 */
public final class OrderVerifier {
    public static final Duration SKEW = Duration.ofMinutes(5);
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern TASK_LINE = Pattern.compile("(?m)^task=([0-9a-fA-F-]{36})$");
    /** Names that steer the interpreter or the loader rather than the script; compared ignoring case (Windows). */
    private static final Set<String> UNSAFE = Set.of("PATH", "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "IFS", "CDPATH", "GLOBIGNORE", "PS4",
            "PROMPT_COMMAND", "HOME", "PERL5LIB", "PERL5OPT", "PERLLIB", "RUBYOPT", "RUBYLIB", "NODE_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
            "PSMODULEPATH", "PATHEXT", "COMSPEC", "SYSTEMROOT", "WINDIR", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL", "STEWARD_TASK_ID");
    private static final Set<String> UNSAFE_PREFIXES = Set.of("LD_", "DYLD_", "BASH_FUNC", "PYTHON", "GCONV", "MALLOC_", "GLIBC_");

    private final String deviceId;
    private final Optional<String> clientId;
    private final TaskPolicy policy;
    private final NonceStore nonces;
    private final String agentUser;

    public OrderVerifier(String deviceId, Optional<String> clientId, TaskPolicy policy, NonceStore nonces, String agentUser) {
        this.deviceId = deviceId;
        this.clientId = clientId;
        this.policy = policy;
        this.nonces = nonces;
        this.agentUser = agentUser;
    }

    /** What the verifier decided about one delivery. */
    public sealed interface Verdict {
    }

    /** Runs: the verified order, its script and environment (parameters and secret values). */
    public record Accepted(DeviceOrder order, String script, Map<String, String> environment, Map<String, String> secrets) implements Verdict {
    }

    /** Refused, nothing runs; {@code taskId} the task the order names (unverified, only to report it), or null when unreadable. */
    public record Refused(String taskId, String reason) implements Verdict {
    }

    public Verdict verify(TaskMessages.Delivery delivery, Optional<PublicKey> pinned, Instant now) {
        String claimedTask = claimedTask(delivery);
        if (pinned.isEmpty()) {
            return new Refused(claimedTask, "no signer key was pinned at enrollment: this agent accepts no task");
        }
        if (delivery.order() == null || delivery.order().order() == null || delivery.order().signature() == null) {
            return new Refused(claimedTask, "unsigned: the delivery carries no signed order");
        }
        DeviceOrder order;
        try {
            order = delivery.order().verify(pinned.get());
        } catch (IllegalArgumentException e) {
            return new Refused(claimedTask, "bad signature: " + e.getMessage());
        }
        String task = order.taskId().toString();
        if (!order.deviceId().toString().equals(deviceId)) {
            return new Refused(task, "the order is for another device (" + order.deviceId() + ")");
        }
        if (clientId.isEmpty() || !order.clientId().toString().equals(clientId.get())) {
            return new Refused(task, "the order is for another client (" + order.clientId() + ")");
        }
        if (now.isBefore(order.notBefore().minus(SKEW))) {
            return new Refused(task, "the order is not valid before " + order.notBefore());
        }
        if (now.isAfter(order.notAfter().plus(SKEW))) {
            return new Refused(task, "the order expired at " + order.notAfter());
        }
        if (!NONCE.matcher(order.nonce()).matches()) {
            return new Refused(task, "the order's nonce is malformed");
        }
        if (nonces.seen(order.nonce())) {
            return new Refused(task, "nonce replayed: this order was accepted before");
        }
        if (delivery.script() == null
                || !CanonicalText.sha256Hex(delivery.script().getBytes(StandardCharsets.UTF_8)).equals(order.scriptSha256())) {
            return new Refused(task, "the script body does not match the signed hash");
        }
        String policyProblem = policyProblem(order);
        if (policyProblem != null) {
            return new Refused(task, policyProblem);
        }
        boolean builtIn = PatchInstall.INTERPRETER.equals(order.interpreter()) || RestoreTest.INTERPRETER.equals(order.interpreter());
        if (builtIn && !order.arguments().isEmpty()) {
            return new Refused(task, "the " + order.interpreter() + " interpreter takes no arguments");
        }
        if (builtIn && !order.runAs().isEmpty() && !order.runAs().equals(agentUser)) {
            return new Refused(task, "the " + order.interpreter() + " interpreter runs as the agent's own user only");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : order.environment()) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (eq < 0 || !safeName(name) || entry.indexOf('\0') >= 0 || environment.containsKey(name)) {
                return new Refused(task, "unsafe or malformed environment variable " + name);
            }
            environment.put(name, entry.substring(eq + 1));
        }
        for (String arg : order.arguments()) {
            if (arg.indexOf('\0') >= 0) {
                return new Refused(task, "an argument holds a NUL character");
            }
        }
        Map<String, String> delivered = delivery.secrets() == null ? Map.of() : delivery.secrets();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String entry : order.secretHashes()) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (eq < 0 || !safeName(name) || environment.containsKey(name)) {
                return new Refused(task, "unsafe or malformed secret name " + name);
            }
            String value = delivered.get(name);
            if (value == null || value.indexOf('\0') >= 0 || !TaskSpec.secretHash(order.taskId(), name, value).equals(entry.substring(eq + 1))) {
                return new Refused(task, "the secret value of " + name + " does not match the signed hash");
            }
            secrets.put(name, value);
        }
        if (!secrets.keySet().containsAll(delivered.keySet())) {
            return new Refused(task, "secret values arrived that the order does not name");
        }
        if (PatchInstall.INTERPRETER.equals(order.interpreter())) {
            String patchProblem = PatchInstaller.problem(delivery.script(), environment);
            if (patchProblem != null) {
                return new Refused(task, patchProblem);
            }
        }
        if (RestoreTest.INTERPRETER.equals(order.interpreter())) {
            String restoreProblem = secrets.isEmpty() ? RestoreTester.problem(delivery.script(), environment)
                    : "the restore-test interpreter takes no secrets";
            if (restoreProblem != null) {
                return new Refused(task, restoreProblem);
            }
        }
        return new Accepted(order, delivery.script(), environment, secrets);
    }

    /** Records the accepted order's nonce; call right before running it. */
    public void accept(Accepted accepted, Instant now) {
        nonces.remember(accepted.order().nonce(), accepted.order().notAfter(), now);
    }

    private String policyProblem(DeviceOrder order) {
        if (policy.mode() == TaskPolicy.Mode.OFF) {
            return "local policy: tasks are off on this device";
        }
        if (policy.mode() == TaskPolicy.Mode.STANDARD && order.standardChangeId() == null) {
            return "local policy: only standard changes may run on this device";
        }
        if (!policy.interpreters().contains(order.interpreter())) {
            return "local policy: the interpreter " + order.interpreter() + " is not allowed on this device";
        }
        if (order.timeoutSeconds() > policy.maxTimeoutSeconds()) {
            return "local policy: the timeout of " + order.timeoutSeconds() + " s is longer than the " + policy.maxTimeoutSeconds() + " s allowed";
        }
        if (!order.runAs().isEmpty() && !order.runAs().equals(agentUser) && !policy.runAsUsers().contains(order.runAs())) {
            return "local policy: running as " + order.runAs() + " is not allowed on this device";
        }
        return null;
    }

    /** Whether a parameter may be set under this name: an identifier that does not steer the interpreter or the loader. */
    public static boolean safeName(String name) {
        if (!Parameter.NAME.matcher(name).matches()) {
            return false;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return !UNSAFE.contains(upper) && UNSAFE_PREFIXES.stream().noneMatch(upper::startsWith);
    }

    /** The task id an order names, read without trusting it, so a refusal can be reported against its run. */
    static String claimedTask(TaskMessages.Delivery delivery) {
        try {
            String text = new String(Base64.getDecoder().decode(delivery.order().order()), StandardCharsets.UTF_8);
            Matcher m = TASK_LINE.matcher(text);
            return m.find() ? UUID.fromString(m.group(1)).toString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The pinned key from its base64 form; empty when there is none or it is unreadable. */
    public static Optional<PublicKey> key(Optional<String> base64) {
        try {
            return base64.map(DeviceKeys::decodePublic);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
