package io.latchkey.push.device;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.authy.AuthyApiClient;
import com.authy.api.ApprovalRequestParams;
import com.authy.api.OneTouchResponse;

import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.applications.Logo;
import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.users.UserChanged;
import io.latchkey.push.approval.ApprovalRequest;
import io.latchkey.push.approval.ExpirySweep;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * OneTouch end to end on the real broker and PostgreSQL: the official authy-java client creates and reads
 * requests, a registered device lists them and answers with a decision signed by its key. Forged, replayed,
 * late, second and overdue answers are refused; exactly one answer wins.
 */
@QuarkusTest
class DeviceDecisionTest {

    private static final String KEY = "device-decision-test-key-0123456789abcdef";
    private static final String KEY_OFF = "onetouch-off-test-key-0123456789abcdefgh";
    private static final long APP = TestIds.applicationId();
    private static final long APP_OFF = TestIds.applicationId();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static boolean published;

    @Inject
    ExpirySweep expiry;

    private AuthyApiClient client;

    @BeforeEach
    void applications() {
        if (!published) {
            TestApplications.publish(APP, "OneTouch App", KEY);
            ApplicationChanged on = TestApplications.withDefaults(APP_OFF, "No OneTouch", KEY_OFF);
            TestApplications.publish(new ApplicationChanged(on.applicationId(), on.revision(), on.name(), on.apiKeySha256(),
                    null, on.tokenLength(), true, true, false, true, false, null, "POST", null, List.of(), null, null,
                    false));
            published = true;
        }
        // testFlag=true: plain http (the client casts to HttpsURLConnection otherwise)
        client = new AuthyApiClient(KEY, "http://127.0.0.1:" + RestAssured.port, true);
    }

    private static long user(long applicationId) {
        long authyId = TestIds.authyId();
        TestEvents.publish(UserChanged.of(authyId, applicationId, 1, 1, TestIds.phone().e164(),
                "user" + authyId + "@example.com", true));
        return authyId;
    }

    private String create(long authyId) throws Exception {
        OneTouchResponse created = client.getOneTouch().sendApprovalRequest(
                new ApprovalRequestParams.Builder((int) authyId, "Log in to Acme?")
                        .addDetail("username", "pat").addHiddenDetail("ip", "10.0.0.1").build());
        assertTrue(created.isSuccess(), created.getMessage());
        return created.getApprovalRequest().getUUID();
    }

    private static JsonPath listed(TestDevice device, String uuid) {
        List<Object> all = device.pending().statusCode(200).extract().path("approval_requests.findAll { it.uuid == '"
                + uuid + "' }");
        assertEquals(1, all.size(), "the request is listed once for the user's device");
        return device.pending().extract().jsonPath().setRootPath("approval_requests.find { it.uuid == '" + uuid + "' }");
    }

    @Test
    void aSignedApprovalIsReadByTheClientAndPublished() throws Exception {
        long authyId = user(APP);
        TestDevice device = TestDevice.registeredFor(authyId, APP);
        String uuid = create(authyId);

        JsonPath request = listed(device, uuid);
        assertTrue(request.getString("shown_content").contains("Log in to Acme?"));
        assertFalse(request.getString("shown_content").contains("10.0.0.1"), "hidden details are never shown");
        device.decide(uuid, request.getString("shown"), request.getString("nonce"), "approved", "")
                .statusCode(200).body("approval_request.status", equalTo("approved"));

        OneTouchResponse status = client.getOneTouch().getApprovalRequestStatus(uuid);
        assertEquals("approved", status.getApprovalRequest().getStatus());
        given().header("X-Authy-API-Key", KEY).when().get("/onetouch/json/approval_requests/" + uuid)
                .then().statusCode(200).body("approval_request.processed_at", notNullValue());
        TestEvents.await(Topics.APPROVALS, ApprovalRequestChanged.class, event -> event.payload().uuid().toString()
                .equals(uuid) && event.payload().status() == ApprovalRequestChanged.Status.APPROVED, TIMEOUT);
        device.pending().statusCode(200).body("approval_requests.findAll { it.uuid == '" + uuid + "' }", hasSize(0));
        ApprovalRequest stored = QuarkusTransaction.requiringNew().call(() -> ApprovalRequest.findById(UUID.fromString(uuid)));
        assertEquals(device.deviceId, stored.decidedByDevice);
        assertTrue(stored.decisionSignature.startsWith("ey"), "the signed decision is kept as it came");
    }

    @Test
    void notMeIsADenialWithItsReason() throws Exception {
        long authyId = user(APP);
        TestDevice device = TestDevice.registeredFor(authyId, APP);
        String uuid = create(authyId);
        JsonPath request = listed(device, uuid);
        device.decide(uuid, request.getString("shown"), request.getString("nonce"), "denied", "not_me")
                .statusCode(200).body("approval_request.status", equalTo("denied"));
        assertEquals("denied", client.getOneTouch().getApprovalRequestStatus(uuid).getApprovalRequest().getStatus());
        assertEquals("not_me", QuarkusTransaction.requiringNew()
                .call(() -> ApprovalRequest.<ApprovalRequest> findById(UUID.fromString(uuid)).declineReason));
    }

    @Test
    void forgedReplayedLateAndSecondAnswersAreRefused() throws Exception {
        long authyId = user(APP);
        TestDevice device = TestDevice.registeredFor(authyId, APP);
        TestDevice stranger = TestDevice.registeredFor(user(APP), APP); // another user's device
        String uuid = create(authyId);
        JsonPath request = listed(device, uuid);
        String shown = request.getString("shown");
        String nonce = request.getString("nonce");

        // to another user's device the request does not exist; a wrong nonce or a different text shown: 401/60087
        stranger.decide(uuid, shown, nonce, "approved", "").statusCode(404).body("error_code", equalTo("60049"));
        device.decide(uuid, shown, "not-the-nonce", "approved", "").statusCode(401).body("error_code", equalTo("60087"));
        device.decide(uuid, "not-what-was-shown", nonce, "approved", "").statusCode(401);
        // signed two minutes ago: refused, with the server's time to re-sync
        device.post(uuid, device.decision(uuid, shown, nonce, "approved", "", Instant.now().minusSeconds(120),
                UUID.randomUUID().toString())).statusCode(401).body("server_time", notNullValue());
        // the device's decision in every field, but signed by another key
        device.post(uuid, stranger.forgedAs(device, uuid, shown, nonce, "approved")).statusCode(401)
                .body("error_code", equalTo("60087"));
        assertEquals("pending", client.getOneTouch().getApprovalRequestStatus(uuid).getApprovalRequest().getStatus());

        String approval = device.decision(uuid, shown, nonce, "approved", "", Instant.now(), UUID.randomUUID().toString());
        device.post(uuid, approval).statusCode(200);
        device.post(uuid, approval).statusCode(409).body("error_code", equalTo("60079")); // replayed
        device.decide(uuid, shown, nonce, "denied", "").statusCode(409).body("error_code", equalTo("60079")); // second
        assertEquals("approved", client.getOneTouch().getApprovalRequestStatus(uuid).getApprovalRequest().getStatus());
    }

    @Test
    void anOverdueRequestCannotBeAnswered() throws Exception {
        long authyId = user(APP);
        TestDevice device = TestDevice.registeredFor(authyId, APP);
        OneTouchResponse created = client.getOneTouch().sendApprovalRequest(
                new ApprovalRequestParams.Builder((int) authyId, "Quick?").setSecondsToExpire(1L).build());
        String uuid = created.getApprovalRequest().getUUID();
        JsonPath request = listed(device, uuid);
        await().atMost(TIMEOUT).until(() -> "expired".equals(
                client.getOneTouch().getApprovalRequestStatus(uuid).getApprovalRequest().getStatus()));
        device.decide(uuid, request.getString("shown"), request.getString("nonce"), "approved", "")
                .statusCode(403).body("error_code", equalTo("60079"));

        // the sweep makes the row and the approvals topic say so too
        expiry.sweep(Instant.now());
        TestEvents.await(Topics.APPROVALS, ApprovalRequestChanged.class, event -> event.payload().uuid().toString()
                .equals(uuid) && event.payload().status() == ApprovalRequestChanged.Status.EXPIRED, TIMEOUT);
        assertEquals(ApprovalRequestChanged.Status.EXPIRED, QuarkusTransaction.requiringNew()
                .call(() -> ApprovalRequest.<ApprovalRequest> findById(UUID.fromString(uuid)).status));
        // once swept, a late answer is still "expired", not "already answered"
        device.decide(uuid, request.getString("shown"), request.getString("nonce"), "approved", "")
                .statusCode(403).body("error_code", equalTo("60079"));
    }

    @Test
    void aRemovedUsersDeviceAnswersNothing() throws Exception {
        long authyId = user(APP);
        TestDevice device = TestDevice.registeredFor(authyId, APP);
        String uuid = create(authyId);
        JsonPath request = listed(device, uuid);
        // user-service removed the user; token-service has not retired the device yet
        TestEvents.publish(UserChanged.removal(authyId, APP, 2, 1));
        device.pending().statusCode(401).body("error_code", equalTo("60087"));
        device.decide(uuid, request.getString("shown"), request.getString("nonce"), "approved", "")
                .statusCode(401).body("error_code", equalTo("60087"));
    }

    @Test
    void onlyUsersWithADeviceOfAnApplicationWithOneTouchGetRequests() {
        long withoutDevice = user(APP);
        given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON).body("{\"message\":\"Hi\"}")
                .when().post("/onetouch/json/users/" + withoutDevice + "/approval_requests")
                .then().statusCode(400).body("error_code", equalTo("60050"));

        long removedDevice = user(APP);
        TestDevice.registeredFor(removedDevice, APP).remove();
        given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON).body("{\"message\":\"Hi\"}")
                .when().post("/onetouch/json/users/" + removedDevice + "/approval_requests")
                .then().statusCode(400).body("error_code", equalTo("60050"));

        long offUser = user(APP_OFF);
        TestDevice.registeredFor(offUser, APP_OFF);
        given().header("X-Authy-API-Key", KEY_OFF).contentType(ContentType.JSON).body("{\"message\":\"Hi\"}")
                .when().post("/onetouch/json/users/" + offUser + "/approval_requests")
                .then().statusCode(400).body("error_code", equalTo("60054"));
    }

    @Test
    void numberMatchingAndTheExpiryCapAreTheApplicationsSettings() {
        String key = "number-match-test-key-0123456789abcdefgh";
        long app = TestIds.applicationId();
        ApplicationChanged defaults = TestApplications.withDefaults(app, "Number Match", key);
        TestApplications.publish(new ApplicationChanged(app, 1, defaults.name(), defaults.apiKeySha256(), null, 7, true,
                true, true, true, false, null, "POST", null, List.of(), null, null, false, true, 60, null, List.of()));
        long authyId = user(app);
        TestDevice device = TestDevice.registeredFor(authyId, app);

        // asked never to expire (0): the application's cap of 60 s applies; the answer carries the number to show
        var created = given().header("X-Authy-API-Key", key).contentType(ContentType.JSON)
                .body("{\"message\":\"Log in?\",\"seconds_to_expire\":0}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().statusCode(200).extract();
        String uuid = created.path("approval_request.uuid");
        String number = created.path("approval_request.number_match");
        assertTrue(number.matches("[1-9][0-9]"), number);
        given().header("X-Authy-API-Key", key).when().get("/onetouch/json/approval_requests/" + uuid)
                .then().body("approval_request.seconds_to_expire", equalTo(60));
        JsonPath request = listed(device, uuid);
        assertFalse(request.getString("shown_content").contains("\"" + number + "\""), "the device never shows the number");

        String wrong = String.valueOf(Integer.parseInt(number) == 99 ? 10 : Integer.parseInt(number) + 1);
        device.approveWithNumber(uuid, request.getString("shown"), request.getString("nonce"), wrong)
                .statusCode(403).body("error_code", equalTo("60080"));
        given().header("X-Authy-API-Key", key).when().get("/onetouch/json/approval_requests/" + uuid)
                .then().body("approval_request.status", equalTo("denied"));

        String second = given().header("X-Authy-API-Key", key).contentType(ContentType.JSON).body("{\"message\":\"Again?\"}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().statusCode(200).extract().path("approval_request.uuid");
        JsonPath again = listed(device, second);
        ApprovalRequest stored = QuarkusTransaction.requiringNew().call(() -> ApprovalRequest.findById(UUID.fromString(second)));
        device.approveWithNumber(second, again.getString("shown"), again.getString("nonce"), stored.numberMatch)
                .statusCode(200).body("approval_request.status", equalTo("approved"));
    }

    @Test
    void aRequestWithoutLogosShowsTheApplicationsAsTheyWereWhenItWasMade() {
        String key = "app-logos-test-key-0123456789abcdefghijk";
        long app = TestIds.applicationId();
        ApplicationChanged defaults = TestApplications.withDefaults(app, "Logos", key);
        List<Logo> logos = List.of(new Logo("default", "https://logos.example/app.png"),
                new Logo("low", "https://logos.example/app-small.png"));
        TestApplications.publish(new ApplicationChanged(app, 1, defaults.name(), defaults.apiKeySha256(), null, 7, true,
                true, true, true, false, null, "POST", null, List.of(), null, null, false, false, 0, null, logos));
        long authyId = user(app);
        TestDevice device = TestDevice.registeredFor(authyId, app);

        String plain = given().header("X-Authy-API-Key", key).contentType(ContentType.JSON).body("{\"message\":\"Log in?\"}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().statusCode(200).extract().path("approval_request.uuid");
        String own = given().header("X-Authy-API-Key", key).contentType(ContentType.JSON)
                .body("{\"message\":\"Pay?\",\"logos\":[{\"res\":\"default\",\"url\":\"https://shop.example/l.png\"}]}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().statusCode(200).extract().path("approval_request.uuid");
        JsonPath shownPlain = listed(device, plain);
        assertTrue(shownPlain.getString("shown_content").contains(
                "\"logos\":[{\"res\":\"default\",\"url\":\"https://logos.example/app.png\"},"
                        + "{\"res\":\"low\",\"url\":\"https://logos.example/app-small.png\"}]"),
                shownPlain.getString("shown_content"));
        JsonPath shownOwn = listed(device, own);
        assertTrue(shownOwn.getString("shown_content").contains("\"logos\":[{\"res\":\"default\",\"url\":\"https://shop.example/l.png\"}]"),
                shownOwn.getString("shown_content"));
        ApprovalRequest stored = QuarkusTransaction.requiringNew().call(() -> ApprovalRequest.findById(UUID.fromString(plain)));
        assertNull(stored.logos, "callbacks carry the request's own logos: none");

        // the application's logos change; what the device showed (and signs the hash of) does not move
        TestApplications.publish(new ApplicationChanged(app, 2, defaults.name(), defaults.apiKeySha256(), null, 7, true,
                true, true, true, false, null, "POST", null, List.of(), null, null, false, false, 0, null,
                List.of(new Logo("default", "https://logos.example/rebranded.png"))));
        device.decide(plain, shownPlain.getString("shown"), shownPlain.getString("nonce"), "approved", "")
                .statusCode(200).body("approval_request.status", equalTo("approved"));
    }

    @Test
    void logosNeedAKnownResolutionAndAnHttpUrl() {
        long authyId = user(APP);
        TestDevice.registeredFor(authyId, APP);
        given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON)
                .body("{\"message\":\"Hi\",\"logos\":[{\"res\":\"huge\",\"url\":\"https://x.example/a.png\"}]}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().statusCode(400).body("error_code", equalTo("60004"));
        given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON)
                .body("{\"message\":\"Hi\",\"logos\":[{\"res\":\"default\",\"url\":\"javascript:alert(1)\"}]}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().statusCode(400).body("error_code", equalTo("60004"));
    }

    @Test
    void openRequestsPerUserAreCapped() throws Exception {
        long authyId = user(APP);
        TestDevice.registeredFor(authyId, APP);
        for (int i = 0; i < 5; i++) {
            create(authyId);
        }
        given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON).body("{\"message\":\"One more?\"}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().statusCode(429).body("error_code", equalTo("60003"));
    }
}
