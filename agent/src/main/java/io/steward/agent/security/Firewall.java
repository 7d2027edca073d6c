package io.steward.agent.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * A host firewall is active. Linux: each tool that is installed is asked, and the check passes when any of them shows
 * a working firewall: nftables ({@code nft -j list ruleset}: at least one rule, or a base chain whose policy is drop),
 * iptables ({@code iptables-save}: at least one {@code -A} rule, or a built-in chain whose policy is DROP), ufw
 * ({@code ufw status}: active), firewalld ({@code firewall-cmd --state}: running). It fails when the tools answered
 * and none is active, and is unknown when no tool is installed, or none could answer (these need root or
 * CAP_NET_ADMIN). Windows: {@code Get-NetFirewallProfile}; every profile must be enabled.
 */
final class Firewall implements Check {
    static final String WINDOWS_SCRIPT = "Get-NetFirewallProfile | Select-Object Name, @{ n = 'Enabled'; e = { \"$($_.Enabled)\" } }, "
            + "@{ n = 'DefaultInboundAction'; e = { \"$($_.DefaultInboundAction)\" } } | ConvertTo-Json -Compress";

    private final Programs programs;
    private final boolean windows;

    Firewall(Programs programs, boolean windows) {
        this.programs = programs;
        this.windows = windows;
    }

    @Override
    public String id() {
        return SecurityCheckMessages.FIREWALL;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        return windows ? windows() : linux();
    }

    private SecurityCheckMessages.Result windows() {
        Commands.Output out = programs.run(Programs.powershell(WINDOWS_SCRIPT));
        if (!out.ok()) {
            return Check.unknown(id(), "Get-NetFirewallProfile failed: " + out.lastError());
        }
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (Map<String, Object> p : JsonTree.objects(JsonTree.parse(out.stdout()))) {
            (JsonTree.truth(p, "Enabled") ? on : off).add(JsonTree.text(p, "Name"));
        }
        if (on.isEmpty() && off.isEmpty()) {
            return Check.unknown(id(), "Get-NetFirewallProfile listed no profiles");
        }
        if (!off.isEmpty()) {
            return Check.fail(id(), "Windows Defender Firewall off for profiles: " + String.join(", ", off)
                    + (on.isEmpty() ? "" : "; on for " + String.join(", ", on)), null);
        }
        return Check.pass(id(), "Windows Defender Firewall on for profiles: " + String.join(", ", on));
    }

    private SecurityCheckMessages.Result linux() {
        List<String> active = new ArrayList<>();
        List<String> inactive = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        if (programs.installed("nft")) {
            Commands.Output out = programs.run(List.of("nft", "-j", "list", "ruleset"));
            if (out.ok()) {
                String s = nft(out.stdout());
                (s.startsWith("active") ? active : inactive).add("nftables " + s);
            } else {
                failed.add("nft: " + out.lastError());
            }
        }
        if (programs.installed("iptables-save")) {
            Commands.Output out = programs.run(List.of("iptables-save"));
            if (out.ok()) {
                String s = iptables(out.stdout());
                (s.startsWith("active") ? active : inactive).add("iptables " + s);
            } else {
                failed.add("iptables-save: " + out.lastError());
            }
        }
        if (programs.installed("ufw")) {
            Commands.Output out = programs.run(List.of("ufw", "status"));
            if (out.ok()) {
                boolean on = out.stdout().contains("Status: active");
                (on ? active : inactive).add("ufw " + (on ? "active" : "inactive"));
            } else {
                failed.add("ufw: " + out.lastError());
            }
        }
        if (programs.installed("firewall-cmd")) {
            // firewall-cmd --state exits 252 with "not running" when firewalld is stopped: an answer, not a failure.
            Commands.Output out = programs.run(List.of("firewall-cmd", "--state"));
            String state = (out.stdout() + out.stderr()).strip();
            if (out.ok() && state.contains("running")) {
                active.add("firewalld running");
            } else if (state.contains("not running")) {
                inactive.add("firewalld not running");
            } else {
                failed.add("firewall-cmd: " + out.lastError());
            }
        }
        String detail = String.join("; ", join(active, inactive, failed));
        if (!active.isEmpty()) {
            return Check.pass(id(), detail);
        }
        if (!inactive.isEmpty()) {
            return Check.fail(id(), "no active firewall: " + detail, null);
        }
        if (!failed.isEmpty()) {
            return Check.unknown(id(), "the firewall tools could not answer (root or CAP_NET_ADMIN needed): " + detail);
        }
        return Check.unknown(id(), "no firewall tool installed (nft, iptables-save, ufw, firewall-cmd)");
    }

    private static List<String> join(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    /** "active: N rules, drop policy on ..." or "inactive: ..." from {@code nft -j list ruleset}. */
    @SuppressWarnings("unchecked")
    static String nft(String json) {
        int rules = 0;
        List<String> dropChains = new ArrayList<>();
        Object root = JsonTree.parse(json);
        if (root instanceof Map<?, ?> m && m.get("nftables") instanceof List<?> items) {
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> entry)) {
                    continue;
                }
                if (entry.containsKey("rule")) {
                    rules++;
                } else if (entry.get("chain") instanceof Map<?, ?> chain && "drop".equals(String.valueOf(chain.get("policy")))) {
                    Map<String, Object> c = (Map<String, Object>) chain;
                    dropChains.add(JsonTree.text(c, "family") + " " + JsonTree.text(c, "table") + " " + JsonTree.text(c, "name"));
                }
            }
        }
        String policies = dropChains.isEmpty() ? "" : ", drop policy on " + String.join(", ", dropChains);
        return (rules > 0 || !dropChains.isEmpty() ? "active: " : "inactive: ") + rules + " rules" + policies;
    }

    /** The same from {@code iptables-save}: rules are {@code -A} lines, policies {@code :CHAIN POLICY [counters]}. */
    static String iptables(String save) {
        int rules = 0;
        List<String> drop = new ArrayList<>();
        String table = "";
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1).strip();
            } else if (line.startsWith("-A ")) {
                rules++;
            } else if (line.startsWith(":")) {
                String[] f = line.substring(1).split("\\s+");
                if (f.length >= 2 && f[1].equals("DROP")) {
                    drop.add(table + " " + f[0]);
                }
            }
        }
        String policies = drop.isEmpty() ? "" : ", DROP policy on " + String.join(", ", drop);
        return (rules > 0 || !drop.isEmpty() ? "active: " : "inactive: ") + rules + " rules" + policies;
    }
}
