package io.steward.server.e2e;

import java.time.Duration;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.OwnSeed;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview pages in Chromium: the client page fills its four panels from their owners (htmx on load), the SLA board
 * picks up a new ticket by itself (htmx polling, no reload), and the dashboard's client ranking leads to a client page.
 */
class OverviewBrowserTest extends BrowserTest {
    @Test
    void theClientPageFillsItsPanelsAndTheBoardRefreshesItself() throws Exception {
        String client = ownClient("Overview E2E");
        OwnSeed.premiumContract(adminApi(), client, "E2E-OVERVIEW", "2025-01-01", null);
        OwnSeed.incident(adminApi(), client, "Overview first ticket", "HIGH", "HIGH");
        signIn(demo().user(DemoLogins.ADMIN));

        browser.get(base() + "/clients/" + client);
        await(d -> !d.findElements(By.id("panel-tickets")).isEmpty() && !d.findElements(By.id("panel-devices")).isEmpty()
                && !d.findElements(By.id("panel-contract")).isEmpty() && !d.findElements(By.id("panel-report")).isEmpty());
        assertThat(browser.findElement(By.id("panel-tickets")).getText()).contains("Overview first ticket", "response");
        assertThat(browser.findElement(By.id("panel-contract-reference")).getText()).isEqualTo("E2E-OVERVIEW");
        assertThat(browser.findElement(By.id("panel-devices")).getText()).contains("0 online", "No devices yet.");
        assertThat(browser.findElement(By.id("panel-report-none")).getText()).contains("No stored report");
        shot("overview-01-client-page");

        browser.get(base() + "/servicedesk/board?clientId=" + client);
        await(d -> d.getPageSource().contains("Overview first ticket"));
        shot("overview-02-board");
        OwnSeed.incident(adminApi(), client, "Overview second ticket", "HIGH", "HIGH");
        // The board polls every 30 seconds; no reload here.
        new WebDriverWait(browser, Duration.ofSeconds(75)).ignoring(StaleElementReferenceException.class).until(d -> d.findElement(By.id("board")).getText().contains("Overview second ticket"));
        shot("overview-03-board-refreshed");

        // The dashboard's client ranking links each client to this page (which clients rank depends on the shared data).
        browser.get(base() + "/");
        await(d -> !d.findElements(By.cssSelector("#client-standings tbody tr td a[href^='/clients/']")).isEmpty());
        browser.findElement(By.cssSelector("#client-standings tbody tr td a[href^='/clients/']")).click();
        await(d -> !d.findElements(By.id("panel-tickets")).isEmpty());
        shot("overview-04-from-dashboard");
    }
}
