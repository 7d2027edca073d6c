package io.steward.server.e2e;

import java.net.http.HttpResponse;

import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.UserId;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.springframework.beans.factory.annotation.Autowired;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A technician adds a passkey on their account page with Chrome's virtual authenticator, then signs in with it alone:
 * no email, no password, no code.
 */
class PasskeyBrowserTest extends BrowserTest {

    @Autowired
    PasskeyDirectory passkeys;

    @Test
    void aTechnicianRegistersAPasskeyOnTheAccountPageAndSignsInWithIt() throws Exception {
        String email = "passkey-browser-" + System.nanoTime() + "@passkeys.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users",
                "{\"email\":\"" + email + "\",\"displayName\":\"Petra Passkey\",\"role\":\"TECHNICIAN\",\"supportTier\":1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UserId userId = UserId.parse(jsonString(created.body(), "id"));

        browser.get(base() + "/login");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(jsonString(created.body(), "oneTimePassword"));
        browser.findElement(By.id("sign-in")).click();
        await(d -> d.getCurrentUrl().endsWith("/account/password"));
        String mine = "a passphrase of Petra's own " + System.nanoTime();
        browser.findElement(By.id("currentPassword")).sendKeys(jsonString(created.body(), "oneTimePassword"));
        browser.findElement(By.id("newPassword")).sendKeys(mine);
        browser.findElement(By.id("confirmPassword")).sendKeys(mine);
        browser.findElement(By.id("change-password")).click();
        await(d -> !d.getCurrentUrl().contains("/account/password"));

        VirtualAuthenticator authenticator = VirtualPasskeys.add(browser);
        browser.get(base() + "/account");
        await(d -> !d.findElements(By.id("passkey-register")).isEmpty());
        assertThat(browser.findElement(By.id("passkeys")).getText()).contains("No passkeys yet.");
        browser.findElement(By.id("passkey-label")).sendKeys("Virtual laptop");
        browser.findElement(By.id("add-passkey")).click();
        await(d -> d.findElements(By.cssSelector(".passkey-row input[name=label]")).stream()
                .anyMatch(e -> "Virtual laptop".equals(e.getDomProperty("value"))));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Passkey Virtual laptop added.");
        shot("passkey-01-registered");
        assertThat(authenticator.getCredentials()).hasSize(1);
        Credential credential = authenticator.getCredentials().get(0);
        assertThat(credential.isResidentCredential()).isTrue();
        assertThat(passkeys.passkeysOf(userId)).singleElement()
                .satisfies(p -> assertThat(p.label()).isEqualTo("Virtual laptop"))
                .satisfies(p -> assertThat(p.lastUsedAt()).isNull());

        // Signed out, the passkey alone signs her in: the authenticator finds its discoverable credential for this site.
        browser.manage().deleteAllCookies();
        browser.get(base() + "/login");
        await(d -> !d.findElements(By.id("passkey-sign-in-button")).isEmpty());
        shot("passkey-02-login");
        browser.findElement(By.id("passkey-sign-in-button")).click();
        await(d -> !d.getCurrentUrl().contains("/login"));
        browser.get(base() + "/account");
        await(d -> !d.findElements(By.id("passkeys")).isEmpty());
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Petra Passkey", email);
        assertThat(passkeys.passkeysOf(userId)).singleElement().satisfies(p -> assertThat(p.lastUsedAt()).isNotNull());
        shot("passkey-03-signed-in");

        // Deleted on the account page, the passkey no longer signs anyone in.
        browser.findElement(By.cssSelector(".passkey-row form[action$='/delete'] button")).click();
        assertThat(browser.switchTo().alert().getText()).contains("Delete this passkey?");
        browser.switchTo().alert().accept();
        await(d -> d.findElement(By.id("passkeys")).getText().contains("No passkeys yet."));
        browser.manage().deleteAllCookies();
        browser.get(base() + "/login");
        await(d -> !d.findElements(By.id("passkey-sign-in-button")).isEmpty());
        browser.findElement(By.id("passkey-sign-in-button")).click();
        await(d -> d.findElements(By.id("login-error")).stream().anyMatch(e -> e.getText().contains("not registered")));
        assertThat(browser.getCurrentUrl()).contains("/login");
        VirtualPasskeys.remove(browser, authenticator);
    }
}
