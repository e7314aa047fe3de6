package io.latchkey.token.phoneverification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.phoneverifications.PhoneVerificationChanged;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * An application arrives on the real broker -> projection row -> its key authenticates; HTTP in
 * (start) -> verification row + outbox -> delivery request on the broker, whose code then checks.
 */
@QuarkusTest
class PhoneVerificationRoundTripTest {

    private static final String API_KEY = "token-service-test-key-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long APPLICATION_ID = TestIds.applicationId();

    private static boolean applicationPublished;

    /** Not @BeforeAll: RestAssured knows the test port only once a test instance runs. */
    @BeforeEach
    void applicationIsKnown() {
        if (!applicationPublished) {
            TestApplications.publish(APPLICATION_ID, "Phone App", API_KEY);
            applicationPublished = true;
        }
        given().header("X-Authy-API-Key", API_KEY)
                .when().get("/protected/json/phones/verification/check")
                .then().statusCode(400); // at once, as a client calls: authenticated: now it is the missing parameters that are wrong
    }

    @Test
    void startSendsACodeThatChecksOnce() {
        TestIds.Phone phone = TestIds.phone();
        String uuid = given().header("X-Authy-API-Key", API_KEY).contentType(ContentType.JSON)
                .body("{\"via\":\"sms\",\"country_code\":1,\"phone_number\":\"" + phone.dashed() + "\",\"code_length\":6}")
                .when().post("/protected/json/phones/verification/start")
                .then().statusCode(200)
                .body("message", equalTo("Text message sent to +1 " + phone.dashed() + "."))
                .body("seconds_to_expire", equalTo(599))
                .body("success", equalTo(true))
                .body("uuid", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("uuid");

        Event<DeliveryRequested> delivery = TestEvents.await(Topics.DELIVERIES_REQUESTED, DeliveryRequested.class,
                event -> event.payload().destination().equals(phone.e164())
                        && event.payload().kind() == DeliveryRequested.Kind.PHONE_VERIFICATION, TIMEOUT);
        String code = TestFixtures.opened(delivery.payload()).code();
        assertEquals(6, code.length(), "code_length is honoured");
        assertEquals(APPLICATION_ID, delivery.payload().applicationId());

        String wrong = code.equals("000000") ? "111111" : "000000";
        check(phone, wrong).statusCode(401)
                .body(equalTo("{\"message\":\"Verification code is incorrect\",\"success\":false,"
                        + "\"errors\":{\"message\":\"Verification code is incorrect\"},\"error_code\":\"60022\"}"));
        check(phone, code).statusCode(200).body(equalTo("{\"message\":\"Verification code is correct.\",\"success\":true}"));
        check(phone, code).statusCode(404).body("error_code", equalTo("60023"))
                .body("message", equalTo("No pending verifications for +1 " + phone.dashed() + " found."));
        assertEquals(36, uuid.length());

        // each step is published for the application's webhooks, without the number or the code
        for (PhoneVerificationChanged.Outcome outcome : List.of(PhoneVerificationChanged.Outcome.STARTED,
                PhoneVerificationChanged.Outcome.CODE_INVALID, PhoneVerificationChanged.Outcome.CODE_VALID)) {
            Event<PhoneVerificationChanged> published = TestEvents.await(Topics.PHONE_VERIFICATIONS, PhoneVerificationChanged.class,
                    event -> uuid.equals(String.valueOf(event.payload().verificationId())) && event.payload().outcome() == outcome,
                    TIMEOUT);
            assertEquals(APPLICATION_ID, published.payload().applicationId());
            assertEquals(1, published.payload().countryCode());
            assertEquals(outcome == PhoneVerificationChanged.Outcome.STARTED ? "sms" : null, published.payload().via());
        }
        TestEvents.await(Topics.PHONE_VERIFICATIONS, PhoneVerificationChanged.class,
                event -> event.payload().applicationId() == APPLICATION_ID
                        && event.payload().outcome() == PhoneVerificationChanged.Outcome.NOT_FOUND, TIMEOUT);
        assertFalse(TestEvents.recordsWithKey(Topics.PHONE_VERIFICATIONS, String.valueOf(APPLICATION_ID), Duration.ofSeconds(1))
                .stream().anyMatch(record -> record.value().contains(phone.e164())), "no number (the record has no code field)");
    }

    @Test
    void badInputIsAnAuthyError() {
        given().header("X-Authy-API-Key", API_KEY).contentType(ContentType.URLENC)
                .body("via=sms&phone_number=" + TestIds.phone().digits())
                .when().post("/protected/json/phones/verification/start")
                .then().statusCode(400).body("error_code", equalTo("60004"))
                .body("message", equalTo("Invalid parameter: country_code - Parameter is required"));
        given().header("X-Authy-API-Key", API_KEY).queryParam("via", "sms").queryParam("country_code", "1")
                .queryParam("phone_number", "123")
                .when().post("/protected/json/phones/verification/start")
                .then().statusCode(400).body("error_code", equalTo("60033"));
        given().header("X-Authy-API-Key", API_KEY).queryParam("via", "pigeon").queryParam("country_code", "1")
                .queryParam("phone_number", TestIds.phone().digits())
                .when().post("/protected/json/phones/verification/start")
                .then().statusCode(400).body("error_code", equalTo("60004"));
        given().header("X-Authy-API-Key", "someone-elses-key").when().post("/protected/json/phones/verification/start")
                .then().statusCode(401).body("error_code", equalTo("60001"));
    }

    private static ValidatableResponse check(TestIds.Phone phone, String code) {
        return given().header("X-Authy-API-Key", API_KEY)
                .queryParam("country_code", "1").queryParam("phone_number", phone.digits())
                .queryParam("verification_code", code)
                .when().get("/protected/json/phones/verification/check").then();
    }
}
