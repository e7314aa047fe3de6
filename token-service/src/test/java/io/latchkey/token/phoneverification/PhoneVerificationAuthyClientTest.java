package io.latchkey.token.phoneverification;

import static io.latchkey.token.TestFixtures.delivery;
import static io.latchkey.token.TestFixtures.wrong;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.authy.AuthyApiClient;
import com.authy.api.Error;
import com.authy.api.Params;
import com.authy.api.Verification;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Phone verification through authy-java: start twice re-sends the same code; status; attempts are limited. */
@QuarkusTest
class PhoneVerificationAuthyClientTest {

    static final String KEY = "phone-client-test-key-0123456789abcdef";

    private static boolean ready;

    private AuthyApiClient client;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(TestIds.applicationId(), "Verify App", KEY);
            ready = true;
        }
        client = new AuthyApiClient(KEY, "http://127.0.0.1:" + RestAssured.port, true);
    }

    @Test
    void restartWithinTheWindowResendsTheSameCode() throws Exception {
        TestIds.Phone phone = TestIds.phone();
        Params params = new Params();
        params.setAttribute("locale", "pt-BR");
        Verification first = client.getPhoneVerification().start(phone.dashed(), "1", "sms", params);
        assertTrue(first.isOk(), first.getMessage());
        assertEquals("Text message sent to +1 " + phone.dashed() + ".", first.getMessage());
        Verification second = client.getPhoneVerification().start(phone.digits(), "1", "call", new Params());
        assertEquals("Call to +1 " + phone.dashed() + " initiated.", second.getMessage());

        DeliveryRequested sms = delivery(d -> d.kind() == Kind.PHONE_VERIFICATION && phone.e164().equals(d.destination()), 1);
        DeliveryRequested call = delivery(d -> d.kind() == Kind.PHONE_VERIFICATION && phone.e164().equals(d.destination()), 2);
        assertEquals(4, sms.code().length(), "default length");
        assertEquals("pt-BR", sms.locale());
        assertEquals(DeliveryRequested.Channel.VOICE, call.channel());
        assertEquals(sms.code(), call.code(), "the same code, re-sent");

        given().header("X-Authy-API-Key", KEY).queryParam("country_code", "1").queryParam("phone_number", phone.digits())
                .when().get("/protected/json/phones/verification/status")
                .then().statusCode(200).body("status", equalTo("pending")).body("success", equalTo(true));

        Verification bad = client.getPhoneVerification().check(phone.digits(), "1", wrong(sms.code()));
        assertFalse(bad.isOk());
        assertEquals(Error.Code.PHONE_VERIFICATION_INCORRECT, bad.getError().getCode());
        Verification good = client.getPhoneVerification().check(phone.digits(), "1", sms.code());
        assertTrue(good.isOk());
        assertEquals("Verification code is correct.", good.getMessage());

        given().header("X-Authy-API-Key", KEY).queryParam("country_code", "1").queryParam("phone_number", phone.digits())
                .when().get("/protected/json/phones/verification/status")
                .then().statusCode(200).body("status", equalTo("verified")).body("seconds_to_expire", equalTo(0));
        Verification again = client.getPhoneVerification().check(phone.digits(), "1", sms.code());
        assertEquals(Error.Code.PHONE_VERIFICATION_NOT_FOUND, again.getError().getCode());

        // after verification a start makes a new code
        client.getPhoneVerification().start(phone.digits(), "1", "sms", new Params());
        DeliveryRequested fresh = delivery(d -> d.kind() == Kind.PHONE_VERIFICATION && phone.e164().equals(d.destination()), 3);
        assertNotEquals(sms.deliveryId(), fresh.deliveryId());
    }

    @Test
    void startsPerNumberAreLimited() {
        TestIds.Phone phone = TestIds.phone();
        for (int i = 0; i < 5; i++) {
            start(phone.digits()).statusCode(200);
        }
        start(phone.digits()).statusCode(429).body("error_code", equalTo("60003"));
        start(TestIds.phone().digits()).statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse start(String number) {
        return given().header("X-Authy-API-Key", KEY).contentType("application/json")
                .body("{\"via\":\"sms\",\"country_code\":\"1\",\"phone_number\":\"" + number + "\"}")
                .when().post("/protected/json/phones/verification/start").then();
    }

    @Test
    void wrongCodesVoidTheVerification() throws Exception {
        TestIds.Phone phone = TestIds.phone();
        client.getPhoneVerification().start(phone.digits(), "1", "sms", new Params());
        String code = delivery(d -> d.kind() == Kind.PHONE_VERIFICATION && phone.e164().equals(d.destination()), 1).code();
        for (int i = 0; i < 5; i++) {
            assertEquals(Error.Code.PHONE_VERIFICATION_INCORRECT,
                    client.getPhoneVerification().check(phone.digits(), "1", wrong(code)).getError().getCode());
        }
        assertEquals(Error.Code.PHONE_VERIFICATION_NOT_FOUND,
                client.getPhoneVerification().check(phone.digits(), "1", code).getError().getCode());
        given().header("X-Authy-API-Key", KEY).queryParam("country_code", "1").queryParam("phone_number", phone.digits())
                .when().get("/protected/json/phones/verification/status")
                .then().statusCode(200).body("status", equalTo("failed"));
        TestIds.Phone never = TestIds.phone();
        given().header("X-Authy-API-Key", KEY).queryParam("country_code", "1").queryParam("phone_number", never.digits())
                .when().get("/protected/json/phones/verification/status")
                .then().statusCode(404).body("error_code", equalTo("60023"))
                .body("message", equalTo("No pending verifications for +1 " + never.dashed() + " found."));
    }
}
