package io.latchkey.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver (apt packages), headless. Never a browser downloaded at run time: Selenium is
 * given both binaries, so its manager is not asked for one. Missing packages are installed with apt when the tests
 * run as root (as in CI); otherwise the test fails and says what to install.
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    static ChromeDriver start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            install();
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // no sandbox: CI runs as root in a container; one window size, so that screenshots are comparable
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    private static void install() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver: "
                    + "sudo apt-get install -y chromium chromium-driver");
        }
        Process apt = new ProcessBuilder("bash", "-c", "apt-get update -q && DEBIAN_FRONTEND=noninteractive "
                + "apt-get install -y -q --no-install-recommends chromium chromium-driver").inheritIO().start();
        if (apt.waitFor() != 0 || !Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("apt-get could not install chromium and chromium-driver");
        }
    }
}
