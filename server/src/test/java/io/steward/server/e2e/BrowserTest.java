package io.steward.server.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser test in Debian's headless Chromium against the shared test server. Screenshots land in
 * target/e2e-screenshots, named by the test's prefix, so a failed wait shows where the page stood.
 */
@Tag("e2e")
abstract class BrowserTest extends IntegrationTest {
    static final Path SHOTS = Path.of("target", "e2e-screenshots");

    WebDriver browser;
    WebDriverWait wait;
    private final List<String> ownClients = new ArrayList<>();

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
        // Pages that refresh themselves (htmx polling swaps the board, the bell) may replace an element between finding
        // and reading it: a wait then simply looks again.
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        OwnSeed.deleteClients(adminApi(), ownClients.toArray(String[]::new));
    }

    /** A client of this test's own, deleted (with its tickets) when the test ends. */
    String ownClient(String prefix) {
        String id = OwnData.client(adminApi(), prefix);
        ownClients.add(id);
        return id;
    }

    String base() {
        return "http://localhost:" + port;
    }

    /** Signs a demo user in through the login page and, if they have one, the TOTP step; ends on the page the sign-in lands on. */
    void signIn(DemoLogins.Login login) throws Exception {
        browser.get(base() + "/login");
        browser.findElement(By.id("email")).sendKeys(login.email());
        browser.findElement(By.id("password")).sendKeys(login.password());
        browser.findElement(By.id("sign-in")).click();
        // Users without a second factor (the demo technicians) land straight on their page.
        await(d -> d.getCurrentUrl().endsWith("/login/mfa") || !d.getCurrentUrl().contains("/login"));
        if (browser.getCurrentUrl().endsWith("/login/mfa")) {
            browser.findElement(By.id("code")).sendKeys(TotpCodes.next(login.totpSecret()));
            browser.findElement(By.id("verify")).click();
            await(d -> !d.getCurrentUrl().contains("/login"));
        }
    }

    /** Waits for the condition; on time-out saves a screenshot and the page source for the failure report. */
    void await(Function<WebDriver, Boolean> condition) throws Exception {
        try {
            wait.until(condition::apply);
        } catch (TimeoutException e) {
            String name = getClass().getSimpleName() + "-failure";
            shot(name);
            Files.writeString(SHOTS.resolve(name + ".html"), browser.getPageSource());
            throw new AssertionError("timed out at " + browser.getCurrentUrl(), e);
        }
    }

    void shot(String name) throws Exception {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
