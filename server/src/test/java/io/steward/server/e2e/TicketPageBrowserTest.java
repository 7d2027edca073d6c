package io.steward.server.e2e;

import java.net.http.HttpResponse;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A technician's path through the ticket page in Chromium, on a ticket of the test's own client: take it, reply,
 * time it, resolve it with a note. Screenshots of each step land in target/e2e-screenshots (TicketPage-*).
 */
class TicketPageBrowserTest extends BrowserTest {
    @Test
    void aTechnicianTakesRepliesTimesAndResolvesATicket() throws Exception {
        String clientId = OwnData.client(adminApi(), "E2E Ticket page");
        HttpResponse<String> contact = adminApi().json("POST", "/api/v1/clients/" + clientId + "/contacts",
                "{\"firstName\":\"Rita\",\"lastName\":\"Okafor\",\"email\":\"rita@e2e-ticket.example\",\"phone\":\"+49 30 555 0101\"}");
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"requesterId\":\""
                + jsonString(contact.body(), "id") + "\",\"type\":\"INCIDENT\",\"title\":\"Shared calendar missing\","
                + "\"description\":\"Since Monday the team calendar is gone from Outlook.\",\"impact\":\"MEDIUM\",\"urgency\":\"MEDIUM\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ticketId = jsonString(created.body(), "id");

        signIn(demo().user(DemoLogins.TIER1));
        browser.get(base() + "/tickets/" + ticketId);
        await(d -> !d.findElements(By.id("take-it")).isEmpty());
        assertThat(text("conversation")).contains("Since Monday the team calendar is gone from Outlook.", "description");
        assertThat(text("requester")).contains("Rita Okafor", "rita@e2e-ticket.example", "+49 30 555 0101");
        assertThat(browser.findElement(By.id("client-link")).getAttribute("href")).endsWith("/clients/" + clientId);
        assertThat(browser.findElements(By.id("sla-panel"))).hasSize(1);
        assertThat(text("ticket-assignee")).isEqualTo("unassigned");
        shot("TicketPage-01-opened");

        browser.findElement(By.id("take-it")).click();
        await(d -> d.findElements(By.id("take-it")).isEmpty());
        assertThat(text("ticket-status")).isEqualTo("in progress");
        assertThat(text("ticket-assignee")).isNotEqualTo("unassigned");
        shot("TicketPage-02-taken");

        browser.findElement(By.id("body")).sendKeys("I have re-shared the calendar; please restart Outlook.");
        browser.findElement(By.id("send-reply")).click();
        await(d -> shows(d, "conversation", "please restart Outlook"));
        assertThat(text("conversation")).containsSubsequence("Since Monday", "public reply", "I have re-shared the calendar");
        shot("TicketPage-03-replied");

        browser.findElement(By.id("start-timer")).click();
        await(d -> !d.findElements(By.id("stop-timer")).isEmpty());
        String ticking = text("timer-elapsed");
        assertThat(ticking).matches("\\d+:\\d\\d:\\d\\d");
        await(d -> !shows(d, "timer-elapsed", ticking));
        browser.navigate().refresh();
        await(d -> !d.findElements(By.id("stop-timer")).isEmpty());
        shot("TicketPage-04-timer-running");
        browser.findElement(By.id("timer-note")).sendKeys("Re-shared the calendar");
        browser.findElement(By.id("stop-timer")).click();
        await(d -> !d.findElements(By.id("start-timer")).isEmpty());
        assertThat(text("time-entries")).contains("1 min", "Re-shared the calendar");
        shot("TicketPage-05-timer-stopped");

        new Select(browser.findElement(By.id("status"))).selectByValue("RESOLVED");
        browser.findElement(By.id("change-status")).click();
        await(d -> !d.findElements(By.id("resolutionNote-error")).isEmpty());
        assertThat(text("ticket-status")).isEqualTo("in progress");
        shot("TicketPage-06-note-missing");

        new Select(browser.findElement(By.id("status"))).selectByValue("RESOLVED");
        browser.findElement(By.id("resolutionNote")).sendKeys("Calendar permissions restored for the team.");
        browser.findElement(By.id("change-status")).click();
        await(d -> !d.findElements(By.id("resolution")).isEmpty());
        assertThat(text("ticket-status")).isEqualTo("resolved");
        assertThat(text("resolution")).contains("Calendar permissions restored for the team.");
        assertThat(text("conversation")).contains("Resolution: Calendar permissions restored for the team.");
        assertThat(browser.findElements(By.id("take-it"))).isEmpty();
        shot("TicketPage-07-resolved");

        browser.findElement(By.id("tab-history")).click();
        await(d -> !d.findElements(By.id("history")).isEmpty());
        assertThat(text("history")).contains("Assigned", "Public reply", "Status changed", "In progress → Resolved");
        shot("TicketPage-08-history");
    }

    /** Whether the element shows the text; false while the page it was on is being replaced. */
    private static boolean shows(WebDriver d, String id, String text) {
        try {
            return d.findElement(By.id(id)).getText().contains(text);
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return false;
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }
}
