package io.latchkey.user.application;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static io.latchkey.user.AdminRequests.asAdmin;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.outbox.OutboxMessage;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.latchkey.user.ProcessedEventsProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;

/**
 * HTTP in (admin API) -> row in PostgreSQL + outbox -> event on the real broker -> consumed by this
 * service's applications projection -> the new API key authenticates an Authy call.
 */
@QuarkusTest
class ApplicationRoundTripTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    @Inject
    EntityManager entityManager;

    @Test
    void createdApplicationReachesTheProjectionThroughKafka() {
        var created = asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"Acme\",\"token_length\":6,\"sms_enabled\":false}")
                .when().post("/admin/applications")
                .then().statusCode(201)
                .body("application.name", equalTo("Acme"))
                .body("application.token_length", equalTo(6))
                .extract();
        String apiKey = created.path("api_key");
        assertEquals(43, apiKey.length());
        long applicationId = ((Number) created.path("application.id")).longValue();

        Event<ApplicationChanged> published = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == applicationId, EVENT_TIMEOUT);
        assertEquals(ApiKeys.sha256Hex(apiKey), published.payload().apiKeySha256());
        assertFalse(EventJson.write(published).contains(apiKey), "the API key itself never travels");
        assertEquals(1, published.payload().revision());

        given().header("X-Authy-API-Key", apiKey)
                .when().get("/protected/json/app/details")
                .then().statusCode(200)
                .contentType("application/json; charset=utf-8")
                .body(equalTo("{\"app\":{\"app_id\":" + applicationId
                        + ",\"name\":\"Acme\",\"plan\":\"pay_as_you_go\",\"sms_enabled\":false,\"onetouch_enabled\":true},"
                        + "\"message\":\"Application information.\",\"success\":true}"));

        // the relay commits a batch once all of it is acknowledged, possibly after the consumer applied it
        await().atMost(EVENT_TIMEOUT).untilAsserted(() -> assertNotNull(QuarkusTransaction.requiringNew()
                .call(() -> OutboxMessage.<OutboxMessage> find("eventId", published.id()).firstResult().sentAt),
                "the relay marks a row sent once the broker acknowledged it"));
    }

    @Test
    void repeatedAndStaleEventsChangeNothing() {
        String before = "Before " + UUID.randomUUID(); // unique, also on a reused database
        String apiKey = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"" + before + "\"}")
                .when().post("/admin/applications")
                .then().statusCode(201).extract().path("api_key");
        long id = ((Number) asAdmin().when().get("/admin/applications")
                .then().extract().path("find { it.name == '" + before + "' }.id")).longValue();
        Event<ApplicationChanged> first = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id, EVENT_TIMEOUT);

        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"After\"}")
                .when().put("/admin/applications/" + id)
                .then().statusCode(200).body("revision", equalTo(2));
        awaitDetailsName(apiKey, "After");

        // the same event again, and an old revision under a new id (e.g. replayed by another producer)
        TestApplications.publish(first);
        Event<ApplicationChanged> stale = new Event<>(UUID.randomUUID(), first.type(), first.occurredAt(),
                first.schemaVersion(), first.payload());
        TestApplications.publish(stale); // as user-service would: answered once this service's consumer has it
        assertTrue(processed(stale.id()));
        awaitDetailsName(apiKey, "After");

        // a redelivery is recognised by its event id alone: the revision-2 event again, dressed as a newer
        // revision, changes nothing (without the duplicate check its revision would win)
        Event<ApplicationChanged> second = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id && event.payload().revision() == 2, EVENT_TIMEOUT);
        ApplicationChanged was = second.payload();
        ApplicationChanged dressed = new ApplicationChanged(was.applicationId(), 3, "Replayed", was.apiKeySha256(),
                was.apiKeyCiphertext(), was.tokenLength(), was.smsEnabled(), was.voiceEnabled(), was.onetouchEnabled(),
                was.genericAuthenticatorEnabled(), was.forceByDefault(), was.onetouchCallbackUrl(),
                was.onetouchCallbackMethod(), was.defaultLocale(), was.allowedCountries(), was.accessKeyCiphertext(),
                was.signingKeyCiphertext(), false);
        TestApplications.publish(new Event<>(second.id(), second.type(), second.occurredAt(), second.schemaVersion(), dressed));
        awaitDetailsName(apiKey, "After");
    }

    @Test
    void operatorsPageThroughTheApplicationsById() {
        List<Long> created = new ArrayList<>();
        for (String name : List.of("Paged one", "Paged two", "Paged three")) {
            created.add(((Number) asAdmin().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}")
                    .when().post("/admin/applications").then().statusCode(201).extract().path("application.id")).longValue());
        }
        asAdmin().queryParam("after", created.get(0) - 1).queryParam("limit", 2).when().get("/admin/applications")
                .then().statusCode(200).body("id", equalTo(List.of(created.get(0).intValue(), created.get(1).intValue())));
        asAdmin().queryParam("after", created.get(1)).queryParam("limit", 1).when().get("/admin/applications")
                .then().statusCode(200).body("name", equalTo(List.of("Paged three")));
        asAdmin().queryParam("limit", 501).when().get("/admin/applications").then().statusCode(400)
                .body("error_code", equalTo("60004"));
        // without a limit, all of them, as before
        assertTrue(asAdmin().when().get("/admin/applications").then().statusCode(200).extract().jsonPath()
                .getList("id").size() >= 3);
    }

    @Test
    void bootstrapApplicationFromConfigurationAuthenticates() {
        await().atMost(EVENT_TIMEOUT).untilAsserted(() -> given()
                .header("X-Authy-API-Key", "test-bootstrap-api-key-0123456789abcdef")
                .when().get("/protected/json/app/details")
                .then().statusCode(200).body("app.name", equalTo("Latchkey")));
    }

    private boolean processed(UUID eventId) {
        return ProcessedEventsProbe.processed(entityManager, eventId);
    }

    /** Right after the change, as a client calls: no waiting for the projection. */
    private static void awaitDetailsName(String apiKey, String name) {
        given().header("X-Authy-API-Key", apiKey)
                .when().get("/protected/json/app/details")
                .then().statusCode(200).body("app.name", equalTo(name));
    }
}
