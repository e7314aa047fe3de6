package io.latchkey.token.phoneverification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Phone verification against guessing and against the application's own switches: a failed-check
 * budget per number that new starts do not reset, one live code per number, and the SMS/voice,
 * country and landline rules of sms/call (docs/authy-api.md rows 16-17, §5).
 */
@QuarkusTest
class PhoneVerificationAbuseTest {

    static final String KEY = "phone-abuse-test-key-0123456789abcdef";
    static final String KEY_NO_SMS = "phone-abuse-nosms-key-0123456789abcd";
    static final String KEY_NO_VOICE = "phone-abuse-novoice-key-0123456789ab";
    static final String KEY_FRANCE = "phone-abuse-france-key-0123456789abc";

    private static boolean ready;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(TestIds.applicationId(), "Abuse App", KEY);
            TestFixtures.application(app(TestIds.applicationId(), KEY_NO_SMS, false, true, List.of()), KEY_NO_SMS);
            TestFixtures.application(app(TestIds.applicationId(), KEY_NO_VOICE, true, false, List.of()), KEY_NO_VOICE);
            TestFixtures.application(app(TestIds.applicationId(), KEY_FRANCE, true, true, List.of("FR")), KEY_FRANCE);
            ready = true;
        }
    }

    @Test
    void failedChecksAreBudgetedPerNumberAcrossStarts() {
        TestIds.Phone phone = TestIds.phone();
        String code = null;
        int failed = 0;
        // 5 wrong checks void a verification; a new start gives a new code, but not a new budget
        for (int start = 1; start <= 2; start++) {
            start(KEY, "sms", phone).statusCode(200);
            code = deliveredTo(phone.e164(), start);
            for (int i = 0; i < 5; i++) {
                check(KEY, phone, TestFixtures.wrong(code)).statusCode(401).body("error_code", equalTo("60022"));
                failed++;
            }
        }
        assertEquals(10, failed);
        // the budget (10 per hour) is spent: checks and starts answer 429/60003, even the right code
        check(KEY, phone, code).statusCode(429).body("error_code", equalTo("60003"));
        start(KEY, "sms", phone).statusCode(429).body("error_code", equalTo("60003"));
    }

    @Test
    void aCorrectCheckDoesNotCountAgainstTheBudget() {
        TestIds.Phone phone = TestIds.phone();
        start(KEY, "sms", phone).statusCode(200);
        String code = deliveredTo(phone.e164(), 1);
        for (int i = 0; i < 9; i++) {
            check(KEY, phone, TestFixtures.wrong(code)).statusCode(i < 5 ? 401 : 404);
        }
        start(KEY, "sms", phone).statusCode(200);
        String second = deliveredTo(phone.e164(), 2);
        check(KEY, phone, second).statusCode(200);
        // 5 failed + 4 answered "no pending" (not a comparison, not counted) + 1 correct: budget left
        start(KEY, "sms", phone).statusCode(200);
        String third = deliveredTo(phone.e164(), 3);
        check(KEY, phone, third).statusCode(200);
    }

    @Test
    void aNewCodeVoidsTheOlderOne() {
        TestIds.Phone phone = TestIds.phone();
        start(KEY, "sms", phone, 4).statusCode(200);
        String first = deliveredTo(phone.e164(), 1);
        // another length cannot re-send the pending code: a new code, and the first one stops working
        start(KEY, "sms", phone, 6).statusCode(200);
        String second = deliveredTo(phone.e164(), 2);
        assertEquals(6, second.length());
        check(KEY, phone, first).statusCode(401).body("error_code", equalTo("60022"));
        check(KEY, phone, second).statusCode(200);
        check(KEY, phone, first).statusCode(404).body("error_code", equalTo("60023"));
    }

    @Test
    void theApplicationsSwitchesApply() {
        TestIds.Phone noSms = TestIds.phone();
        start(KEY_NO_SMS, "sms", noSms).statusCode(400).body("error_code", equalTo("60007"));
        start(KEY_NO_SMS, "call", noSms).statusCode(200);
        start(KEY_NO_VOICE, "call", TestIds.phone()).statusCode(400).body("error_code", equalTo("60006"));
        start(KEY_FRANCE, "sms", TestIds.phone()).statusCode(400).body("error_code", equalTo("60013"));
        // fixed: the application allows France only, so this must be a valid French mobile (+33 6 12 34 56 78)
        given().header("X-Authy-API-Key", KEY_FRANCE).queryParam("via", "sms").queryParam("country_code", "33")
                .queryParam("phone_number", "612345678")
                .when().post("/protected/json/phones/verification/start").then().statusCode(200);
    }

    @Test
    void smsNeverGoesToALandlineButACallDoes() {
        // +44 20 7946 0018: a London fixed line (Ofcom drama range)
        landline("sms").statusCode(400)
                .body(equalTo("{\"message\":\"Cannot send SMS to landline\",\"success\":false,"
                        + "\"errors\":{\"message\":\"Cannot send SMS to landline\"},\"error_code\":\"60082\"}"));
        landline("call").statusCode(200).body("is_cellphone", equalTo(false));
    }

    private static ValidatableResponse landline(String via) {
        return given().header("X-Authy-API-Key", KEY).queryParam("via", via).queryParam("country_code", "44")
                .queryParam("phone_number", "2079460018")
                .when().post("/protected/json/phones/verification/start").then();
    }

    private static ApplicationChanged app(long id, String key, boolean sms, boolean voice, List<String> countries) {
        return new ApplicationChanged(id, 1, "Abuse " + id, ApiKeys.sha256Hex(key), null, 7, sms, voice, true, true, false,
                null, "POST", null, countries, null, null, false);
    }

    private static ValidatableResponse start(String key, String via, TestIds.Phone phone) {
        return start(key, via, phone, 4);
    }

    private static ValidatableResponse start(String key, String via, TestIds.Phone phone, int length) {
        return given().header("X-Authy-API-Key", key).queryParam("via", via).queryParam("country_code", "1")
                .queryParam("phone_number", phone.digits()).queryParam("code_length", length)
                .when().post("/protected/json/phones/verification/start").then();
    }

    private static ValidatableResponse check(String key, TestIds.Phone phone, String code) {
        return given().header("X-Authy-API-Key", key).queryParam("country_code", "1")
                .queryParam("phone_number", phone.digits()).queryParam("verification_code", code)
                .when().get("/protected/json/phones/verification/check").then();
    }

    /** The {@code n}th phone-verification code sent to this number. */
    private static String deliveredTo(String phoneE164, int n) {
        return TestFixtures.delivery(payload -> phoneE164.equals(payload.destination())
                && payload.kind() == DeliveryRequested.Kind.PHONE_VERIFICATION, n).code();
    }
}
