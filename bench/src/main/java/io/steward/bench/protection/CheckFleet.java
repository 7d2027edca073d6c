package io.steward.bench.protection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.steward.protocol.security.SecurityCheckMessages;

/**
 * The security check results of a simulated fleet, round by round, deterministic per seed, device and round. A device's
 * first round draws each check's status: about {@code failing} of them fail, 2 % are "unknown" for good (a check the
 * machine cannot answer, e.g. no permission to read the disks); every later round a passing check starts failing with
 * probability p and a failing one passes again with probability q, chosen so that the failing share stays at
 * {@code failing} and {@code flip} of the (non-unknown) checks change per round: p = flip / 2 / (1 - failing), q =
 * flip / 2 / failing. Each change opens or closes an episode on the server; a check failing in two rounds in a row
 * updates the open episode's latest evidence. Evidence is short text of the kind the agent's checks write, varying by
 * device and round.
 */
final class CheckFleet {
    static final List<String> CHECKS = SecurityCheckMessages.CHECKS;
    static final int COUNT = CHECKS.size();
    private static final byte NONE = -1;
    private static final byte PASS = 0;
    private static final byte FAIL = 1;
    private static final byte UNKNOWN = 2;

    private final long seed;
    private final double failing;
    private final double toFail;
    private final double toPass;
    private byte[] status = new byte[0];
    /** Rounds each device has had: its next round's number (and random draws) follow from it. */
    private int[] done = new int[0];
    /** Changes made by {@link #round}: checks that started failing, passed again, failed again; all results drawn. */
    final AtomicLong opened = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final AtomicLong stillFailing = new AtomicLong();
    final AtomicLong results = new AtomicLong();

    CheckFleet(long seed, double failing, double flip) {
        if (failing <= 0 || failing >= 1 || flip < 0 || flip / 2 > Math.min(failing, 1 - failing)) {
            throw new IllegalArgumentException("failing in (0, 1) and flip / 2 at most min(failing, 1 - failing)");
        }
        this.seed = seed;
        this.failing = failing;
        this.toFail = flip / 2 / (1 - failing);
        this.toPass = flip / 2 / failing;
    }

    /** Room for devices {@code 0 .. devices - 1}; those new have not had their first round. */
    synchronized void grow(int devices) {
        int old = status.length;
        if (devices * COUNT > old) {
            status = Arrays.copyOf(status, devices * COUNT);
            Arrays.fill(status, old, status.length, NONE);
            done = Arrays.copyOf(done, devices);
        }
    }

    /** The device's next round (its first if it has had none), evaluated at {@code now}, as the agent posts it. */
    SecurityCheckMessages.Results round(int device, long seq, long now) {
        int round = ++done[device];
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + device * 7_919L + round * 104_729L);
        List<SecurityCheckMessages.Result> out = new ArrayList<>(COUNT);
        for (int c = 0; c < COUNT; c++) {
            int at = device * COUNT + c;
            byte before = status[at];
            byte next;
            if (before == NONE) {
                double x = random.nextDouble();
                next = x < 0.02 ? UNKNOWN : x < 0.02 + failing * 0.98 ? FAIL : PASS;
            } else if (before == PASS) {
                next = random.nextDouble() < toFail ? FAIL : PASS;
            } else if (before == FAIL) {
                next = random.nextDouble() < toPass ? PASS : FAIL;
            } else {
                next = UNKNOWN;
            }
            if (next == FAIL && before == FAIL) {
                stillFailing.incrementAndGet();
            } else if (next == FAIL) {
                opened.incrementAndGet();
            } else if (before == FAIL) {
                closed.incrementAndGet();
            }
            status[at] = next;
            out.add(result(CHECKS.get(c), next, device, round, now, random));
        }
        results.addAndGet(COUNT);
        return new SecurityCheckMessages.Results(seq, now, out);
    }

    /** The share of drawn (non-unknown) statuses that fail now. */
    double failingShare() {
        long fail = 0;
        long known = 0;
        for (byte b : status) {
            if (b == FAIL || b == PASS) {
                known++;
                fail += b == FAIL ? 1 : 0;
            }
        }
        return known == 0 ? 0 : (double) fail / known;
    }

    void resetCounts() {
        opened.set(0);
        closed.set(0);
        stillFailing.set(0);
        results.set(0);
    }

    private static SecurityCheckMessages.Result result(String check, byte s, int device, int round, long now, SplittableRandom random) {
        if (s == UNKNOWN) {
            return new SecurityCheckMessages.Result(check, SecurityCheckMessages.UNKNOWN, "Could not be evaluated: the tool is missing or "
                    + "not permitted for the agent's user.", null);
        }
        boolean fail = s == FAIL;
        String status = fail ? SecurityCheckMessages.FAIL : SecurityCheckMessages.PASS;
        Long observedAt = null;
        String evidence = switch (check) {
            case SecurityCheckMessages.FAILED_LOGONS -> {
                int n = fail ? 11 + random.nextInt(300) : random.nextInt(10);
                if (fail) {
                    observedAt = now - 60_000L * (1 + random.nextInt(59));
                }
                yield n + " failed logon(s) in the last 60 min (threshold 10), from journald" + (fail ? "; sources: 203.0.113." + (device % 250)
                        + " (" + (n * 2 / 3) + "), 198.51.100." + (round % 250) + " (" + (n - n * 2 / 3) + ")" : "");
            }
            case SecurityCheckMessages.ADMIN_GROUP -> fail ? "sudo: new member svc-deploy" + (device % 7) + " (not in the plan's list, not at the "
                    + "baseline); members: admin, svc-deploy" + (device % 7) : "sudo: admin (as at the baseline)";
            case SecurityCheckMessages.FIREWALL -> fail ? "No active host firewall: nftables has no ruleset, ufw inactive, firewalld not running"
                    : "nftables: table inet filter, " + (8 + device % 20) + " rules, input policy drop";
            case SecurityCheckMessages.DISK_ENCRYPTION -> fail ? "/srv (ext4 on /dev/sdb1, " + (50 + device % 900) + "G) is not encrypted"
                    : "/ and /home on LUKS2 (dm-crypt, aes-xts-plain64)";
            case SecurityCheckMessages.ANTIVIRUS -> fail ? "ClamAV signatures " + (4 + random.nextInt(30)) + " days old (daily.cvd)"
                    : "ClamAV 1.0.7, daily.cvd " + (27_400 + round % 100) + ", signatures under a day old";
            case SecurityCheckMessages.LISTENING_PORTS -> fail ? "Listening and not allowed: " + (3000 + device % 6000) + "/tcp (java), 3306/tcp (mysqld)"
                    : "Listening: 22/tcp (sshd)";
            case SecurityCheckMessages.SSH_PASSWORD_LOGIN -> fail ? "/etc/ssh/sshd_config: PasswordAuthentication yes"
                    : "/etc/ssh/sshd_config: PasswordAuthentication no, KbdInteractiveAuthentication no";
            case SecurityCheckMessages.SECURITY_UPDATES -> fail ? (1 + random.nextInt(12)) + " security update(s) pending, the oldest "
                    + (31 + random.nextInt(60)) + " days (openssl, libc6)" : "unattended-upgrades active; no security update older than 30 days";
            case SecurityCheckMessages.REBOOT_PENDING -> fail ? "Reboot pending for " + (73 + random.nextInt(200)) + " h (/var/run/reboot-required: "
                    + "linux-image-6.1.0-28-amd64)" : "No reboot pending";
            default -> throw new IllegalStateException(check);
        };
        return new SecurityCheckMessages.Result(check, status, evidence, observedAt);
    }
}
