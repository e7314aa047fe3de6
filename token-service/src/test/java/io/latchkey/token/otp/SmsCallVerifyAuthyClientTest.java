package io.latchkey.token.otp;

import static io.latchkey.token.TestFixtures.delivery;
import static io.latchkey.token.TestFixtures.wrong;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.authy.AuthyApiClient;
import com.authy.AuthyException;
import com.authy.api.Error;
import com.authy.api.Hash;
import com.authy.api.Token;

import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * SMS/voice codes and verify through the official authy-java client, against the running test app;
 * every code is read from the delivery request token-service put on the real broker.
 */
@QuarkusTest
class SmsCallVerifyAuthyClientTest {

    static final long APP = TestIds.applicationId();
    static final String KEY = "sms-call-verify-test-key-0123456789abcdef";
    static final long APP_NO_SMS = TestIds.applicationId();
    static final String KEY_NO_SMS = "sms-disabled-test-key-0123456789abcdef";

    private static boolean ready;

    private AuthyApiClient client;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APP, "Sms App", KEY);
            var noSms = TestApplications.withDefaults(APP_NO_SMS, "Quiet App", KEY_NO_SMS);
            TestFixtures.application(new io.latchkey.events.applications.ApplicationChanged(noSms.applicationId(), 1,
                    noSms.name(), noSms.apiKeySha256(), null, 6, false, false, true, false, false, null, "POST", null,
                    java.util.List.of(), null, null, false), KEY_NO_SMS);
            ready = true;
        }
        client = new AuthyApiClient(KEY, "http://127.0.0.1:" + RestAssured.port, true);
    }

    @Test
    void smsCodeVerifiesOnceThroughTheOfficialClient() throws AuthyException {
        int authyId = Math.toIntExact(TestIds.authyId()); // authy-java takes authy_ids as int
        TestIds.Phone phone = TestIds.phone();
        TestFixtures.user(KEY, authyId, APP, 1, phone.e164(), true);
        Hash sent = client.getUsers().requestSms(authyId, Map.of("locale", "es"));
        assertTrue(sent.isOk());
        assertEquals("SMS token was sent", sent.getMessage());

        DeliveryRequested delivery = delivery(authyId, Kind.OTP, 1);
        assertEquals(Channel.SMS, delivery.channel());
        assertEquals(phone.e164(), delivery.destination());
        assertEquals("es", delivery.locale());
        assertEquals(7, delivery.code().length(), "the application's token length");

        AuthyException wrongToken = assertThrows(AuthyException.class,
                () -> client.getTokens().verify(authyId, wrong(delivery.code())));
        assertEquals(401, wrongToken.getStatus());
        assertEquals(Error.Code.TOKEN_INVALID, wrongToken.getErrorCode());

        Token valid = client.getTokens().verify(authyId, delivery.code());
        assertTrue(valid.isOk());

        AuthyException reused = assertThrows(AuthyException.class, () -> client.getTokens().verify(authyId, delivery.code()));
        assertEquals(401, reused.getStatus());
        assertEquals(Error.Code.REUSED_TOKEN, reused.getErrorCode());

        TestEvents.await(Topics.VERIFICATIONS, VerificationChecked.class,
                event -> event.payload().authyId() == authyId
                        && event.payload().outcome() == VerificationChecked.Outcome.VALID
                        && event.payload().method() == VerificationChecked.Method.SMS, TestFixtures.TIMEOUT);
        TestEvents.await(Topics.VERIFICATIONS, VerificationChecked.class,
                event -> event.payload().authyId() == authyId
                        && event.payload().outcome() == VerificationChecked.Outcome.REUSED,
                TestFixtures.TIMEOUT);
    }

    @Test
    void exactBodies() {
        long authyId = TestIds.authyId();
        TestIds.Phone phone = TestIds.phone();
        TestFixtures.user(KEY, authyId, APP, 1, phone.e164(), true);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId)
                .then().statusCode(200)
                .contentType(org.hamcrest.Matchers.matchesPattern("application/json; ?charset=(?i)utf-8"))
                .body(equalTo("{\"success\":true,\"message\":\"SMS token was sent\",\"cellphone\":\"+1-XXX-XXX-XX"
                        + phone.last(2) + "\"}"));
        String code = delivery(authyId, Kind.OTP, 1).code();
        given().header("X-Authy-API-Key", KEY)
                .when().get("/protected/json/verify/" + wrong(code) + "/" + authyId + "?force=true")
                .then().statusCode(401)
                .body(equalTo("{\"message\":\"Token is invalid\",\"token\":\"is invalid\",\"success\":false,"
                        + "\"errors\":{\"message\":\"Token is invalid\"},\"error_code\":\"60020\"}"));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + code + "/" + authyId)
                .then().statusCode(200)
                .body(equalTo("{\"message\":\"Token is valid.\",\"token\":\"is valid\",\"success\":\"true\",\"device\":{"
                        + "\"city\":null,\"region\":null,\"country\":null,\"ip\":null,\"registration_city\":null,"
                        + "\"registration_region\":null,\"registration_country\":null,\"registration_ip\":null,"
                        + "\"registration_date\":null,\"registration_method\":null,\"registration_device_id\":null,"
                        + "\"os_type\":\"sms\",\"last_account_recovery_at\":null,\"id\":null,\"last_sync_date\":null}}"));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + code + "/" + authyId)
                .then().statusCode(401)
                .body(equalTo("{\"message\":\"Token is invalid\",\"token\":\"is invalid\",\"success\":false,"
                        + "\"errors\":{\"message\":\"Token is invalid\"},\"error_code\":\"60019\"}"));
    }

    @Test
    void callSendsByVoiceAndARepeatWithinTheLifetimeResendsTheSameCode() throws AuthyException {
        int authyId = Math.toIntExact(TestIds.authyId());
        // fixed: a non-US number (UK mobile, Ofcom drama range), whose mask keeps its own country code
        TestFixtures.user(KEY, authyId, APP, 44, "+447700900123", true);
        Hash call = client.getUsers().requestCall(authyId);
        assertTrue(call.isOk());
        assertEquals("Call started...", call.getMessage());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId)
                .then().statusCode(200).body("cellphone", equalTo("+44-XXX-XXX-XX23"));
        DeliveryRequested first = delivery(authyId, Kind.OTP, 1);
        DeliveryRequested second = delivery(authyId, Kind.OTP, 2);
        assertEquals(Channel.VOICE, first.channel());
        assertEquals(Channel.SMS, second.channel());
        assertEquals(first.code(), second.code(), "re-sent within its lifetime");
        assertNotEquals(first.deliveryId(), second.deliveryId());
        assertTrue(client.getTokens().verify(authyId, first.code()).isOk());
    }

    @Test
    void unregisteredUserIsNotCheckedWithoutForce() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), false);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId).then().statusCode(200);
        String code = delivery(authyId, Kind.OTP, 1).code();
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + code + "/" + authyId)
                .then().statusCode(200)
                .body(equalTo("{\"token\":\"Not checked. User has not yet finished the registration process. "
                        + "Pass force=true to this API to check regardless (more secure).\"}"));
        // authy-java adds force=true by itself: the code is really checked, and it is still unused
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + code + "/" + authyId + "?force=true")
                .then().statusCode(200).body("message", equalTo("Token is valid."));
    }

    @Test
    void actionBindsTheCode() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        given().header("X-Authy-API-Key", KEY).queryParam("action", "login").queryParam("action_message", "Log in to Sms App")
                .when().get("/protected/json/sms/" + authyId).then().statusCode(200);
        DeliveryRequested login = delivery(authyId, Kind.OTP, 1);
        assertEquals("Log in to Sms App", login.actionMessage());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId).then().statusCode(200);
        DeliveryRequested plain = delivery(authyId, Kind.OTP, 2);
        assertNotEquals(login.code(), plain.code(), "a code without action is another code");

        verify(login.code(), authyId, null).statusCode(401);
        verify(login.code(), authyId, "transfer").statusCode(401);
        verify(plain.code(), authyId, "login").statusCode(401);
        verify(login.code(), authyId, "login").statusCode(200).body("token", equalTo("is valid"));
        verify(plain.code(), authyId, null).statusCode(200);
    }

    @Test
    void applicationSwitchesAndUnknownUsers() throws AuthyException {
        int authyId = Math.toIntExact(TestIds.authyId());
        TestFixtures.user(KEY_NO_SMS, authyId, APP_NO_SMS, 1, TestIds.phone().e164(), true);
        AuthyApiClient quiet = new AuthyApiClient(KEY_NO_SMS, "http://127.0.0.1:" + RestAssured.port, true);
        given().header("X-Authy-API-Key", KEY_NO_SMS).when().get("/protected/json/sms/" + authyId)
                .then().statusCode(400).body("error_code", equalTo("60007"));
        given().header("X-Authy-API-Key", KEY_NO_SMS).when().get("/protected/json/call/" + authyId)
                .then().statusCode(400).body("error_code", equalTo("60006"));
        Hash refused = quiet.getUsers().requestSms(authyId);
        assertFalse(refused.isOk());
        assertEquals(Error.Code.SMS_DISABLED, refused.getError().getCode());
        // a user of another application is not found, as is one that does not exist
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId)
                .then().statusCode(404).body(equalTo("{\"message\":\"User not found.\",\"success\":false,"
                        + "\"errors\":{\"message\":\"User not found.\"},\"error_code\":\"60026\"}"));
        int unknownId = Math.toIntExact(TestIds.authyId());
        AuthyException unknown = assertThrows(AuthyException.class, () -> client.getTokens().verify(unknownId, "1234567"));
        assertEquals(404, unknown.getStatus());
        assertEquals(Error.Code.USER_NOT_FOUND, unknown.getErrorCode());
    }

    @Test
    void sendLimitPerUser() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        for (int i = 0; i < 5; i++) {
            given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId).then().statusCode(200);
        }
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId + "?force=true")
                .then().statusCode(429).body("error_code", equalTo("60003"));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/call/" + authyId)
                .then().statusCode(429).body("error_code", equalTo("60003"));
    }

    private static io.restassured.response.ValidatableResponse verify(String token, long authyId, String action) {
        var request = given().header("X-Authy-API-Key", KEY);
        if (action != null) {
            request = request.queryParam("action", action);
        }
        return request.when().get("/protected/json/verify/" + token + "/" + authyId).then();
    }
}
