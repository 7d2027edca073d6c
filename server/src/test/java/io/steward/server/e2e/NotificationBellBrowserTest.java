package io.steward.server.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header bell in Chromium: the service manager sits on the service desk; a P1 is opened for a client of theirs
 * (through the API, by someone else); without a reload the bell's count rises, and following the notification opens
 * the ticket and marks it read.
 */
class NotificationBellBrowserTest extends BrowserTest {

    @Test
    void theManagersBellRisesForANewP1AndLeadsToTheTicket() throws Exception {
        String client = OwnData.client(adminApi(), "Bell Dental");
        DemoLogins.Login manager = demo().user(DemoLogins.MANAGER);
        signIn(manager);
        browser.get(base() + "/servicedesk");
        await(d -> !d.findElements(By.id("notifications-link")).isEmpty());
        long before = count(browser);
        shot("bell-01-before");

        String title = "Bell P1 " + System.nanoTime() % 100000;
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client
                + "\",\"type\":\"INCIDENT\",\"title\":\"" + title + "\",\"impact\":\"HIGH\",\"urgency\":\"HIGH\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ticketId = jsonString(created.body(), "id");

        // The bell asks every 25 seconds: allow two rounds, with no reload in between.
        String url = browser.getCurrentUrl();
        // A poll may swap the bell between finding its count and reading it.
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until(d -> count(d) > before);
        assertThat(browser.getCurrentUrl()).isEqualTo(url);
        shot("bell-02-risen");

        browser.findElement(By.id("notifications-link")).click();
        await(d -> d.getCurrentUrl().endsWith("/notifications"));
        WebElement entry = browser.findElements(By.cssSelector("button.open-link")).stream()
                .filter(b -> b.getText().contains(title)).findFirst().orElseThrow();
        assertThat(browser.getPageSource()).contains("New P1/P2 ticket");
        shot("bell-03-list");
        entry.click();
        await(d -> d.getCurrentUrl().endsWith("/tickets/" + ticketId));
        assertThat(browser.getPageSource()).contains(title);
        shot("bell-04-ticket");
        browser.get(base() + "/notifications");
        WebElement row = browser.findElements(By.cssSelector("tr[data-notification]")).stream()
                .filter(r -> r.getText().contains(title)).findFirst().orElseThrow();
        assertThat(row.getAttribute("class")).as("opened, so read").doesNotContain("unread");
    }

    private static long count(WebDriver d) {
        List<WebElement> badge = d.findElements(By.id("notifications-count"));
        return badge.isEmpty() ? 0 : Long.parseLong(badge.getFirst().getText().trim());
    }
}
