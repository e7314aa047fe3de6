package io.latchkey.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.sun.net.httpserver.HttpServer;

import io.latchkey.testkit.DashboardClient;

/**
 * An operator's first hour, in Chromium, against the platform run.sh starts: log in at Keycloak's own login page,
 * create an application and copy its keys, change its OneTouch callback URL, redeliver a webhook event that the
 * application's endpoint refused, see a verification made through the Authy API counted on the overview, and
 * upload an Authy export for a dry run. The pages' screenshots land in target/screenshots (the README shows them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleInBrowserTest {

    private static final Duration PAGE = Duration.ofSeconds(30);
    /** Events travel through Kafka to push-service, which sends them: seconds, not milliseconds. */
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private LocalRun platform;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private HttpServer endpoint;
    private final AtomicBoolean accepting = new AtomicBoolean(false);
    /** Each webhook request the endpoint received: its webhook-id and the status it answered. */
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final Path screenshots = Path.of("target", "screenshots").toAbsolutePath();

    @BeforeAll
    void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = accepting.get() ? 200 : 500;
            received.add(new String[] {exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("webhook-id"), String.valueOf(status)});
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        endpoint.start();
        platform = new LocalRun();
        browser = Chromium.start();
        wait = new WebDriverWait(browser, PAGE);
        Files.createDirectories(screenshots);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
        }
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    @Test
    void anOperatorSetsUpAnApplicationAndRedeliversAWebhookEvent() throws Exception {
        String base = platform.baseUrl();
        String endpointUrl = "http://127.0.0.1:" + endpoint.getAddress().getPort();

        // the console sends the browser to Keycloak, whose own login form sends it back
        browser.get(base + "/console/");
        wait.until(visibilityOfElementLocated(By.id("username"))).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(platform.installationSecret("keycloak-admin-password"));
        browser.findElement(By.id("kc-login")).click();
        wait.until(visibilityOfElementLocated(By.id("verifications-heading")));
        assertEquals("admin admin Log out", browser.findElement(By.cssSelector("header .operator")).getText());

        // a new application; its keys are shown once
        browser.findElement(By.linkText("Applications")).click();
        wait.until(textToBe(By.tagName("h1"), "Applications"));
        browser.findElement(By.linkText("New application")).click();
        wait.until(textToBe(By.tagName("h1"), "New application"));
        browser.findElement(By.id("name")).sendKeys("Browser test");
        browser.findElement(By.xpath("//button[text()='Create application']")).click();
        wait.until(textToBe(By.tagName("h1"), "Application created: Browser test"));
        String apiKey = browser.findElement(By.id("api-key")).getText();
        String accessKey = browser.findElement(By.id("access-key")).getText();
        String signingKey = browser.findElement(By.id("api-signing-key")).getText();
        assertTrue(apiKey.length() >= 32, apiKey);

        // its OneTouch callback URL
        browser.findElement(By.linkText("Go to the application's settings")).click();
        wait.until(visibilityOfElementLocated(By.id("onetouch_callback_url")));
        String settingsUrl = browser.getCurrentUrl();
        long applicationId = Long.parseLong(settingsUrl.replaceAll(".*/applications/(\\d+).*", "$1"));
        // pages are swapped by htmx: its history cache must not have kept the page with the keys
        Object stored = browser.executeScript("return JSON.stringify(window.localStorage)");
        assertFalse(String.valueOf(stored).contains(apiKey), "the keys page in the browser's storage");
        WebElement callback = browser.findElement(By.id("onetouch_callback_url"));
        callback.clear();
        callback.sendKeys(endpointUrl + "/onetouch");
        browser.findElement(By.xpath("//button[text()='Save settings']")).click();
        wait.until(textToBe(By.cssSelector("p.notice"), "Settings saved."));
        // the page after the save is read back from user-service
        assertEquals(endpointUrl + "/onetouch",
                browser.findElement(By.id("onetouch_callback_url")).getDomProperty("value"));
        screenshot("application");

        // the application subscribes a webhook (dashboard API, its own keys); the endpoint refuses the first event
        DashboardClient dashboard = new DashboardClient(base, apiKey, accessKey, signingKey);
        DashboardClient.Answer created = dashboard.create("portal", endpointUrl + "/hook", "user_added");
        assertEquals(200, created.status(), created.body());
        long authyId = newUser(base, apiKey);
        await("the user_added event at the endpoint", () -> received.stream().anyMatch(r -> r[0].equals("/hook")));
        String webhookId = received.stream().filter(r -> r[0].equals("/hook")).findFirst().orElseThrow()[1];

        // the operator finds it in the console and redelivers it once the endpoint works again
        browser.findElement(By.linkText("Webhooks")).click();
        new Select(wait.until(visibilityOfElementLocated(By.id("app_id"))))
                .selectByValue(String.valueOf(applicationId));
        browser.findElement(By.xpath("//button[text()='Show its webhooks']")).click();
        wait.until(visibilityOfElementLocated(By.linkText("portal"))).click();
        WebElement delivery = wait.until(visibilityOfElementLocated(By.id("delivery-" + webhookId)));
        assertTrue(delivery.findElement(By.className("state")).getText().startsWith("PENDING"),
                delivery.getText());
        accepting.set(true);
        screenshot("webhook");
        delivery.findElement(By.xpath(".//button[text()='Redeliver']")).click();
        wait.until(textToBe(By.cssSelector("p.notice"), "The event is on its way again."));
        await("the event again, accepted, under the same webhook-id", () -> received.stream()
                .anyMatch(r -> r[0].equals("/hook") && webhookId.equals(r[1]) && r[2].equals("200")));
        await("the console showing it delivered", () -> {
            browser.navigate().refresh();
            return browser.findElement(By.id("delivery-" + webhookId)).findElement(By.className("state")).getText()
                    .startsWith("DELIVERED");
        });

        // a verification through the Authy API is counted on the overview
        wrongCode(base, apiKey, authyId);
        browser.findElement(By.linkText("Overview")).click();
        wait.until(visibilityOfElementLocated(By.id("stats")));
        await("the wrong code counted on the overview", () -> {
            browser.navigate().refresh();
            return browser.findElements(By.xpath("//table[@id='stats']//tr[th='Browser test']/td[2]")).stream()
                    .anyMatch(invalid -> invalid.getText().equals("1"));
        });
        screenshot("overview");

        // the migration upload: a dry run of an Authy export, with the refused row reported
        Path export = Files.createTempFile("authy-users", ".csv");
        Files.writeString(export, """
                authy_id,country_code,cellphone,email
                1635,1,775-461-5601,ana@example.com
                1636,1,775-461-5602,ben@example.com
                1637,1,775-461-5603,not-an-address
                """);
        browser.findElement(By.linkText("Import")).click();
        new Select(wait.until(visibilityOfElementLocated(By.id("app_id")))).selectByValue(String.valueOf(applicationId));
        browser.findElement(By.id("file")).sendKeys(export.toString());
        browser.findElement(By.xpath("//button[text()='Upload and check']")).click();
        wait.until(textToBe(By.tagName("h1"), "Dry run of " + export.getFileName() + " into Browser test"));
        // the page follows the run by itself (htmx asks for it every second) until the report replaces the progress
        wait.until(visibilityOfElementLocated(By.id("summary")));
        List<String> summary = browser.findElements(By.cssSelector("#summary div")).stream().map(WebElement::getText)
                .map(text -> text.replace('\n', ' ')).toList();
        assertTrue(summary.containsAll(List.of("created 2", "rejected 1")), summary.toString());
        assertEquals("4", browser.findElement(By.cssSelector("#rejected tbody td")).getText());
        Files.delete(export);
    }

    private static long newUser(String base, String apiKey) throws IOException, InterruptedException {
        String form = "user%5Bemail%5D=" + URLEncoder.encode("browser@example.com", StandardCharsets.UTF_8)
                + "&user%5Bcellphone%5D=775-461-5609&user%5Bcountry_code%5D=1&send_install_link_via_sms=false";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/protected/json/users/new")).header("X-Authy-API-Key", apiKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return Long.parseLong(answer.body().replaceAll(".*\"id\":(\\d+).*", "$1"));
    }

    /** A wrong code, as an integration sends what its user typed: Authy's 401. */
    private static void wrongCode(String base, String apiKey, long authyId) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/protected/json/verify/0000000/" + authyId + "?force=true"))
                .header("X-Authy-API-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, answer.statusCode(), answer.body());
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " within " + DELIVERY + "; endpoint received " + received.size()
                        + " requests");
            }
            Thread.sleep(250);
        }
    }

    private void screenshot(String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, screenshots.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
