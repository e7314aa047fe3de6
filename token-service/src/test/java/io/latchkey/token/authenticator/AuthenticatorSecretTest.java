package io.latchkey.token.authenticator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.users.UserChanged;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.latchkey.totp.Base32;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** users/{id}/secret -> QR image -> an authenticator app's TOTP verifies, once per time step. */
@QuarkusTest
class AuthenticatorSecretTest {

    static final String KEY = "authenticator-test-key-0123456789abcdef";
    static final String KEY_OFF = "authenticator-off-key-0123456789abcdef";
    static final Totp APP = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30));

    static final long APPLICATION_ID = TestIds.applicationId();
    static final long APPLICATION_OFF = TestIds.applicationId();

    private static boolean ready;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APPLICATION_ID, "Acme Bank", KEY);
            ApplicationChanged defaults = TestApplications.withDefaults(APPLICATION_OFF, "No QR", KEY_OFF);
            TestFixtures.application(new ApplicationChanged(APPLICATION_OFF, 1, "No QR", defaults.apiKeySha256(), null, 7, true,
                    true, true, false, false, null, "POST", null, List.of(), null, null, false), KEY_OFF);
            ready = true;
        }
    }

    @Test
    void qrCodeCarriesASeedWhoseTotpVerifiesOncePerStep() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APPLICATION_ID, 1, TestIds.phone().e164(), true);
        String qrUrl = given().header("X-Authy-API-Key", KEY).contentType("application/json")
                .body("{\"label\":\"Acme Bank(alice@example.com)\",\"qr_size\":\"300\"}")
                .when().post("/protected/json/users/" + authyId + "/secret")
                .then().statusCode(200)
                .body("label", equalTo("Acme Bank(alice@example.com)"))
                .body("Issuer", equalTo("Acme Bank"))
                .body("success", equalTo(true))
                .body("qr_code", matchesPattern("http://localhost:8080/qr/[A-Za-z0-9_-]{43}\\.png"))
                .extract().path("qr_code");

        String uri = decodeQr(qrUrl, 300);
        assertTrue(uri.startsWith("otpauth://totp/Acme%20Bank:Acme%20Bank%28alice%40example.com%29?secret="), uri);
        assertTrue(uri.endsWith("&issuer=Acme%20Bank&algorithm=SHA1&digits=6&period=30"), uri);
        byte[] seed = Base32.decode(uri.replaceAll(".*secret=([A-Z2-7]+).*", "$1"));
        assertEquals(20, seed.length, "160-bit seed");

        String token = APP.generate(seed, Instant.now());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + token + "/" + authyId)
                .then().statusCode(200).body("message", equalTo("Token is valid."))
                .body("device.os_type", equalTo("authenticator_app"));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + token + "/" + authyId)
                .then().statusCode(401).body("error_code", equalTo("60019"));
        // the app is enrolled: the image that opens the seed is no longer served
        given().when().get(URI.create(qrUrl).getPath()).then().statusCode(404).body("error_code", equalTo("60000"));

        // a new secret replaces the old seed and its QR image
        String second = given().header("X-Authy-API-Key", KEY).when().post("/protected/json/users/" + authyId + "/secret")
                .then().statusCode(200).body("label", equalTo("Acme Bank")).extract().path("qr_code");
        given().when().get(URI.create(qrUrl).getPath()).then().statusCode(404).body("success", equalTo(false));
        String newUri = decodeQr(second, 256);
        byte[] newSeed = Base32.decode(newUri.replaceAll(".*secret=([A-Z2-7]+).*", "$1"));
        String oldSeedToken = APP.generate(seed, Instant.now());
        if (!oldSeedToken.equals(APP.generate(newSeed, Instant.now()))) {
            given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + oldSeedToken + "/" + authyId)
                    .then().statusCode(401);
        }
    }

    @Test
    void theQrImageEndsWithItsUser() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APPLICATION_ID, 1, TestIds.phone().e164(), true);
        String qrUrl = given().header("X-Authy-API-Key", KEY).when().post("/protected/json/users/" + authyId + "/secret")
                .then().statusCode(200).extract().path("qr_code");
        decodeQr(qrUrl, 256);

        TestEvents.publish(Topics.USERS, String.valueOf(authyId), Event.of(UserChanged.TYPE_REMOVED,
                UserChanged.SCHEMA_VERSION, UserChanged.removal(authyId, APPLICATION_ID, 2, 1)));
        // the application's next call sees the removal (read your writes), and so does the image's next fetch
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/users/" + authyId + "/devices")
                .then().statusCode(404).body("error_code", equalTo("60026"));
        given().when().get(URI.create(qrUrl).getPath()).then().statusCode(404).body("error_code", equalTo("60000"));
    }

    @Test
    void disabledForTheApplication() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY_OFF, authyId, APPLICATION_OFF, 1, TestIds.phone().e164(), true);
        given().header("X-Authy-API-Key", KEY_OFF).when().post("/protected/json/users/" + authyId + "/secret")
                .then().statusCode(400).body("error_code", equalTo("60123"));
    }

    @Test
    void qrSizeIsCappedAt320() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APPLICATION_ID, 1, TestIds.phone().e164(), true);
        String url = given().header("X-Authy-API-Key", KEY).queryParam("qr_size", "1000")
                .when().post("/protected/json/users/" + authyId + "/secret")
                .then().statusCode(200).extract().path("qr_code");
        decodeQr(url, 320);
    }

    @Test
    void tenParallelSecretCallsLeaveOneSecretAndOneLiveQr() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APPLICATION_ID, 1, TestIds.phone().e164(), true);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port
                        + "/protected/json/users/" + authyId + "/secret"))
                        .header("X-Authy-API-Key", KEY).POST(HttpRequest.BodyPublishers.noBody()).build();
                answers.add(pool.submit(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<String> qrUrls = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                qrUrls.add(response.body().replaceAll(".*\"qr_code\":\"([^\"]+)\".*", "$1"));
            }
            assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> AuthenticatorSecret.count("authyId", authyId)));
            assertEquals(1L, QuarkusTransaction.requiringNew().call(
                    () -> QrImage.count("authyId = ?1 and expiresAt > ?2", authyId, Instant.now())));
            long served = qrUrls.stream()
                    .filter(url -> given().when().get(URI.create(url).getPath()).then().extract().statusCode() == 200)
                    .count();
            assertEquals(1, served, "exactly one of the ten QR links is live");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fetches the PNG (no API key: the URL is the capability), checks its size, returns the QR's text. */
    private static String decodeQr(String url, int expectedSize) throws Exception {
        byte[] png = given().when().get(URI.create(url).getPath())
                .then().statusCode(200).contentType("image/png").header("Cache-Control", "no-store")
                .extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(expectedSize, image.getWidth());
        return QrImages.read(image);
    }
}
