package io.latchkey.user.application;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.EventJson;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.applications.ApplicationChanged.SealingContexts;
import io.latchkey.events.applications.Logo;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.latchkey.user.ProcessedEventsProbe;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Keys shown once, sealed everywhere else; rotation and deletion take effect in every projection. */
@QuarkusTest
class ApplicationKeysAndSettingsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    SecretCipher cipher;

    @Inject
    EntityManager entityManager;

    @Test
    void keysAreSealedInTheEventAndRotationRetiresTheOldKey() {
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Keys\"}")
                .when().post("/admin/applications").then().statusCode(201).extract();
        String apiKey = created.path("api_key");
        String accessKey = created.path("access_key");
        String signingKey = created.path("api_signing_key");
        long id = ((Number) created.path("application.id")).longValue();

        Event<ApplicationChanged> published = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id, TIMEOUT);
        String json = EventJson.write(published);
        for (String secret : List.of(apiKey, accessKey, signingKey)) {
            assertFalse(json.contains(secret), "no key travels in the clear");
        }
        assertEquals(apiKey, cipher.openString(published.payload().apiKeyCiphertext(), SealingContexts.apiKey(id)));
        assertEquals(accessKey, cipher.openString(published.payload().accessKeyCiphertext(), SealingContexts.accessKey(id)));
        assertEquals(signingKey, cipher.openString(published.payload().signingKeyCiphertext(), SealingContexts.signingKey(id)));
        awaitStatus(apiKey, 200);
        asAdmin().when().get("/admin/applications/" + id).then().statusCode(200)
                .body("api_key", equalTo(null)).body("name", equalTo("Keys"));

        String rotated = asAdmin().when().post("/admin/applications/" + id + "/api-key/rotate")
                .then().statusCode(200).extract().path("api_key");
        assertNotEquals(apiKey, rotated);
        awaitStatus(rotated, 200);
        awaitStatus(apiKey, 401);
        Event<ApplicationChanged> afterRotation = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id && event.payload().revision() == 2, TIMEOUT);
        assertEquals(rotated, cipher.openString(afterRotation.payload().apiKeyCiphertext(), SealingContexts.apiKey(id)));

        ExtractableResponse<Response> dashboard = asAdmin().when().post("/admin/applications/" + id + "/dashboard-keys/rotate")
                .then().statusCode(200).extract();
        assertNotEquals(accessKey, dashboard.path("access_key"));
        assertNotEquals(signingKey, dashboard.path("api_signing_key"));
    }

    @Test
    void deletedApplicationsStopAuthenticating() {
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Doomed\"}")
                .when().post("/admin/applications").then().statusCode(201).extract();
        String apiKey = created.path("api_key");
        long id = ((Number) created.path("application.id")).longValue();
        awaitStatus(apiKey, 200);

        asAdmin().when().delete("/admin/applications/" + id).then().statusCode(204);

        awaitStatus(apiKey, 401);
        asAdmin().when().get("/admin/applications/" + id).then().statusCode(404);
        asAdmin().when().delete("/admin/applications/" + id).then().statusCode(404);
        Event<ApplicationChanged> deleted = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id && event.payload().deleted(), TIMEOUT);
        assertEquals(ApplicationChanged.TYPE_DELETED, deleted.type());

        // an older upsert arriving late (a re-sent outbox row) must not bring the key back
        Event<ApplicationChanged> created1 = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id && event.payload().revision() == 1, TIMEOUT);
        Event<ApplicationChanged> late = Event.of(created1.type(), created1.schemaVersion(), created1.payload());
        TestApplications.publish(late); // as user-service would: answered once this service's consumer has it
        assertTrue(ProcessedEventsProbe.processed(entityManager, late.id()));
        given().header("X-Authy-API-Key", apiKey).when().get("/protected/json/app/details").then().statusCode(401);
    }

    @Test
    void settingsReachTheEventAndBadSettingsAreRefused() {
        long id = ((Number) asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Settings\"}")
                .when().post("/admin/applications").then().statusCode(201).extract().path("application.id")).longValue();

        asAdmin().contentType(ContentType.JSON).body("""
                {"token_length":8,"voice_enabled":false,"force_by_default":true,
                 "onetouch_callback_url":"https://app.example.com/authy/callback","onetouch_callback_method":"get",
                 "default_locale":"pt-BR","allowed_countries":["us","BR","US"]}""")
                .when().put("/admin/applications/" + id)
                .then().statusCode(200)
                .body("token_length", equalTo(8))
                .body("onetouch_callback_method", equalTo("GET"))
                .body("allowed_countries", equalTo(List.of("US", "BR")))
                .body("default_locale", equalTo("pt-BR"));

        ApplicationChanged change = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id && event.payload().revision() == 2, TIMEOUT).payload();
        assertEquals(8, change.tokenLength());
        assertFalse(change.voiceEnabled());
        assertEquals(true, change.forceByDefault());
        assertEquals("https://app.example.com/authy/callback", change.onetouchCallbackUrl());
        assertEquals("GET", change.onetouchCallbackMethod());
        assertEquals("pt-BR", change.defaultLocale());
        assertEquals(List.of("US", "BR"), change.allowedCountries());

        for (String bad : List.of("{\"onetouch_callback_method\":\"PUT\"}", "{\"onetouch_callback_url\":\"ftp://x\"}",
                "{\"default_locale\":\"not a locale\"}", "{\"allowed_countries\":[\"XX\"]}", "{\"token_length\":5}",
                "{\"name\":\"" + "n".repeat(300) + "\"}")) {
            asAdmin().contentType(ContentType.JSON).body(bad).when().put("/admin/applications/" + id)
                    .then().statusCode(400).body("error_code", equalTo("60004")).body("success", equalTo(false));
        }
    }

    @Test
    void anApplicationsInstallLinkIsWhatItsNewUsersGetAndItsLogosTravelToEveryService() {
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Branded\"}")
                .when().post("/admin/applications").then().statusCode(201).extract();
        String apiKey = created.path("api_key");
        long id = ((Number) created.path("application.id")).longValue();
        asAdmin().when().get("/admin/applications/" + id).then().statusCode(200)
                .body("install_link_url", equalTo(null)).body("onetouch_logos", equalTo(List.of()));

        asAdmin().contentType(ContentType.JSON).body("""
                {"install_link_url":"https://branded.example.com/get-the-app",
                 "onetouch_logos":[{"res":"default","url":"https://branded.example.com/logo.png"},
                                   {"res":"high","url":"https://branded.example.com/logo@3x.png"}]}""")
                .when().put("/admin/applications/" + id)
                .then().statusCode(200)
                .body("install_link_url", equalTo("https://branded.example.com/get-the-app"))
                .body("onetouch_logos.res", equalTo(List.of("default", "high")))
                .body("onetouch_logos[1].url", equalTo("https://branded.example.com/logo@3x.png"));
        ApplicationChanged change = TestEvents.await(Topics.APPLICATIONS, ApplicationChanged.class,
                event -> event.payload().applicationId() == id && event.payload().revision() == 2, TIMEOUT).payload();
        assertEquals("https://branded.example.com/get-the-app", change.installLinkUrl());
        assertEquals(List.of(new Logo("default", "https://branded.example.com/logo.png"),
                new Logo("high", "https://branded.example.com/logo@3x.png")), change.onetouchLogos());

        // right after the change, as a client would call: the new user's SMS points at the application's link
        assertEquals("https://branded.example.com/get-the-app", installLinkSentTo(apiKey));
        asAdmin().contentType(ContentType.JSON).body("{\"install_link_url\":\"\",\"onetouch_logos\":[]}")
                .when().put("/admin/applications/" + id)
                .then().statusCode(200).body("install_link_url", equalTo(null)).body("onetouch_logos", equalTo(List.of()));
        assertEquals("https://authy.com/download/", installLinkSentTo(apiKey), "the installation's link again");

        for (String bad : List.of("{\"install_link_url\":\"javascript:alert(1)\"}",
                "{\"onetouch_logos\":[{\"res\":\"high\",\"url\":\"https://x.example/a.png\"}]}",
                "{\"onetouch_logos\":[{\"res\":\"default\",\"url\":\"https://x.example/a.png\"},"
                        + "{\"res\":\"default\",\"url\":\"https://x.example/b.png\"}]}",
                "{\"onetouch_logos\":[{\"res\":\"huge\",\"url\":\"https://x.example/a.png\"}]}",
                "{\"onetouch_logos\":[{\"res\":\"default\",\"url\":\"file:///etc/passwd\"}]}")) {
            asAdmin().contentType(ContentType.JSON).body(bad).when().put("/admin/applications/" + id)
                    .then().statusCode(400).body("error_code", equalTo("60004")).body("success", equalTo(false));
        }
    }

    /** Registers a user with the application's key and answers the link of the install-link SMS requested for them. */
    private static String installLinkSentTo(String apiKey) {
        TestIds.Phone phone = TestIds.phone();
        long authyId = ((Number) given().header("X-Authy-API-Key", apiKey).contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"branded@example.com\",\"cellphone\":\"" + phone.dashed()
                        + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new").then().statusCode(200).extract().path("user.id")).longValue();
        return TestEvents.await(Topics.DELIVERIES_REQUESTED, DeliveryRequested.class,
                event -> event.payload().authyId() != null && event.payload().authyId() == authyId, TIMEOUT)
                .payload().actionMessage();
    }

    @Test
    void theBootstrapApplicationIsNotDeletedAndEmptyBodiesAreRefused() {
        String bootstrapKey = "test-bootstrap-api-key-0123456789abcdef";
        awaitStatus(bootstrapKey, 200);
        long id = ((Number) given().header("X-Authy-API-Key", bootstrapKey).when().get("/protected/json/app/details")
                .then().extract().path("app.app_id")).longValue();

        asAdmin().when().delete("/admin/applications/" + id).then().statusCode(400)
                .body("message", equalTo("Invalid parameter: id - the bootstrap application is managed by configuration"));
        awaitStatus(bootstrapKey, 200);
        asAdmin().contentType(ContentType.JSON).body("null").when().post("/admin/applications")
                .then().statusCode(400).body("success", equalTo(false));
        asAdmin().contentType(ContentType.JSON).when().post("/admin/applications")
                .then().statusCode(400).body("success", equalTo(false));
        asAdmin().contentType(ContentType.JSON).body("null").when().put("/admin/applications/" + id)
                .then().statusCode(400).body("success", equalTo(false));
    }

    /** Right after the admin call, as a client would: the key change is in effect at once. */
    private static void awaitStatus(String apiKey, int status) {
        given().header("X-Authy-API-Key", apiKey).when().get("/protected/json/app/details").then().statusCode(status);
    }
}
