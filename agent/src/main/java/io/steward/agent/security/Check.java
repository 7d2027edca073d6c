package io.steward.agent.security;

import io.steward.protocol.security.SecurityCheckMessages;

/**
 * One security check: reads the device's state (never changes it) and says pass, fail or unknown with short evidence.
 * A check may throw; the runner then reports it as unknown with the reason, and the other checks go on.
 */
public interface Check {
    /** Evidence is cut here: the protocol allows 2,000 characters. */
    int MAX_EVIDENCE = 2000;

    /** One of {@link SecurityCheckMessages#CHECKS}. */
    String id();

    SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan);

    static SecurityCheckMessages.Result pass(String check, String evidence) {
        return new SecurityCheckMessages.Result(check, SecurityCheckMessages.PASS, clip(evidence), null);
    }

    static SecurityCheckMessages.Result fail(String check, String evidence, Long observedAt) {
        return new SecurityCheckMessages.Result(check, SecurityCheckMessages.FAIL, clip(evidence), observedAt);
    }

    static SecurityCheckMessages.Result unknown(String check, String reason) {
        return new SecurityCheckMessages.Result(check, SecurityCheckMessages.UNKNOWN, clip(reason), null);
    }

    static String clip(String evidence) {
        String s = evidence == null ? "" : evidence.strip();
        return s.length() <= MAX_EVIDENCE ? s : s.substring(0, MAX_EVIDENCE - 1) + "…";
    }
}
