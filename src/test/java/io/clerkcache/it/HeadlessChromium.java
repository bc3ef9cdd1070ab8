package io.clerkcache.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver by Selenium: one browser per fixture, closed with it.
 * Where either program is missing the calling test is skipped (an assumption), saying which packages to install; it
 * never downloads a browser or a driver.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("it.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("it.chromedriver", "/usr/bin/chromedriver"));

    /** The longest a test waits for the page to show something: several of its 2-second refreshes. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Skips the calling test unless both Chromium and chromedriver are installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                () -> "skipped: no headless Chromium (" + CHROMIUM + " and " + CHROMEDRIVER + "); install Debian's "
                        + "packages chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run "
                        + "does)");
    }

    /** Starts a browser with a fresh profile (skipping the test where there is none). */
    static HeadlessChromium start() {
        assumeInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root, in a container without a GPU or network: no sandbox, and none of Chromium's background fetches.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1200,900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(service, new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** The text the element with this id shows. */
    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    String attribute(String id, String name) {
        return driver.findElement(By.id(id)).getAttribute(name);
    }

    boolean displayed(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    /** Waits (at most {@link #PATIENCE}) until {@code condition} answers true or non-null, and returns that. */
    <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).withMessage(what).until(condition);
    }

    /**
     * What the page wrote to the console at level SEVERE (script errors, Content-Security-Policy violations). The
     * browser's own request for the server's {@code /favicon.ico} is not the page's: Liberty serves one at its root,
     * WildFly answers 404, which Chromium logs as an error.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("/favicon.ico - Failed to load resource"))
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.close();
        }
    }
}
