package io.steward.server.e2e;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's path in Chromium: the New York clinic's contact signs in, sees their home and a ticket with times in
 * New York time (EST or EDT, never UTC), and opens their device list and a device.
 */
class PortalTimeZoneBrowserTest extends BrowserTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void theNewYorkClinicSeesItsOwnTimeZoneAndItsDevices() throws Exception {
        String northwind = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        String title = "Printer jams " + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> ticket = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + northwind
                + "\",\"type\":\"INCIDENT\",\"title\":\"" + title + "\",\"impact\":\"LOW\",\"urgency\":\"MEDIUM\"}");
        assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
        Instant opened = Instant.parse(jsonString(ticket.body(), "openedAt"));
        String hostname = "ny-e2e-" + UUID.randomUUID().toString().substring(0, 6);
        TestAgent device = OwnData.approvedDevice(adminApi(), port, northwind, hostname);
        assertThat(device.heartbeat().statusCode()).isEqualTo(200);

        DemoLogins.Login dana = demo().user(DemoLogins.PORTAL_NORTHWIND);
        browser.get(base() + "/login");
        browser.findElement(By.id("email")).sendKeys(dana.email());
        browser.findElement(By.id("password")).sendKeys(dana.password());
        browser.findElement(By.id("sign-in")).click();
        await(d -> !d.getCurrentUrl().contains("/login"));
        browser.get(base() + "/portal");
        await(d -> !d.findElements(By.id("portal-time-zone")).isEmpty());
        assertThat(browser.findElement(By.id("portal-time-zone")).getText()).isEqualTo("America/New_York");
        String home = browser.findElement(By.id("portal-open-tickets")).getText();
        assertThat(home).contains(title).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} E[SD]T").doesNotContain("UTC");
        shot("portal-tz-01-home");

        browser.findElement(By.partialLinkText(title)).click();
        await(d -> !d.findElements(By.id("ticket-title")).isEmpty());
        String expected = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ENGLISH).format(opened.atZone(NEW_YORK));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Opened", expected).doesNotContain("UTC");
        shot("portal-tz-02-ticket");

        browser.get(base() + "/portal/devices");
        await(d -> !d.findElements(By.id("portal-device-list")).isEmpty());
        assertThat(browser.findElement(By.id("portal-time-zone")).getText()).isEqualTo("America/New_York");
        shot("portal-tz-03-devices");
        browser.findElement(By.linkText(hostname)).click();
        await(d -> !d.findElements(By.id("portal-device")).isEmpty());
        assertThat(browser.findElement(By.id("portal-device")).getText()).isEqualTo(hostname);
        assertThat(browser.findElement(By.id("portal-device-seen")).getText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} E[SD]T");
        shot("portal-tz-04-device");
    }
}
