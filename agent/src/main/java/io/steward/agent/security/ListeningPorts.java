package io.steward.agent.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * Every listening port is in the plan's allowed list ({@code 22/tcp}, {@code 53/udp}, a bare {@code 443} for both,
 * {@code 8000-8099/tcp} for a range). On Linux from {@code /proc/net/tcp{,6}} (state LISTEN) and
 * {@code /proc/net/udp{,6}} (unconnected sockets, what {@code ss -ulnu} shows), read directly: no process to start.
 * Loopback listeners count too (a local service is still an exposure to every local user). The evidence names each
 * unexpected port with the addresses it listens on. Windows: {@code Get-NetTCPConnection -State Listen} and
 * {@code Get-NetUDPEndpoint}.
 */
final class ListeningPorts implements Check {
    static final String WINDOWS_SCRIPT = "@(Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue | ForEach-Object "
            + "{ [pscustomobject]@{ Protocol = 'tcp'; LocalAddress = $_.LocalAddress; LocalPort = $_.LocalPort } }) + "
            + "@(Get-NetUDPEndpoint -ErrorAction SilentlyContinue | ForEach-Object "
            + "{ [pscustomobject]@{ Protocol = 'udp'; LocalAddress = $_.LocalAddress; LocalPort = $_.LocalPort } }) | ConvertTo-Json -Compress";
    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private final Path procNet;
    private final Programs programs;
    private final boolean windows;

    ListeningPorts(Path procNet, Programs programs, boolean windows) {
        this.procNet = procNet;
        this.programs = programs;
        this.windows = windows;
    }

    @Override
    public String id() {
        return SecurityCheckMessages.LISTENING_PORTS;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        // "00022/tcp" -> the addresses; sorted by port so the evidence is stable.
        Map<String, TreeSet<String>> listening = new java.util.TreeMap<>();
        if (windows) {
            Commands.Output out = programs.run(Programs.powershell(WINDOWS_SCRIPT));
            if (!out.ok()) {
                return Check.unknown(id(), "Get-NetTCPConnection failed: " + out.lastError());
            }
            for (Map<String, Object> o : JsonTree.objects(JsonTree.parse(out.stdout()))) {
                add(listening, JsonTree.text(o, "Protocol"), Integer.parseInt(JsonTree.text(o, "LocalPort")), JsonTree.text(o, "LocalAddress"));
            }
        } else {
            int read = 0;
            for (String file : List.of("tcp", "tcp6", "udp", "udp6")) {
                try {
                    readProc(procNet.resolve(file), file.startsWith("tcp") ? "tcp" : "udp", file.endsWith("6"), listening);
                    read++;
                } catch (NoSuchFileException e) {
                    // no IPv6 in this kernel: the others still count
                } catch (IOException e) {
                    return Check.unknown(id(), "cannot read " + procNet.resolve(file) + ": " + e.getMessage());
                }
            }
            if (read == 0) {
                return Check.unknown(id(), "no socket tables in " + procNet);
            }
        }
        StringBuilder unexpected = new StringBuilder();
        int count = 0;
        for (Map.Entry<String, TreeSet<String>> e : listening.entrySet()) {
            String[] pp = e.getKey().split("/");
            if (!allowed(plan.allowedPorts(), pp[1], Integer.parseInt(pp[0]))) {
                count++;
                unexpected.append(unexpected.isEmpty() ? "" : "; ").append(Integer.parseInt(pp[0])).append('/').append(pp[1]).append(" on ")
                        .append(String.join(", ", e.getValue()));
            }
        }
        if (count == 0) {
            return Check.pass(id(), listening.size() + " listening ports, all allowed: " + String.join(", ", allowedOnes(listening)));
        }
        return Check.fail(id(), count + " listening ports not allowed: " + unexpected, null);
    }

    private static List<String> allowedOnes(Map<String, TreeSet<String>> listening) {
        List<String> out = new java.util.ArrayList<>();
        for (String key : listening.keySet()) {
            String[] pp = key.split("/");
            out.add(Integer.parseInt(pp[0]) + "/" + pp[1]);
        }
        return out;
    }

    private static void add(Map<String, TreeSet<String>> listening, String protocol, int port, String address) {
        // Zero-padded in the key so ports sort by number.
        String key = "0".repeat(5 - Integer.toString(port).length()) + port + "/" + protocol.toLowerCase(java.util.Locale.ROOT);
        listening.computeIfAbsent(key, k -> new TreeSet<>()).add(address);
    }

    /** Whether {@code allowed} ("22/tcp", "443", "8000-8099/udp") lets {@code protocol}/{@code port} listen. */
    static boolean allowed(List<String> allowed, String protocol, int port) {
        for (String entry : allowed == null ? List.<String>of() : allowed) {
            String e = entry.strip().toLowerCase(java.util.Locale.ROOT);
            int slash = e.indexOf('/');
            String ports = slash < 0 ? e : e.substring(0, slash);
            if (slash >= 0 && !e.substring(slash + 1).equals(protocol)) {
                continue;
            }
            try {
                int dash = ports.indexOf('-');
                int low = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
                int high = dash < 0 ? low : Integer.parseInt(ports.substring(dash + 1));
                if (port >= low && port <= high) {
                    return true;
                }
            } catch (NumberFormatException ignored) {
                // an entry the agent cannot read allows nothing
            }
        }
        return false;
    }

    /** One of /proc/net/{tcp,tcp6,udp,udp6}: "sl local_address rem_address st ...", addresses as hex "ADDR:PORT". */
    static void readProc(Path file, String protocol, boolean v6, Map<String, TreeSet<String>> listening) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 4) {
                    continue;
                }
                boolean open = protocol.equals("tcp") ? f[3].equals(TCP_LISTEN) : f[3].equals(UDP_UNCONNECTED) && f[2].endsWith(":0000");
                if (!open) {
                    continue;
                }
                int colon = f[1].indexOf(':');
                add(listening, protocol, Integer.parseInt(f[1].substring(colon + 1), 16), address(f[1].substring(0, colon), v6));
            }
        }
    }

    /** The kernel prints addresses as 32-bit words in host byte order (little-endian on the machines the agent runs on). */
    static String address(String hex, boolean v6) {
        if (!v6) {
            long a = Long.parseLong(hex, 16);
            return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff);
        }
        byte[] bytes = new byte[16];
        for (int word = 0; word < 4; word++) {
            long w = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) (w >> (8 * b));
            }
        }
        try {
            java.net.InetAddress a = java.net.InetAddress.getByAddress(bytes);
            String s = a.getHostAddress();
            // An IPv4 address on a dual-stack socket (::ffff:127.0.0.1) reads as the IPv4 address it is.
            return a instanceof java.net.Inet4Address ? s : s.equals("0:0:0:0:0:0:0:0") ? "[::]" : "[" + s + "]";
        } catch (java.net.UnknownHostException e) {
            return hex;
        }
    }
}
