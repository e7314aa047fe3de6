package io.latchkey.user.user;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.latchkey.user.user.UsersApiTest.authy;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.events.users.UserChanged;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.latchkey.user.ProcessedEventsProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** users events out, verifications/devices/deliveries events in, on the real broker; repeats change nothing. */
@QuarkusTest
class UserEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void bootstrapApplicationIsProjected() {
        await().atMost(TIMEOUT).untilAsserted(() -> authy().when().get("/protected/json/app/details").then().statusCode(200));
    }

    @Test
    void registrationAndRemovalArePublished() {
        TestIds.Phone phone = TestIds.phone();
        long id = ((Number) authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"ev@example.com\",\"cellphone\":\"" + phone.dashed()
                        + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new").then().statusCode(200).extract().path("user.id")).longValue();

        Event<UserChanged> registered = TestEvents.await(Topics.USERS, UserChanged.class,
                event -> event.payload().authyId() == id, TIMEOUT);
        assertEquals(UserChanged.TYPE_UPSERTED, registered.type());
        assertEquals(new UserChanged(id, registered.payload().applicationId(), 1, 1, phone.e164(), "ev@example.com",
                false, false), registered.payload());
        Event<DeliveryRequested> installLink = TestEvents.await(Topics.DELIVERIES_REQUESTED, DeliveryRequested.class,
                event -> id == (event.payload().authyId() == null ? -1 : event.payload().authyId()), TIMEOUT);
        assertEquals(DeliveryRequested.Kind.INSTALL_LINK, installLink.payload().kind());
        assertEquals(phone.e164(), installLink.payload().destination());
        assertNull(installLink.payload().code());
        assertEquals("https://authy.com/download/", installLink.payload().actionMessage(), "the link the notifier sends");

        authy().when().post("/protected/json/users/" + id + "/remove").then().statusCode(200);
        Event<UserChanged> removed = TestEvents.await(Topics.USERS, UserChanged.class,
                event -> event.payload().authyId() == id && event.payload().revision() == 2, TIMEOUT);
        assertEquals(UserChanged.TYPE_REMOVED, removed.type());
        assertTrue(removed.payload().deleted());
    }

    @Test
    void firstValidVerificationRegistersTheUserOnce() {
        long id = UsersApiTest.create("verified@example.com", TestIds.phone().dashed(), "1");
        long applicationId = QuarkusTransaction.requiringNew().call(() -> User.<User> findById(id).applicationId);
        Event<VerificationChecked> invalid = Event.of(VerificationChecked.TYPE, VerificationChecked.SCHEMA_VERSION,
                new VerificationChecked(id, applicationId, VerificationChecked.Outcome.INVALID, VerificationChecked.Method.UNKNOWN));
        Event<VerificationChecked> valid = Event.of(VerificationChecked.TYPE, VerificationChecked.SCHEMA_VERSION,
                new VerificationChecked(id, applicationId, VerificationChecked.Outcome.VALID, VerificationChecked.Method.SMS));

        // each status call comes right after the publish, as a client's would after token-service answered
        TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(id), invalid);
        authy().when().get("/protected/json/users/" + id + "/status").then().body("status.registered", equalTo(false));
        assertTrue(processed(invalid.id()), "status waited for the consumer to apply the verification");

        TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(id), valid);
        authy().when().get("/protected/json/users/" + id + "/status")
                .then().body("status.registered", equalTo(true)).body("status.confirmed", equalTo(true));
        Event<UserChanged> nowRegistered = TestEvents.await(Topics.USERS, UserChanged.class,
                event -> event.payload().authyId() == id && event.payload().registered(), TIMEOUT);
        assertEquals(2, nowRegistered.payload().revision());

        Event<VerificationChecked> laterValid = Event.of(VerificationChecked.TYPE, VerificationChecked.SCHEMA_VERSION,
                valid.payload());
        TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(id), laterValid);
        await().atMost(TIMEOUT).until(() -> processed(laterValid.id()));
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> User.<User> findById(id).revision),
                "already registered: no new revision, no new event");

        // a redelivery is recognised by its event id alone: dressed as a valid code of another, unregistered user
        // it must not register that user (an effect that only the duplicate check prevents)
        long other = UsersApiTest.create("verified-other@example.com", TestIds.phone().dashed(), "1");
        Event<VerificationChecked> redelivered = new Event<>(valid.id(), valid.type(), valid.occurredAt(),
                valid.schemaVersion(), new VerificationChecked(other, applicationId, VerificationChecked.Outcome.VALID,
                        VerificationChecked.Method.SMS));
        TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(other), redelivered);
        Event<VerificationChecked> after = Event.of(VerificationChecked.TYPE, VerificationChecked.SCHEMA_VERSION,
                new VerificationChecked(other, applicationId, VerificationChecked.Outcome.INVALID,
                        VerificationChecked.Method.UNKNOWN));
        TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(other), after);
        authy().when().get("/protected/json/users/" + other + "/status").then().body("status.registered", equalTo(false));
        assertTrue(processed(after.id()), "the event behind the redelivery was applied, so the redelivery was seen");
    }

    @Test
    void devicesAppearInStatusAndRepeatsChangeNothing() {
        long id = UsersApiTest.create("device@example.com", TestIds.phone().dashed(), "1");
        long applicationId = QuarkusTransaction.requiringNew().call(() -> User.<User> findById(id).applicationId);
        long deviceId = 900_000 + id;
        Event<DeviceChanged> added = Event.of(DeviceChanged.TYPE_REGISTERED, DeviceChanged.SCHEMA_VERSION,
                new DeviceChanged(deviceId, id, applicationId, "android", "MFkw", "EC_P256", DeviceChanged.Status.REGISTERED));

        TestEvents.publish(Topics.DEVICES, String.valueOf(id), added);
        TestEvents.publish(Topics.DEVICES, String.valueOf(id), added);
        authy().when().get("/protected/json/users/" + id + "/status")
                .then().body("status.devices", equalTo(List.of("android"))).body("status.registered", equalTo(true));

        Event<DeviceChanged> removed = Event.of(DeviceChanged.TYPE_REMOVED, DeviceChanged.SCHEMA_VERSION,
                new DeviceChanged(deviceId, id, applicationId, "android", null, null, DeviceChanged.Status.REMOVED));
        TestEvents.publish(Topics.DEVICES, String.valueOf(id), removed);
        authy().when().get("/protected/json/users/" + id + "/status").then().body("status.devices", hasSize(0));

        // the registration redelivered after the removal: only the duplicate check keeps the device gone
        TestEvents.publish(Topics.DEVICES, String.valueOf(id), added);
        authy().when().get("/protected/json/users/" + id + "/status").then().body("status.devices", hasSize(0));
    }

    @Test
    void monthlyStatsCountUsersCallsSmsAndAuthentications() {
        String key = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Stats\"}").when().post("/admin/applications")
                .then().statusCode(201).extract().path("api_key");
        long applicationId = ((Number) given().header("X-Authy-API-Key", key).when()
                .get("/protected/json/app/details").then().extract().path("app.app_id")).longValue();
        TestIds.Phone phone = TestIds.phone();
        long authyId = TestIds.authyId(); // the deliveries and the verification below count, whoever they are for
        given().header("X-Authy-API-Key", key).contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"s@example.com\",\"cellphone\":\"" + phone.dashed()
                        + "\",\"country_code\":\"1\"},\"send_install_link_via_sms\":false}")
                .when().post("/protected/json/users/new").then().statusCode(200);
        for (DeliveryRequested.Channel channel : List.of(DeliveryRequested.Channel.SMS, DeliveryRequested.Channel.SMS,
                DeliveryRequested.Channel.VOICE)) {
            Event<DeliveryRequested> delivery = Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION,
                    new DeliveryRequested(UUID.randomUUID(), applicationId, authyId, channel, phone.e164(), null,
                            DeliveryRequested.Kind.OTP, null, null, "sealed-code"));
            TestEvents.publish(Topics.DELIVERIES_REQUESTED, String.valueOf(authyId), delivery);
            TestEvents.publish(Topics.DELIVERIES_REQUESTED, String.valueOf(authyId), delivery); // counted once
        }
        TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(authyId), Event.of(VerificationChecked.TYPE,
                VerificationChecked.SCHEMA_VERSION, new VerificationChecked(authyId, applicationId,
                        VerificationChecked.Outcome.VALID, VerificationChecked.Method.SMS)));

        await().atMost(TIMEOUT).untilAsserted(() -> given().header("X-Authy-API-Key", key)
                .when().get("/protected/json/app/stats").then().statusCode(200)
                .body("app_id", equalTo((int) applicationId))
                .body("count", equalTo(12))
                .body("total_users", equalTo(1))
                .body("message", equalTo("Monthly statistics."))
                .body("stats", hasSize(12))
                .body("stats[0].sms_count", equalTo(2))
                .body("stats[0].calls_count", equalTo(1))
                .body("stats[0].auths_count", equalTo(1))
                .body("stats[0].users_count", equalTo(1))
                .body("stats[1].users_count", equalTo(0))
                // details, users/new and stats calls here (flushed every second in tests), 3 deliveries, 1 verification
                .body("stats[0].api_calls_count", greaterThanOrEqualTo(7)));
        // exactly the seven keys authy-client accepts
        java.util.Map<String, Object> month = given().header("X-Authy-API-Key", key).when().get("/protected/json/app/stats")
                .then().extract().path("stats[0]");
        assertEquals(java.util.Set.of("month", "year", "api_calls_count", "auths_count", "calls_count", "sms_count",
                "users_count"), month.keySet());
        assertFalse(month.get("month").toString().isBlank());
    }

    private boolean processed(UUID eventId) {
        return ProcessedEventsProbe.processed(entityManager, eventId);
    }
}
