package io.steward.server.web;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import io.steward.protocol.AgentProtocol;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages show people words and human units, never the codes and raw figures the API carries: no ISO durations (PT4H),
 * no upper-case codes with underscores (SERVICE_REQUEST, FULLY_MANAGED), no byte counts with decimals, no thousands
 * of minutes. Scans the rendered text of the demo's tickets, devices, contracts, tiers and clients, staff and portal.
 */
class HumanWordsInPagesTest extends IntegrationTest {
    private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern ISO_DURATION = Pattern.compile("\\bP(?:T\\d|\\d+D)");
    // Configuration names (STEWARD_...) are meant to be typed, so they stay.
    private static final Pattern CODE = Pattern.compile("\\b(?!STEWARD_)[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b");
    private static final Pattern RAW_BYTES = Pattern.compile("\\d+\\.\\d+ bytes|\\d{4,} bytes");
    private static final Pattern MANY_MINUTES = Pattern.compile("\\b\\d{3,}(?:,\\d{3})* ?min(?:utes)?\\b");
    /** "over 300 s": the demo's memory policy averages over five minutes, which reads "5 min". */
    private static final Pattern MANY_SECONDS = Pattern.compile("\\b\\d{3,} s\\b");

    /** The text a person reads: no scripts, styles, tags, or preformatted blocks (install lines, people's own text). */
    static String readable(String html) {
        return html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("(?s)<style.*?</style>", " ")
                .replaceAll("(?s)<pre.*?</pre>", " ").replaceAll("(?s)<textarea.*?</textarea>", " ")
                .replaceAll("(?s)<title>.*?</title>", " ").replaceAll("<[^>]+>", " ").replace("&nbsp;", " ");
    }

    static List<String> problems(String path, String html) {
        String text = readable(html);
        List<String> found = new ArrayList<>();
        for (Pattern p : new Pattern[] {ISO_DURATION, CODE, RAW_BYTES, MANY_MINUTES, MANY_SECONDS}) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                int from = Math.max(0, m.start() - 40);
                found.add(path + ": \"" + m.group() + "\" in …" + text.substring(from, Math.min(text.length(), m.end() + 40)).strip() + "…");
            }
        }
        return found;
    }

    private static Set<String> links(String html, String prefix, int limit) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("href=\"(" + Pattern.quote(prefix) + UUID_RE + ")\"").matcher(html);
        while (m.find() && out.size() < limit) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void staffPagesOfDemoTicketsDevicesContractsAndClientsShowWords() {
        Http manager = signedIn(DemoLogins.MANAGER);
        Set<String> paths = new LinkedHashSet<>(List.of("/", "/servicedesk", "/servicedesk?status=all", "/servicedesk/board",
                "/servicedesk/changes", "/devices", "/alerts", "/tiers", "/clients", "/reports", "/servicedesk/priority-matrix"));
        // Oldest first: the demo's own tickets, seeded before any test ran, rather than what other tests wrote.
        paths.addAll(links(manager.page("/servicedesk?status=all&sort=opened"), "/tickets/", 25));
        Set<String> devices = links(manager.page("/devices"), "/devices/", 10);
        devices.add("/devices/" + ownDevice()[1]);
        paths.addAll(devices);
        devices.forEach(d -> paths.add(d + "/alerting"));
        for (String client : links(manager.page("/clients"), "/clients/", 5)) {
            paths.add(client);
            paths.add(client + "/contracts");
        }
        List<String> found = new ArrayList<>();
        for (String path : paths) {
            var r = manager.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            found.addAll(problems(path, r.body()));
        }
        assertThat(found).isEmpty();
    }

    private String[] own;

    /** A client and device of the test's own, the device having reported a disk's free bytes: {client id, device id}. */
    private String[] ownDevice() {
        if (own == null) {
            own = ownDeviceWithDiskFigures();
        }
        return own;
    }

    private String[] ownDeviceWithDiskFigures() {
        String client = OwnData.client(adminApi(), "Words Client");
        TestAgent agent = OwnData.approvedDevice(adminApi(), port, client, "words-" + UUID.randomUUID().toString().substring(0, 8));
        long at = System.currentTimeMillis();
        HttpResponse<String> sent = agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + agent.nextSeq() + ",\"samples\":["
                + "{\"metric\":\"fs.free_bytes\",\"instance\":\"/\",\"value\":83332284416,\"unit\":\"bytes\",\"at\":" + at + "},"
                + "{\"metric\":\"fs.used_pct\",\"instance\":\"/\",\"value\":41.24,\"unit\":\"pct\",\"at\":" + at + "}]}", Instant.now());
        assertThat(sent.statusCode()).as(sent.body()).isLessThan(300);
        String path = "/devices/" + agent.deviceId;
        long deadline = System.currentTimeMillis() + 60_000;
        String page = signedIn(DemoLogins.MANAGER).page(path);
        while (!page.contains("77.6 GiB") && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            page = signedIn(DemoLogins.MANAGER).page(path);
        }
        assertThat(page).contains("77.6 GiB", "41.2 %").doesNotContain("83332284416");
        return new String[] {client, agent.deviceId};
    }

    @Test
    void portalPagesShowWords() {
        Http dana = signedIn(DemoLogins.PORTAL_NORTHWIND);
        Set<String> paths = new LinkedHashSet<>(List.of("/portal", "/portal/tickets", "/portal/tickets?show=all", "/portal/devices",
                "/portal/reports"));
        paths.addAll(links(dana.page("/portal/tickets?show=all"), "/portal/tickets/", 15));
        paths.addAll(links(dana.page("/portal/devices"), "/portal/devices/", 5));
        assertThat(paths).anyMatch(p -> p.startsWith("/portal/tickets/"));
        List<String> found = new ArrayList<>();
        for (String path : paths) {
            var r = dana.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            found.addAll(problems(path, r.body()));
            assertThat(readable(r.body())).as(path).doesNotContain(" UTC");
        }
        // The demo's portal clients have no enrolled devices in tests: look at the device pages of a client of our own.
        String email = "words-portal-" + UUID.randomUUID().toString().substring(0, 8) + "@client.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email
                + "\",\"displayName\":\"Pat Portal\",\"role\":\"CLIENT_USER\",\"clientId\":\"" + ownDevice()[0] + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Http pat = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));
        Set<String> devicePaths = new LinkedHashSet<>(List.of("/portal/devices"));
        devicePaths.addAll(links(pat.page("/portal/devices"), "/portal/devices/", 5));
        assertThat(devicePaths).anyMatch(p -> p.startsWith("/portal/devices/"));
        for (String path : devicePaths) {
            var r = pat.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            found.addAll(problems(path, r.body()));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theScanFindsWhatItLooksFor() {
        assertThat(problems("x", "<td>PT4H</td><td>SERVICE_REQUEST</td><td>83332284416.00 bytes</td><td>6000 min</td>")).hasSize(4);
        assertThat(problems("x", "<td>4 h</td><td>Service request</td><td>77.6 GiB</td><td>100 h</td><td>P1</td>"
                + "<pre>STEWARD_TOKEN=PT4H</pre><script>var A_B = 1;</script>")).isEmpty();
    }
}
