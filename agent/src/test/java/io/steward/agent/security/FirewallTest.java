package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

class FirewallTest {
    static final SecurityCheckMessages.Plan PLAN = SecurityCheckMessages.DEFAULT_PLAN;

    @Test
    void thisMachinesRealFirewallAsItsOwnToolsSayIt() throws Exception {
        var r = new Firewall(Programs.SYSTEM, false).evaluate(PLAN);
        // What the tools say, read here independently of the check.
        boolean anyTool = false;
        boolean answered = false;
        boolean active = false;
        if (installed("nft")) {
            anyTool = true;
            String[] out = run("nft", "-j", "list", "ruleset");
            if (out[0].equals("0")) {
                answered = true;
                active |= out[1].contains("\"rule\"") || out[1].contains("\"policy\": \"drop\"");
            }
        }
        if (installed("iptables-save")) {
            anyTool = true;
            String[] out = run("iptables-save");
            if (out[0].equals("0")) {
                answered = true;
                active |= out[1].contains("\n-A ") || out[1].contains(" DROP [");
            }
        }
        if (installed("ufw")) {
            anyTool = true;
            String[] out = run("ufw", "status");
            answered |= out[0].equals("0");
            active |= out[1].contains("Status: active");
        }
        if (installed("firewall-cmd")) {
            anyTool = true;
            String[] out = run("firewall-cmd", "--state");
            answered |= out[1].contains("running");
            active |= out[0].equals("0") && out[1].strip().equals("running");
        }
        String expected = active ? SecurityCheckMessages.PASS : answered ? SecurityCheckMessages.FAIL : SecurityCheckMessages.UNKNOWN;
        assertThat(r.status()).as(r.evidence()).isEqualTo(expected);
        if (!anyTool) {
            assertThat(r.evidence()).isEqualTo("no firewall tool installed (nft, iptables-save, ufw, firewall-cmd)");
        } else if (installed("nft") && !active && answered) {
            assertThat(r.evidence()).contains("nftables inactive: 0 rules");
        }
    }

    @Test
    void aRealNftablesRulesetWithADropPolicyPassesInAPrivateNetworkNamespace() throws Exception {
        // Rules go into a network namespace of the test's own (unshare -n), never into the shared machine's.
        String rules = "nft add table inet steward_test && nft add chain inet steward_test input '{ type filter hook input priority 0; policy drop; }' "
                + "&& nft add rule inet steward_test input tcp dport 22 accept && nft -j list ruleset";
        String[] probe = run("unshare", "-n", "sh", "-c", "nft -j list ruleset");
        if (!installed("nft") || !probe[0].equals("0")) {
            // No nft or no namespaces here: the captured ruleset of the same shape (below) stands in.
            assertThat(Firewall.nft(FakePrograms.captured("nft-ruleset.json"))).startsWith("active: 2 rules");
            return;
        }
        Programs inNamespace = new Programs() {
            @Override
            public Commands.Output run(List<String> argv) {
                List<String> wrapped = new ArrayList<>(List.of("unshare", "-n", "sh", "-c"));
                wrapped.add(argv.get(0).equals("nft") ? rules : String.join(" ", argv));
                return Programs.SYSTEM.run(wrapped);
            }

            @Override
            public boolean installed(String program) {
                return program.equals("nft");
            }
        };
        var r = new Firewall(inNamespace, false).evaluate(PLAN);
        assertThat(r.status()).as(r.evidence()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(r.evidence()).isEqualTo("nftables active: 1 rules, drop policy on inet steward_test input");
    }

    @Test
    void capturedOutputsOfEachLinuxTool() {
        assertThat(Firewall.nft(FakePrograms.captured("nft-ruleset.json"))).isEqualTo("active: 2 rules, drop policy on inet filter input, inet filter forward");
        assertThat(Firewall.nft(FakePrograms.captured("nft-empty.json"))).isEqualTo("inactive: 0 rules");
        assertThat(Firewall.iptables(FakePrograms.captured("iptables-save.txt"))).isEqualTo("active: 3 rules, DROP policy on filter INPUT, filter FORWARD");
        assertThat(Firewall.iptables(FakePrograms.captured("iptables-save-empty.txt"))).isEqualTo("inactive: 0 rules");

        FakePrograms noneActive = new FakePrograms().answer("nft", 0, FakePrograms.captured("nft-empty.json"))
                .answer("iptables-save", 0, FakePrograms.captured("iptables-save-empty.txt")).answer("ufw", 0, "Status: inactive\n")
                .answer("firewall-cmd", 252, "not running");
        var off = new Firewall(noneActive, false).evaluate(PLAN);
        assertThat(off.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(off.evidence()).isEqualTo("no active firewall: nftables inactive: 0 rules; iptables inactive: 0 rules; ufw inactive; firewalld not running");

        noneActive.answer("ufw", 0, "Status: active\n\nTo                         Action      From\n22/tcp                     ALLOW       Anywhere\n");
        assertThat(new Firewall(noneActive, false).evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);

        FakePrograms noPermission = new FakePrograms().answer("nft", 1, "Operation not permitted (you must be root)");
        var unknown = new Firewall(noPermission, false).evaluate(PLAN);
        assertThat(unknown.status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
        assertThat(unknown.evidence()).contains("root or CAP_NET_ADMIN", "Operation not permitted");
    }

    @Test
    void windowsNeedsEveryProfileOn() {
        FakePrograms on = new FakePrograms().answer(Firewall.WINDOWS_SCRIPT, 0, FakePrograms.captured("windows-firewall-on.json"));
        var pass = new Firewall(on, true).evaluate(PLAN);
        assertThat(pass.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(pass.evidence()).isEqualTo("Windows Defender Firewall on for profiles: Domain, Private, Public");
        FakePrograms publicOff = new FakePrograms().answer(Firewall.WINDOWS_SCRIPT, 0, FakePrograms.captured("windows-firewall-public-off.json"));
        var fail = new Firewall(publicOff, true).evaluate(PLAN);
        assertThat(fail.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(fail.evidence()).isEqualTo("Windows Defender Firewall off for profiles: Public; on for Domain, Private");
    }

    private static boolean installed(String program) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** exit code and stdout+stderr. */
    private static String[] run(String... argv) throws Exception {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return new String[] {Integer.toString(p.waitFor()), out};
        } catch (java.io.IOException e) {
            return new String[] {"-1", e.getMessage()};
        }
    }
}
