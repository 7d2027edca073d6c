package io.steward.server.e2e;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tier 1 technician in Chromium: ticks two tickets of the test's own client in the queue (one with the keyboard) and
 * assigns both to themself in one go, opens the keyboard shortcuts help with {@code ?}, and inserts a canned reply,
 * filled in for the ticket, into the reply box.
 */
class DeskKitBrowserTest extends BrowserTest {

    @Test
    void aTechnicianBulkAssignsTwoTicketsAndUsesTheShortcutsAndACannedReply() throws Exception {
        String token = "Deskkit" + UUID.randomUUID().toString().substring(0, 6);
        String client = OwnData.client(adminApi(), "E2E desk kit");
        String first = ticket(client, token + " mail down");
        String second = ticket(client, token + " mail slow");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> canned = adminApi().json("POST", "/api/v1/canned-replies", "{\"name\":\"E2E " + suffix + "\",\"body\":"
                + "\"We are on {{ticket.number}}. {{technician.firstName}}\"}");
        assertThat(canned.statusCode()).as(canned.body()).isEqualTo(201);

        signInWithoutMfa(demo().user(DemoLogins.TIER1));
        browser.get(base() + "/servicedesk?view=all&q=" + token);
        await(d -> !d.findElements(By.id("bulk-assign")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#ticket-rows tr.ticket-row"))).hasSize(2);

        // j moves to the first row, x ticks it; the second is ticked with the mouse.
        new Actions(browser).sendKeys("j").sendKeys("x").perform();
        await(d -> d.findElements(By.cssSelector("#ticket-rows input.row-select:checked")).size() == 1);
        WebElement unticked = browser.findElement(By.cssSelector("#ticket-rows input.row-select:not(:checked)"));
        unticked.click();
        await(d -> d.findElement(By.id("bulk-count")).getText().endsWith(": 2"));
        new Select(browser.findElement(By.id("bulk-assignee"))).selectByValue("me");
        shot("deskkit-01-two-ticked");
        browser.findElement(By.id("bulk-assign")).click();
        await(d -> !d.findElements(By.id("bulk-result")).isEmpty());
        assertThat(browser.findElement(By.id("bulk-result")).getText()).contains("Assigned to Alex Tier-One.").doesNotContain("refused");
        shot("deskkit-02-assigned");
        assertThat(jsonString(adminApi().getJson("/api/v1/tickets/" + first).body(), "assigneeName")).isEqualTo("Alex Tier-One");
        assertThat(jsonString(adminApi().getJson("/api/v1/tickets/" + second).body(), "assigneeName")).isEqualTo("Alex Tier-One");

        // ? opens the help overlay, Esc closes it; typed into the search box, ? is only text.
        browser.findElement(By.tagName("h1")).click();
        new Actions(browser).sendKeys("?").perform();
        await(d -> d.findElement(By.id("shortcuts-help")).isDisplayed());
        assertThat(browser.findElement(By.id("shortcuts-help")).getText()).contains("Keyboard shortcuts", "go to the queue", "tick or untick");
        shot("deskkit-03-shortcuts");
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        await(d -> !d.findElement(By.id("shortcuts-help")).isDisplayed());
        WebElement search = browser.findElement(By.cssSelector("#queue-search input[name=q]"));
        search.sendKeys("?");
        assertThat(browser.findElement(By.id("shortcuts-help")).isDisplayed()).isFalse();
        browser.findElement(By.id("shortcuts-link")).click();
        await(d -> d.findElement(By.id("shortcuts-help")).isDisplayed());
        browser.findElement(By.id("shortcuts-close")).click();

        // On the ticket, the canned reply goes into the reply box filled in for this ticket and technician.
        browser.get(base() + "/tickets/" + first);
        await(d -> !d.findElements(By.id("canned-reply")).isEmpty());
        new Select(browser.findElement(By.id("canned-reply"))).selectByVisibleText("E2E " + suffix);
        browser.findElement(By.id("insert-canned")).click();
        String number = jsonString(adminApi().getJson("/api/v1/tickets/" + first).body().replaceAll("\"number\":(\\d+)", "\"number\":\"$1\""),
                "number");
        await(d -> d.findElement(By.id("body")).getDomProperty("value").contains("We are on T-" + number + ". Alex"));
        shot("deskkit-04-canned-reply");
    }

    /** The demo's tier 1 technician has no second factor (they may not run scripts), so there is no TOTP step. */
    private void signInWithoutMfa(DemoLogins.Login login) throws Exception {
        assertThat(login.totpSecret()).isNull();
        browser.get(base() + "/login");
        browser.findElement(By.id("email")).sendKeys(login.email());
        browser.findElement(By.id("password")).sendKeys(login.password());
        browser.findElement(By.id("sign-in")).click();
        await(d -> !d.getCurrentUrl().contains("/login"));
    }

    private String ticket(String clientId, String title) {
        HttpResponse<String> t = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"type\":\"INCIDENT\",\"title\":\""
                + title + "\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return jsonString(t.body(), "id");
    }
}
