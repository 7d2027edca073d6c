package io.steward.server.e2e;

import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.steward.server.support.DemoLogins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin adds a mailbox in Chromium: from the admin pages to the form, where the password field stays empty once
 * saved; the status page shows the box connected through IDLE, and "Test connection now" says what it found.
 */
class MailboxBrowserTest extends BrowserTest {
    static GreenMail mail;

    @BeforeAll
    static void startMailServer() {
        mail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        mail.start();
    }

    @AfterAll
    static void stopMailServer() {
        mail.stop();
    }

    @Test
    void anAdminAddsAMailboxAndSeesItConnected() throws Exception {
        String address = "browser-" + UUID.randomUUID() + "@mail.test";
        mail.setUser(address, address, "browser-pw");
        signIn(demo().user(DemoLogins.ADMIN));
        browser.get(base() + "/admin/users");
        browser.findElement(By.id("mailboxes-link")).click();
        await(d -> d.getCurrentUrl().endsWith("/settings/mailboxes"));
        browser.findElement(By.id("new-mailbox")).click();
        await(d -> d.getCurrentUrl().endsWith("/settings/mailboxes/new"));

        String name = "Support " + UUID.randomUUID().toString().substring(0, 8);
        type("name", name);
        type("address", address);
        type("host", "127.0.0.1");
        type("port", String.valueOf(mail.getImap().getPort()));
        new Select(browser.findElement(By.id("security"))).selectByValue("NONE");
        type("username", address);
        type("password", "browser-pw");
        shot("mailbox-01-form");
        browser.findElement(By.id("save")).click();
        // NONE without the box ticked is refused, and says why beside it; the password is not sent back into the form.
        await(d -> !d.findElements(By.id("plaintextAllowed-error")).isEmpty());
        assertThat(browser.findElement(By.id("password")).getAttribute("value")).isEmpty();
        browser.findElement(By.id("plaintextAllowed")).click();
        type("password", "browser-pw");
        browser.findElement(By.id("save")).click();
        await(d -> d.getCurrentUrl().matches(".*/settings/mailboxes/[0-9a-f-]{36}$"));

        String statusUrl = browser.getCurrentUrl();
        await(d -> {
            d.get(statusUrl);
            return d.findElement(By.id("connected")).getText().startsWith("yes");
        });
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("OK");
        assertThat(browser.findElement(By.id("connected")).getText()).contains("(IDLE)");
        browser.findElement(By.id("test-now")).click();
        await(d -> !d.findElements(By.id("probe")).isEmpty());
        assertThat(browser.findElement(By.id("probe")).getText()).contains("Connection works").contains("IDLE supported");
        shot("mailbox-02-status");

        browser.findElement(By.id("toggle")).click();
        await(d -> d.findElement(By.id("state")).getText().equals("DISABLED"));
        browser.findElement(By.xpath("//form[contains(@action,'/delete')]//button")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        await(d -> d.getCurrentUrl().endsWith("/settings/mailboxes"));
        assertThat(browser.getPageSource()).doesNotContain(name + "</a>");
    }

    private void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }
}
