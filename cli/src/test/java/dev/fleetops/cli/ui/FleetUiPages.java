package dev.fleetops.cli.ui;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.time.Duration;

/** The live page in headless Chromium, for the browser tests: one place that starts the browser and reads the page. */
public final class FleetUiPages {

    /** Set when every view's first document is drawn: the page marks each view's render on body's dataset. */
    private static final String EVERY_VIEW_DRAWN = "const b = document.body.dataset; return b.updatedExecutions && b.updatedFleet"
            + " && b.updatedEvents && b.updatedReplicas ? 1 : 0";

    private FleetUiPages() { }

    /**
     * Headless Chromium through Debian's chromedriver; skipped, saying why, when either is missing, unless
     * {@code FLEETOPS_REQUIRE_BROWSER=1} (CI), where that fails.
     */
    public static WebDriver chromium() {
        File chrome = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        if (!chrome.canExecute() || !driver.canExecute()) {
            String missing = (!chrome.canExecute() ? "/usr/bin/chromium " : "") + (!driver.canExecute() ? "/usr/bin/chromedriver" : "");
            if ("1".equals(System.getenv("FLEETOPS_REQUIRE_BROWSER"))) {
                throw new AssertionError("FLEETOPS_REQUIRE_BROWSER=1 but missing: " + missing);
            }
            Assumptions.abort("browser test skipped: missing " + missing + " (apt-get install chromium chromium-driver)");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chrome);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1600",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    /** Waits (up to 20 s) until the page has drawn every view once. */
    public static void awaitEveryView(WebDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> js(d, EVERY_VIEW_DRAWN) == 1L);
    }

    /** A number the page's script answers (0 when it answers none). */
    public static long js(WebDriver d, String script) {
        Object v = ((JavascriptExecutor) d).executeScript(script);
        return v instanceof Number n ? n.longValue() : 0L;
    }
}
