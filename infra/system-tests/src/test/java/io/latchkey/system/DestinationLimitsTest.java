package io.latchkey.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.response.Response;

/**
 * Limits per destination are decided where {@code sms} is answered, per application, with a
 * platform-wide cap per number on top (docs/consistency.md "Answers tell the truth"). The platform
 * runs with 3 messages per application and number and 5 per number across applications
 * ({@link Platform}); every answered "sent" is really sent, every refusal is a 429/60003.
 */
@ExtendWith(Platform.Started.class)
class DestinationLimitsTest {

    @Test
    void oneApplicationExhaustingANumberDoesNotBlockAnotherAndRefusalsAreAnswered() throws Exception {
        Platform platform = Platform.get();
        List<Admin.App> apps = Admin.createApps(platform, "limits", 2, Map.of());
        String phone = Phones.next();
        long inA = ReadYourWritesTest.newUser(apps.get(0).apiKey(), phone);
        long inB = ReadYourWritesTest.newUser(apps.get(1).apiKey(), phone);

        for (int i = 0; i < Platform.LIMIT_PER_APPLICATION_AND_NUMBER; i++) {
            assertEquals(200, sms(apps.get(0), inA).statusCode(), "message " + (i + 1) + " of application A");
        }
        Response refused = sms(apps.get(0), inA);
        assertEquals(429, refused.statusCode(), refused.asString());
        assertEquals("60003", refused.path("error_code"));

        // application B still reaches the number, up to the platform's cap for it
        int left = Platform.LIMIT_PER_NUMBER - Platform.LIMIT_PER_APPLICATION_AND_NUMBER;
        for (int i = 0; i < left; i++) {
            Response sent = sms(apps.get(1), inB);
            assertEquals(200, sent.statusCode(), sent.asString());
            assertEquals("SMS token was sent", sent.path("message"));
        }
        Response capped = sms(apps.get(1), inB);
        assertEquals(429, capped.statusCode(), capped.asString());
        assertEquals("60003", capped.path("error_code"));

        // every "sent" went out, and nothing else did
        String to = "\"to\":\"+1" + phone.replace("-", "") + "\"";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (messagesTo(platform, to) < Platform.LIMIT_PER_NUMBER && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1000);
        assertEquals(Platform.LIMIT_PER_NUMBER, messagesTo(platform, to));
    }

    private static Response sms(Admin.App app, long authyId) {
        return ReadYourWritesTest.authy(app.apiKey()).queryParam("force", "true").get("/protected/json/sms/" + authyId);
    }

    private static long messagesTo(Platform platform, String to) throws IOException {
        if (!Files.exists(platform.outboxFile())) {
            return 0;
        }
        try (var lines = Files.lines(platform.outboxFile())) {
            return lines.filter(line -> line.contains(to)).count();
        }
    }
}
