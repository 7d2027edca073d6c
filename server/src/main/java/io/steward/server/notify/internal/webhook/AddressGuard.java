package io.steward.server.notify.internal.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks from being pointed at Steward's own network (SSRF): a URL must be http or https, carry no user info, and
 * every address its host resolves to must be public, unless the endpoint is explicitly allowed the private network or
 * the address lies in a range the settings allow. Refused: loopback, link-local (with the cloud metadata address
 * 169.254.169.254), private (10/8, 172.16/12, 192.168/16, fc00::/7), CGNAT 100.64/10, multicast, unspecified, "this
 * network" 0/8, reserved 240/4 and broadcast, the IPv4-mapped, IPv4-compatible and NAT64 (64:ff9b::/96) forms of all these, and
 * the local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215), which translates into the operator's own network.
 *
 * <p>The check runs when an endpoint is saved and again before every attempt. The HTTP client then looks the host up
 * itself; it normally gets the JVM's cached answer of the check (successful look-ups are cached for 30 s unless
 * {@code networkaddress.cache.ttl} says otherwise), so a DNS-rebinding answer can only slip in when that cache entry
 * expires in the milliseconds between the check and the connection. Redirects are never followed.
 */
public final class AddressGuard {
    private static final List<Cidr> REFUSED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"), Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"),
            Cidr.parse("ff00::/8"), Cidr.parse("64:ff9b:1::/48"));

    private final List<Cidr> allowed;

    /** {@code allowedCidrs}: ranges every endpoint may reach although they are private, from the settings. */
    public AddressGuard(List<String> allowedCidrs) {
        this.allowed = allowedCidrs.stream().map(Cidr::parse).toList();
    }

    /** Why {@code url} may not be called, or null when it may. Resolves the host (a blocking DNS look-up). */
    public String refusal(String url, boolean allowPrivateNetwork) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "Not a valid URL.";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "Only http and https URLs can receive webhooks.";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return "Give a URL with a host name and no user name or password in it.";
        }
        if (allowPrivateNetwork) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "The host " + uri.getHost() + " cannot be resolved.";
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                return "The host " + uri.getHost() + " resolves to " + a.getHostAddress()
                        + ", a loopback, link-local or private address; only an MSP admin may allow that for an endpoint.";
            }
        }
        return null;
    }

    /** Whether {@code address} is public or in an allowed range. */
    boolean isPublic(InetAddress address) {
        byte[] raw = embeddedIpv4(address.getAddress());
        for (Cidr c : allowed) {
            if (c.contains(raw) || c.contains(address.getAddress())) {
                return true;
            }
        }
        return REFUSED.stream().noneMatch(c -> c.contains(raw));
    }

    /** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d), else the address itself. */
    static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return a;
        }
        boolean zero10 = allZero(a, 0, 10);
        boolean mapped = zero10 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = zero10 && a[10] == 0 && a[11] == 0 && !allZero(a, 12, 14);
        boolean nat64 = (a[0] & 0xff) == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && allZero(a, 4, 12);
        return mapped || compatible || nat64 ? Arrays.copyOfRange(a, 12, 16) : a;
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.strip().split("/", 2);
            try {
                byte[] net = literal(parts[0]);
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
                if (prefix < 0 || prefix > net.length * 8) {
                    throw new IllegalArgumentException("prefix out of range in " + text);
                }
                return new Cidr(net, prefix);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text, e);
            }
        }

        /** A numeric address; refuses names, which would need a DNS look-up. */
        private static byte[] literal(String text) {
            if (!text.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new IllegalArgumentException("not a numeric address: " + text);
            }
            try {
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not a numeric address: " + text, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
