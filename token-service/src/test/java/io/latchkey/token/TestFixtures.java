package io.latchkey.token;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.outbox.OutboxMessage;
import io.latchkey.events.users.UserChanged;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Puts applications and users on the real broker exactly as user-service does (each send waits for the
 * broker's acknowledgement, as user-service's answers do). Nothing waits for token-service's projections:
 * the next call comes at once, as a client's would, and must see them (docs/consistency.md).
 */
public final class TestFixtures {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestFixtures() {
    }

    /** Publishes the application; its key authenticates on the next call. */
    /**
     * An outbox row as Kafka's final refusal leaves it (parked, "record too large"): the relay never claims it,
     * so it stands for a row another instance holds until a test moves it on.
     */
    public static long parkedOutboxRow(Event<?> event, String topic, String key) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OutboxMessage row = new OutboxMessage();
            row.eventId = event.id();
            row.topic = topic;
            row.messageKey = key;
            row.eventType = event.type();
            row.payload = EventJson.write(event);
            row.createdAt = Instant.now();
            row.attempts = 1;
            row.lastError = "org.apache.kafka.common.errors.RecordTooLargeException";
            row.parkedAt = Instant.now();
            row.persist();
            return row.id;
        });
    }

    public static void application(ApplicationChanged application, String apiKey) {
        TestApplications.publish(application);
        given().header("X-Authy-API-Key", apiKey)
                .when().get("/protected/json/phones/verification/check")
                .then().statusCode(400); // authenticated: the missing parameters are what is wrong now
    }

    public static void application(long id, String name, String apiKey) {
        application(TestApplications.withDefaults(id, name, apiKey), apiKey);
    }

    /** Publishes a user (revision 1) of {@code applicationId}; token-service knows it on the next call. */
    public static void user(String apiKey, long authyId, long applicationId, int countryCode, String phoneE164,
            boolean registered) {
        UserChanged user = new UserChanged(authyId, applicationId, 1, countryCode, phoneE164,
                "user" + authyId + "@example.com", registered, false);
        TestEvents.publish(Topics.USERS, String.valueOf(authyId),
                Event.of(UserChanged.TYPE_UPSERTED, UserChanged.SCHEMA_VERSION, user));
        given().header("X-Authy-API-Key", apiKey)
                .when().get("/protected/json/users/" + authyId + "/devices")
                .then().statusCode(200);
    }

    /** The {@code n}th (1-based) delivery request of this kind for this user, waiting for it on the broker. */
    public static DeliveryRequested delivery(long authyId, DeliveryRequested.Kind kind, int n) {
        return delivery(payload -> Long.valueOf(authyId).equals(payload.authyId()) && payload.kind() == kind, n);
    }

    public static DeliveryRequested delivery(Predicate<DeliveryRequested> matching, int n) {
        AtomicInteger seen = new AtomicInteger();
        return opened(TestEvents.await(Topics.DELIVERIES_REQUESTED, DeliveryRequested.class,
                event -> matching.test(event.payload()) && seen.incrementAndGet() == n, TIMEOUT).payload());
    }

    /**
     * The request with its code opened, as the notifier opens it. On the broker the code is only ever
     * sealed: a request with a code in clear fails here.
     */
    public static DeliveryRequested opened(DeliveryRequested sealed) {
        if (sealed.code() != null) {
            throw new AssertionError("a delivery request carries its code in clear: " + sealed.deliveryId());
        }
        if (sealed.sealedCode() == null) {
            return sealed;
        }
        return sealed.withOpenedCode(Arc.container().instance(SecretCipher.class).get()
                .openString(sealed.sealedCode(), DeliveryRequested.codeSealingContext(sealed.deliveryId())));
    }

    /** A code of the given length that differs from {@code code} in every digit. */
    public static String wrong(String code) {
        StringBuilder other = new StringBuilder();
        for (char c : code.toCharArray()) {
            other.append((char) ('0' + (c - '0' + 5) % 10));
        }
        return other.toString();
    }
}
