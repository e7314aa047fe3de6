package io.latchkey.push.device;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.devices.DeviceNotificationRequested;
import io.latchkey.events.users.UserChanged;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * A device's long-poll: parked without a thread, answered as soon as something for its user is on the
 * {@code approvals} or {@code devices.notifications} topic, whichever instance put it there. Each poll here
 * asks to wait 30 s and must be answered well before (a poll woken only by its deadline fails these tests).
 */
@QuarkusTest
class LongPollTest {

    private static final String KEY = "long-poll-test-key-0123456789abcdefghijk";
    private static final long APP = TestIds.applicationId();
    /** Far below the poll's 30 s: an answer within it was woken, not timed out. */
    private static final Duration WOKEN_WITHIN = Duration.ofSeconds(15);
    private static boolean published;

    @Inject
    DeviceWakeups wakeups;

    @BeforeEach
    void application() {
        if (!published) {
            TestApplications.publish(APP, "Long Poll App", KEY);
            published = true;
        }
    }

    private static TestDevice device() {
        long authyId = TestIds.authyId();
        TestEvents.publish(UserChanged.of(authyId, APP, 1, 1, TestIds.phone().e164(), "lp" + authyId + "@example.com", true));
        return TestDevice.registeredFor(authyId, APP);
    }

    private CompletableFuture<ExtractableResponse<Response>> park(TestDevice device) {
        return park(device, null);
    }

    private CompletableFuture<ExtractableResponse<Response>> park(TestDevice device, String seen) {
        int before = wakeups.parkedCount();
        CompletableFuture<ExtractableResponse<Response>> poll = CompletableFuture.supplyAsync(
                () -> device.pending(30, seen).statusCode(200).extract());
        await().atMost(WOKEN_WITHIN).until(() -> wakeups.parkedCount() > before);
        return poll;
    }

    @Test
    void aNewRequestWakesTheParkedPoll() {
        TestDevice device = device();
        device.pending(0).statusCode(200).body("approval_requests", hasSize(0)); // no wait: answered at once

        CompletableFuture<ExtractableResponse<Response>> poll = park(device);
        String uuid = given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON).body("{\"message\":\"Wake?\"}")
                .when().post("/onetouch/json/users/" + device.authyId + "/approval_requests")
                .then().statusCode(200).extract().path("approval_request.uuid");

        await().atMost(WOKEN_WITHIN).until(poll::isDone);
        List<String> listed = poll.join().path("approval_requests.uuid");
        assertEquals(List.of(uuid), listed);
    }

    @Test
    void aDeviceShowingARequestLearnsAtOnceThatAnotherDeviceAnsweredIt() {
        TestDevice phone = device();
        TestDevice tablet = TestDevice.registeredFor(phone.authyId, APP);
        String uuid = given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON).body("{\"message\":\"Which one?\"}")
                .when().post("/onetouch/json/users/" + phone.authyId + "/approval_requests")
                .then().statusCode(200).extract().path("approval_request.uuid");
        ExtractableResponse<Response> shown = tablet.pending(0).statusCode(200).extract();
        assertEquals(List.of(uuid), shown.path("approval_requests.uuid"));
        // with the digest of what it shows, the tablet's poll waits instead of repeating the same list
        CompletableFuture<ExtractableResponse<Response>> poll = park(tablet, shown.path("digest"));

        ExtractableResponse<Response> onPhone = phone.pending(0).statusCode(200).extract();
        phone.decide(uuid, onPhone.path("approval_requests[0].shown"), onPhone.path("approval_requests[0].nonce"), "approved", "")
                .statusCode(200);

        await().atMost(WOKEN_WITHIN).until(poll::isDone);
        assertEquals(List.of(), poll.join().path("approval_requests.uuid"), "answered elsewhere: no longer to show");
        assertNotEquals(shown.path("digest"), (String) poll.join().path("digest"));
    }

    @Test
    void aNudgeWakesThePollAndIsHandedOverOnce() {
        TestDevice device = device();
        CompletableFuture<ExtractableResponse<Response>> poll = park(device);
        // as token-service publishes it when an sms is answered "ignored"
        TestEvents.publish(new DeviceNotificationRequested(device.deviceId, device.authyId, APP, "android", "sms"));

        await().atMost(WOKEN_WITHIN).until(poll::isDone);
        assertEquals(List.of("sms"), poll.join().path("notifications.reason"));
        device.pending(0).statusCode(200).body("notifications", hasSize(0));
    }

    @Test
    void aDeviceThatGoesAwayLeavesNoParkedPoll() {
        TestDevice device = device();
        int before = wakeups.parkedCount();
        // the device's connection drops while its poll is parked (a client timeout well before the 30 s)
        CompletableFuture<?> poll = CompletableFuture.runAsync(() -> device.pendingWithClientTimeout(30, Duration.ofSeconds(2)));
        await().atMost(WOKEN_WITHIN).until(() -> wakeups.parkedCount() > before);
        await().atMost(WOKEN_WITHIN).until(poll::isDone);
        await().atMost(WOKEN_WITHIN).until(() -> wakeups.parkedCount() == before);
    }

    @Test
    void aChangePublishedByAnotherInstanceWakesThePoll() {
        TestDevice device = device();
        CompletableFuture<ExtractableResponse<Response>> poll = park(device);
        // an approvals event this instance did not produce, as another push-service instance's outbox sends it
        TestEvents.publish(new ApprovalRequestChanged(UUID.randomUUID(), APP, device.authyId,
                ApprovalRequestChanged.Status.APPROVED));

        await().atMost(WOKEN_WITHIN).until(poll::isDone);
        assertFalse(poll.isCompletedExceptionally());
        device.pending(0).statusCode(200).body("success", equalTo(true));
    }
}
