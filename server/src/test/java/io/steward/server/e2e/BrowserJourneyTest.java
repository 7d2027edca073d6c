package io.steward.server.e2e;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's journey in Debian's Chromium: the demo admin signs in with a TOTP code, creates a
 * client and a portal user for it; that user signs in, sets a password, and cannot reach another
 * client's data. Screenshots of each step land in target/e2e-screenshots.
 */
class BrowserJourneyTest extends BrowserTest {
    @Test
    void adminCreatesClientAndPortalUserWhoSeesOnlyTheirOwnClient() throws Exception {
        String base = "http://localhost:" + port;
        String foreignClientId = jsonString(adminApi().getJson("/api/v1/clients?q=Northwind").body(), "id");
        DemoLogins.Login admin = demo().user(DemoLogins.ADMIN);

        browser.get(base + "/login");
        shot("01-login");
        browser.findElement(By.id("email")).sendKeys(admin.email());
        browser.findElement(By.id("password")).sendKeys(admin.password());
        browser.findElement(By.id("sign-in")).click();
        await(d -> d.getCurrentUrl().endsWith("/login/mfa"));
        browser.findElement(By.id("code")).sendKeys(TotpCodes.next(admin.totpSecret()));
        shot("02-mfa");
        browser.findElement(By.id("verify")).click();
        await(d -> d.getCurrentUrl().equals(base + "/"));
        assertThat(browser.getPageSource()).contains("Morgan Admin");
        shot("03-dashboard");

        // The main staff pages render in a real browser.
        for (String[] page : new String[][] {{"/servicedesk", "New ticket"}, {"/servicedesk/board", "SLA board"}, {"/devices", "Enroll devices"},
                {"/alerts", "Policies"}, {"/tiers", "Service tiers"}, {"/admin/audit", "Chain intact"}}) {
            browser.get(base + page[0]);
            assertThat(browser.getPageSource()).as(page[0]).contains(page[1]);
            shot("03" + page[0].replace('/', '-'));
        }
        browser.get(base + "/servicedesk");
        browser.findElement(By.cssSelector("#ticket-rows a")).click();
        await(d -> !d.findElements(By.id("sla-panel")).isEmpty());
        shot("03-ticket");

        String clientName = "E2E Bakery " + System.nanoTime() % 100000;
        browser.get(base + "/clients/new");
        browser.findElement(By.id("name")).sendKeys(clientName);
        browser.findElement(By.id("timeZone")).clear();
        browser.findElement(By.id("timeZone")).sendKeys("Mars/Olympus");
        browser.findElement(By.id("save")).click();
        await(d -> !d.findElements(By.id("timeZone-error")).isEmpty());
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo(clientName);
        shot("04-client-validation");
        browser.findElement(By.id("timeZone")).clear();
        browser.findElement(By.id("timeZone")).sendKeys("Europe/Paris");
        browser.findElement(By.id("save")).click();
        await(d -> !d.findElements(By.id("client-name")).isEmpty());
        assertThat(browser.findElement(By.id("client-name")).getText()).isEqualTo(clientName);
        shot("05-client-created");

        String portalEmail = "owner" + System.nanoTime() % 100000 + "@bakery.example";
        browser.get(base + "/admin/users/new");
        browser.findElement(By.id("displayName")).sendKeys("Bakery Owner");
        browser.findElement(By.id("email")).sendKeys(portalEmail);
        new Select(browser.findElement(By.id("role"))).selectByValue("CLIENT_USER");
        new Select(browser.findElement(By.id("supportTier"))).selectByValue("");
        new Select(browser.findElement(By.id("clientId"))).selectByVisibleText(clientName);
        browser.findElement(By.id("save")).click();
        await(d -> !d.findElements(By.id("one-time-password")).isEmpty());
        String oneTime = browser.findElement(By.id("one-time-password")).getText().trim();
        shot("06-portal-user-created");
        browser.findElement(By.cssSelector("header form button")).click();
        await(d -> d.getCurrentUrl().contains("/login"));

        browser.findElement(By.id("email")).sendKeys(portalEmail);
        browser.findElement(By.id("password")).sendKeys(oneTime);
        browser.findElement(By.id("sign-in")).click();
        await(d -> d.getCurrentUrl().endsWith("/account/password"));
        browser.findElement(By.id("currentPassword")).sendKeys(oneTime);
        browser.findElement(By.id("newPassword")).sendKeys("fresh bread every morning");
        browser.findElement(By.id("confirmPassword")).sendKeys("fresh bread every morning");
        shot("07-password-change");
        browser.findElement(By.id("change-password")).click();
        await(d -> d.getCurrentUrl().endsWith("/portal"));
        assertThat(browser.findElement(By.id("portal-client")).getText()).isEqualTo(clientName);
        assertThat(browser.getPageSource()).doesNotContain("Northwind").doesNotContain("Harbour City");
        shot("08-portal");

        browser.get(base + "/portal/tickets/new");
        browser.findElement(By.id("title")).sendKeys("Oven timer app will not start");
        browser.findElement(By.id("description")).sendKeys("Since this morning.");
        browser.findElement(By.id("submit-ticket")).click();
        await(d -> !d.findElements(By.id("ticket-title")).isEmpty());
        assertThat(browser.findElement(By.id("ticket-title")).getText()).isEqualTo("Oven timer app will not start");
        shot("09-portal-ticket");

        browser.get(base + "/clients/" + foreignClientId);
        assertThat(browser.getPageSource()).contains("404").doesNotContain("Northwind");
        shot("10-foreign-client-page");
        browser.get(base + "/api/v1/clients/" + foreignClientId);
        assertThat(browser.getPageSource()).contains("\"status\":404").doesNotContain("Northwind");
        browser.get(base + "/api/v1/clients");
        assertThat(browser.getPageSource()).contains(clientName).doesNotContain("Northwind");
        shot("11-foreign-client-api");
    }
}
