package io.steward.protocol.backup;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restore test is a signed task like any other, of the built-in interpreter {@link #INTERPRETER}: the body is the
 * fixed text {@link #BODY} (so its SHA-256 never changes and a standard change can name it) and what to test travels in
 * the task's signed parameters:
 * <ul>
 *   <li>{@link #JOB}: the name of a backup job of the agent's local configuration (the agent knows its repository and
 *       password; the server never does);</li>
 *   <li>{@link #SAMPLE}: how many files to restore from the newest restore point, 1 to {@link #MAX_SAMPLE}.</li>
 * </ul>
 * The agent restores the sample into a scratch directory it creates, checks each file's SHA-256 against the source
 * file where the source has not changed since the restore point was taken (and against the tool's own stored digest
 * otherwise), times the restore, removes the scratch directory and prints one {@link #RESULT_PREFIX} line.
 */
public final class RestoreTest {
    public static final String INTERPRETER = "restore-test";
    public static final String BODY = "steward-restore-test-v1\n"
            + "# Restores SAMPLE files of the newest restore point of the local backup job JOB into a scratch directory,\n"
            + "# verifies their SHA-256, reports the time taken and removes the scratch directory.\n";
    public static final String JOB = "JOB";
    public static final String SAMPLE = "SAMPLE";
    public static final int MAX_SAMPLE = 100;
    /**
     * The one result line on the run's standard output: {@code steward-restore: job=NAME point=EPOCH_MILLIS files=N
     * bytes=B millis=T verified=V failed=F}, where {@code point} is the restore point tested, {@code millis} the
     * restore's wall time, {@code verified} the files whose digest matched and {@code failed} those that did not or
     * could not be restored.
     */
    public static final String RESULT_PREFIX = "steward-restore: ";

    private static final Pattern LINE = Pattern.compile(
            "steward-restore: job=(\\S{1,128}) point=(\\d{1,15}) files=(\\d{1,9}) bytes=(\\d{1,18}) millis=(\\d{1,12}) verified=(\\d{1,9}) failed=(\\d{1,9})");

    private RestoreTest() {
    }

    /** What one restore test measured. */
    public record Result(String job, long pointAt, int files, long bytes, long millis, int verified, int failed) {
        /** The line the agent prints. */
        public String line() {
            return RESULT_PREFIX + "job=" + job + " point=" + pointAt + " files=" + files + " bytes=" + bytes + " millis=" + millis
                    + " verified=" + verified + " failed=" + failed;
        }

        /** Every sampled file restored and verified. */
        public boolean passed() {
            return files > 0 && failed == 0 && verified == files;
        }
    }

    /** The result in a run's output, if it printed one well-formed line (the last one wins). */
    public static Optional<Result> parse(String output) {
        Result found = null;
        if (output != null) {
            for (String line : output.split("\n")) {
                Matcher m = LINE.matcher(line.strip());
                if (m.matches()) {
                    found = new Result(m.group(1), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)),
                            Long.parseLong(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)));
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Checks the signed parameters strictly; the agent refuses the task otherwise. */
    public static void validate(Map<String, String> parameters) {
        String job = parameters.get(JOB);
        if (job == null || !job.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("JOB must name a local backup job");
        }
        String sample = parameters.get(SAMPLE);
        if (sample == null || !sample.matches("\\d{1,3}") || Integer.parseInt(sample) < 1 || Integer.parseInt(sample) > MAX_SAMPLE) {
            throw new IllegalArgumentException("SAMPLE must be 1 to " + MAX_SAMPLE);
        }
        if (parameters.size() != 2) {
            throw new IllegalArgumentException("only JOB and SAMPLE");
        }
    }
}
