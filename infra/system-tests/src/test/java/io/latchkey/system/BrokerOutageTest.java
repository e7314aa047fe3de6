package io.latchkey.system;

import static io.latchkey.system.ReadYourWritesTest.authy;
import static io.latchkey.system.ReadYourWritesTest.newUser;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.response.Response;

/**
 * A broker outage is degraded service, not an outage (docs/operations.md "Broker outage"). With the
 * broker stopped (SIGSTOP: its port open, nothing answering), calls that need no fresh cross-service
 * read keep answering, readiness stays UP while the "well" report says DOWN, and an SMS requested
 * meanwhile is delivered exactly once when the broker is back. With the broker killed, a service
 * starts, becomes ready, and catches up once the broker is back.
 */
@ExtendWith(Platform.Started.class)
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerOutageTest {

    private static final List<String> SERVICES = List.of("user", "token", "push", "notifier");

    static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.get();
    }

    @Test
    @Order(1)
    void withTheBrokerStoppedTheApiKeepsAnsweringAndAnSmsRequestedMeanwhileIsDeliveredOnceAfter() throws Exception {
        String key = Platform.BOOTSTRAP_API_KEY;
        String cellphone = Phones.next();
        String e164 = "+1" + cellphone.replace("-", "");
        long id = newUser(key, cellphone);
        assertEquals(200, sms(key, id).statusCode());
        String code = SentMessages.awaitCode(platform, e164, Duration.ofSeconds(30));
        String verifiedCellphone = Phones.next();
        assertEquals(200, authy(key).formParam("via", "sms").formParam("country_code", "1")
                .formParam("phone_number", verifiedCellphone).post("/protected/json/phones/verification/start").statusCode());
        String phoneCode = SentMessages.awaitCode(platform, "+1" + verifiedCellphone.replace("-", ""), Duration.ofSeconds(30));

        platform.broker().pause();
        try {
            Platform.awaitCondition("every service to report the broker down under /q/health/well",
                    () -> SERVICES.stream().allMatch(service -> platform.health(service, "well") == 503));
            for (String service : SERVICES) {
                assertEquals(200, platform.health(service, "ready"), service + " stays in rotation");
                assertEquals(200, platform.health(service, "live"), service + " is alive");
            }
            long started = System.nanoTime();
            Response refused = verify(key, id, wrong(code));
            assertEquals(401, refused.statusCode(), "a wrong code is refused: " + code + " " + refused.asString());
            Response verified = verify(key, id, code);
            assertEquals(200, verified.statusCode(), "a known user's code verifies: " + verified.asString());
            assertEquals(200, authy(key).get("/protected/json/users/" + id + "/status").statusCode());
            assertEquals(200, authy(key).queryParam("country_code", "1").queryParam("phone_number", verifiedCellphone)
                    .queryParam("verification_code", phoneCode).get("/protected/json/phones/verification/check").statusCode());
            assertEquals(200, sms(key, id).statusCode(), "the request is kept in the outbox");
            System.out.printf("broker stopped: verify x2, status, phone check, sms answered in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertEquals(1, SentMessages.to(platform, e164).size(), "nothing is sent while the broker is away");
        } finally {
            platform.broker().resume();
        }

        Platform.awaitCondition("the SMS requested during the outage", () -> sentTo(e164) >= 2);
        long deliveredAt = System.nanoTime();
        Platform.awaitCondition("the well report UP again", () -> SERVICES.stream().allMatch(s -> platform.health(s, "well") == 200));
        // a resent outbox row or a redelivered request would show as a third message: the notifier's delivery
        // log de-duplicates on the delivery id, checked here over a few of the outbox's and consumers' cycles
        while (System.nanoTime() - deliveredAt < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(250);
        }
        assertEquals(2, sentTo(e164), "the SMS requested during the outage is delivered exactly once");
    }

    @Test
    @Order(2)
    void aServiceStartedWhileTheBrokerIsDownBecomesReadyAndCatchesUpWhenItIsBack() throws Exception {
        platform.broker().kill();
        platform.kill("push");
        platform.startAgain("push");
        Platform.awaitCondition("push-service ready without a broker", () -> platform.health("push", "ready") == 200);
        assertEquals(503, platform.health("push", "well"), "and reports itself degraded");
        // it serves what its database holds: the bootstrap application's key still authenticates
        assertEquals(404, approvalRequestStatus(Platform.BOOTSTRAP_API_KEY));

        platform.broker().startAgain();
        long back = System.nanoTime();
        Platform.awaitCondition("push-service well again", () -> platform.health("push", "well") == 200);
        // catching up: an application created now reaches the restarted service once its consumer has rejoined
        // its group (the killed instance's membership ends with its session, 10 s)
        Admin.App app = Admin.createApps(platform, "after-outage", 1, Map.of()).get(0);
        Platform.awaitCondition("the new application's key known to push-service", () -> approvalRequestStatus(app.apiKey()) == 404);
        System.out.printf("broker back: push-service caught up on a new application after %d ms%n",
                (System.nanoTime() - back) / 1_000_000);
    }

    private static int approvalRequestStatus(String apiKey) {
        return authy(apiKey).get("/onetouch/json/approval_requests/" + UUID.randomUUID()).statusCode();
    }

    private static Response sms(String key, long id) {
        return authy(key).queryParam("force", "true").get("/protected/json/sms/" + id);
    }

    private static Response verify(String key, long id, String code) {
        return authy(key).queryParam("force", "true").get("/protected/json/verify/" + code + "/" + id);
    }

    /** A code of the same length that differs in every digit. */
    private static String wrong(String code) {
        StringBuilder other = new StringBuilder();
        for (char c : code.toCharArray()) {
            other.append((char) ('0' + (c - '0' + 5) % 10));
        }
        return other.toString();
    }

    private static int sentTo(String e164) {
        return SentMessages.count(platform, e164);
    }
}
