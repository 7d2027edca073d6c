package io.steward.server.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's journey in Debian's Chromium: the demo admin signs in with a TOTP code, creates a
 * client and a portal user for it; that user signs in, sets a password, and cannot reach another
 * client's data. Screenshots of each step land in target/e2e-screenshots.
 */
@Tag("e2e")
class BrowserJourneyTest extends IntegrationTest {
    static final Path SHOTS = Path.of("target", "e2e-screenshots");

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("steward.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("steward-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("steward.chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

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

    /** Waits for the condition; on time-out saves a screenshot and the page source for the failure report. */
    private void await(java.util.function.Function<WebDriver, Boolean> condition) throws Exception {
        try {
            wait.until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            shot("failure");
            Files.writeString(SHOTS.resolve("failure.html"), browser.getPageSource());
            throw new AssertionError("timed out at " + browser.getCurrentUrl(), e);
        }
    }

    private void shot(String name) throws Exception {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
