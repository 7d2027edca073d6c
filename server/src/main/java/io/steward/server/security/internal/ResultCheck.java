package io.steward.server.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.shared.InvalidInputException;

/**
 * What a round of results must be to be stored: known checks, each at most once, a known status, evidence within the
 * protocol's 2,000 characters, times that are epoch milliseconds and not in the future. An agent's bad input is answered
 * 400 with the field at fault and the reason, never stored in part (and never a 500).
 */
final class ResultCheck {
    static final int MAX_EVIDENCE = 2000;
    /** An agent's clock may run somewhat ahead of the server's. */
    private static final Duration AHEAD = Duration.ofDays(1);

    private ResultCheck() {
    }

    static void check(SecurityCheckMessages.Results r, Instant now) {
        if (r.evaluatedAt() <= 0 || Instant.ofEpochMilli(r.evaluatedAt()).isAfter(now.plus(AHEAD))) {
            throw new InvalidInputException("evaluatedAt", "evaluatedAt is the round's end in epoch milliseconds, not in the future.");
        }
        if (r.results() == null) {
            throw new InvalidInputException("results", "A round lists its results (an empty list when it evaluated none).");
        }
        if (r.results().size() > SecurityCheckMessages.CHECKS.size()) {
            throw new InvalidInputException("results", "At most one result per check (" + SecurityCheckMessages.CHECKS.size() + ").");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.results().size(); i++) {
            SecurityCheckMessages.Result x = r.results().get(i);
            String at = "results[" + i + "]";
            if (x == null) {
                throw new InvalidInputException(at, "A result cannot be null.");
            }
            if (x.check() == null || !SecurityCheckMessages.CHECKS.contains(x.check())) {
                throw new InvalidInputException(at + ".check", "Unknown check; one of " + String.join(", ", SecurityCheckMessages.CHECKS) + ".");
            }
            if (!seen.add(x.check())) {
                throw new InvalidInputException(at + ".check", "The check " + x.check() + " is listed twice.");
            }
            if (x.status() == null || !SecurityCheckMessages.STATUSES.contains(x.status())) {
                throw new InvalidInputException(at + ".status", "status is pass, fail or unknown.");
            }
            if (x.evidence() != null && (x.evidence().length() > MAX_EVIDENCE || x.evidence().indexOf('\0') >= 0)) {
                throw new InvalidInputException(at + ".evidence", "At most " + MAX_EVIDENCE + " characters of text.");
            }
            if (x.observedAt() != null && (x.observedAt() <= 0 || Instant.ofEpochMilli(x.observedAt()).isAfter(now.plus(AHEAD)))) {
                throw new InvalidInputException(at + ".observedAt", "observedAt is epoch milliseconds, not in the future (or null).");
            }
        }
    }
}
