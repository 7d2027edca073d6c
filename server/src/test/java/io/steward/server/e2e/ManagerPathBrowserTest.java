package io.steward.server.e2e;

import java.net.http.HttpResponse;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.OwnSeed;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service manager's path (issue 15) in Chromium: told by the bell that a change awaits their approval, they follow
 * the notification to the change, approve it, and find the client's P1 on the SLA board with the clock it runs on.
 */
class ManagerPathBrowserTest extends BrowserTest {
    @Test
    void theManagerIsToldOfAChangeApprovesItAndReadsTheBoard() throws Exception {
        String client = ownClient("Manager Path");
        OwnSeed.premiumContract(adminApi(), client, "E2E-MANAGER", "2025-01-01", null);
        String p1Title = "Manager path server down " + System.nanoTime() % 100000;
        OwnSeed.incident(adminApi(), client, p1Title, "HIGH", "HIGH");
        // The MSP admin requests the change, so the manager is an approver who did not ask for it.
        String changeTitle = "Replace the clinic firewall " + System.nanoTime() % 100000;
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"type\":\"CHANGE\",\"title\":\""
                + changeTitle + "\",\"impact\":\"MEDIUM\",\"urgency\":\"MEDIUM\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String changeId = jsonString(created.body(), "id");
        String change = "/api/v1/tickets/" + changeId + "/change";
        assertThat(adminApi().json("PUT", change + "/plan", "{\"risk\":\"MEDIUM\",\"implementationPlan\":\"Swap the unit after hours\","
                + "\"backoutPlan\":\"Put the old unit back\",\"approvalsRequired\":1}").statusCode()).isEqualTo(200);
        assertThat(adminApi().json("POST", change + "/submit", null).statusCode()).isEqualTo(200);

        signIn(demo().user(DemoLogins.MANAGER));
        browser.get(base() + "/servicedesk");
        await(d -> !d.findElements(By.id("notifications-count")).isEmpty());
        assertThat(Long.parseLong(browser.findElement(By.id("notifications-count")).getText().trim())).isPositive();
        shot("manager-01-bell");

        browser.findElement(By.id("notifications-link")).click();
        await(d -> d.getCurrentUrl().endsWith("/notifications"));
        WebElement entry = browser.findElements(By.cssSelector("button.open-link")).stream()
                .filter(b -> b.getText().contains(changeTitle)).findFirst().orElseThrow();
        shot("manager-02-notifications");
        entry.click();
        await(d -> d.getCurrentUrl().endsWith("/tickets/" + changeId));
        assertThat(browser.findElement(By.id("change-stage")).getText()).isEqualTo("awaiting approval");
        assertThat(browser.findElement(By.id("change-no-sla")).getText()).contains("not measured against response or resolution SLA");
        shot("manager-03-change");
        browser.findElement(By.id("approve-change")).click();
        await(d -> d.findElement(By.id("change-stage")).getText().equals("approved"));
        assertThat(browser.findElements(By.id("approve-change"))).as("decided: nothing left to approve").isEmpty();
        shot("manager-04-approved");

        browser.get(base() + "/servicedesk/board?clientId=" + client);
        // Nobody has answered the P1 yet, so its response clock is the one due first. Read in one wait: the board's
        // polling may swap it between finding a row and reading it.
        await(d -> d.findElements(By.cssSelector("#board tr")).stream().anyMatch(r -> r.getText().contains(p1Title) && r.getText().contains("response")));
        assertThat(browser.findElement(By.id("board")).getText()).contains(p1Title).doesNotContain(changeTitle);
        shot("manager-05-board");
    }
}
