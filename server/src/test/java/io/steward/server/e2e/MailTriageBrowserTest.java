package io.steward.server.e2e;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.notify.internal.mail.InboundMailArrived;
import io.steward.server.notify.internal.mailin.Mails;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mail triage in Chromium: a mail from an unknown sender arrives; the service manager finds it from the queue, sees
 * why it waits, and opens a ticket from it for the right client with the sender as a new contact.
 */
class MailTriageBrowserTest extends BrowserTest {
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theManagerOpensATicketFromAMailInTriage() throws Exception {
        String client = OwnData.client(adminApi(), "Triage Dental");
        String domain = "t" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String subject = "Scanner at reception " + UUID.randomUUID().toString().substring(0, 6);
        byte[] raw = Mails.from("robin@" + domain, "Robin Reception").dmarcPass("mx.msp.example", domain).subject(subject)
                .text("The scanner says paper jam but there is none.").bytes();
        InboundMailArrived arrived = new InboundMailArrived(UUID.randomUUID(), "support@msp.example", null, false, "mx.msp.example", raw, Instant.now());
        TenantContext.runAsSystem(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> publisher.publishEvent(arrived)));

        signIn(demo().user(DemoLogins.MANAGER));
        browser.get(base() + "/servicedesk");
        browser.findElement(By.id("mail-triage-link")).click();
        await(d -> d.getCurrentUrl().endsWith("/servicedesk/mail"));
        WebElement row = row(subject);
        assertThat(row.getText()).contains("robin@" + domain).contains("unknown sender");
        shot("triage-01-waiting");

        new Select(row.findElement(By.name("clientId"))).selectByValue(client);
        row.findElement(By.name("firstName")).sendKeys("Robin");
        row.findElement(By.name("lastName")).sendKeys("Reception");
        row.findElement(By.cssSelector("form[action$='/open-ticket'] button[type=submit]")).click();
        await(d -> d.getPageSource().contains("Ticket opened from the mail of robin@" + domain));
        assertThat(browser.findElements(By.cssSelector("#triage tr")).stream().noneMatch(r -> r.getText().contains(subject))).isTrue();
        shot("triage-02-opened");

        String tickets = adminApi().getJson("/api/v1/tickets?status=all&clientId=" + client).body();
        assertThat(tickets).contains(subject).contains("\"source\":\"EMAIL\"");
    }

    private WebElement row(String subject) {
        return browser.findElements(By.cssSelector("#triage tbody tr")).stream().filter(r -> r.getText().contains(subject)).findFirst().orElseThrow();
    }
}
