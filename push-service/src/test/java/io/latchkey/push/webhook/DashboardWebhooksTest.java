package io.latchkey.push.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.events.phoneverifications.PhoneVerificationChanged;
import io.latchkey.events.users.UserChanged;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.push.delivery.DeliverySender;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.testkit.DashboardClient;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The dashboard webhooks API (docs/authy-api.md rows 20-22, §4) through a client written from the
 * documentation, and the events it subscribes to delivered to a real HTTP endpoint on loopback: a form POST
 * whose {@code body} is a JWT that a standard library (jose4j) verifies with the webhook's key, plus the
 * Standard Webhooks headers. Events come from the real topics, published as the services publish them.
 */
@QuarkusTest
class DashboardWebhooksTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    @Inject
    SecretCipher cipher;

    @Inject
    DeliverySender sender;

    @Inject
    ProjectionCatchUp catchUp;

    @Inject
    EntityManager entityManager;

    @TestHTTPResource("/")
    String base;

    record Received(String path, String jwt, Map<String, String> headers, String form) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    @BeforeAll
    static void endpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String jwt = null;
            for (String pair : form.split("&")) {
                if (pair.startsWith("body=")) {
                    jwt = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
            String path = exchange.getRequestURI().getPath();
            RECEIVED.add(new Received(path, jwt, headers, form));
            exchange.sendResponseHeaders(path.startsWith("/gone") ? 410 : path.startsWith("/down") ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static List<Received> at(String path) {
        return RECEIVED.stream().filter(received -> received.path().equals(path)).toList();
    }

    /** An application with its three keys sealed as user-service seals them, and a client holding them. */
    private DashboardClient application(long app) {
        String apiKey = ApiKeys.generate();
        String accessKey = ApiKeys.generate();
        String signingKey = ApiKeys.generate();
        ApplicationChanged defaults = TestApplications.withDefaults(app, "Webhooks " + app, apiKey);
        TestApplications.publish(new ApplicationChanged(app, 1, defaults.name(), defaults.apiKeySha256(),
                cipher.seal(apiKey, ApplicationChanged.SealingContexts.apiKey(app)), 7, true, true, true, true, false,
                null, "POST", null, List.of(), cipher.seal(accessKey, ApplicationChanged.SealingContexts.accessKey(app)),
                cipher.seal(signingKey, ApplicationChanged.SealingContexts.signingKey(app)), false));
        return new DashboardClient(base.replaceAll("/$", ""), apiKey, accessKey, signingKey);
    }

    @Test
    void createListAndDeleteAnswerTheContractsShapes() {
        long app = TestIds.applicationId();
        DashboardClient client = application(app);

        DashboardClient.Answer created = client.create("user added", url("/crud"), "user_added", "token_verified");
        assertEquals(200, created.status(), created.body());
        String id = created.json().getString("webhook.id");
        String signingKey = created.json().getString("webhook.signing_key");
        assertTrue(id.matches("WH_[0-9a-f]{32}"), id);
        assertTrue(signingKey.startsWith("WSK_") && signingKey.length() > 40, "a webhook signing key");
        assertEquals(List.of("webhook", "message", "success"), new ArrayList<>(created.json().getMap("").keySet()));
        assertEquals(List.of("id", "name", "account_sid", "service_id", "url", "signing_key", "events", "creation_date"),
                new ArrayList<>(created.json().getMap("webhook").keySet()));
        assertEquals("user added", created.json().getString("webhook.name"));
        assertEquals(url("/crud"), created.json().getString("webhook.url"));
        assertEquals(List.of("user_added", "token_verified"), created.json().getList("webhook.events"));
        assertEquals(String.valueOf(app), created.json().getString("webhook.service_id"));
        assertTrue(created.json().getString("webhook.account_sid").matches("AC[0-9a-f]{32}"));
        assertEquals("Webhook created", created.json().getString("message"));
        assertTrue(created.json().getBoolean("success"));

        DashboardClient.Answer listed = client.list();
        assertEquals(200, listed.status(), listed.body());
        assertEquals(1, listed.json().getList("webhooks").size());
        assertEquals(created.json().getMap("webhook"), listed.json().getMap("webhooks[0]"));

        DashboardClient.Answer deleted = client.delete(id);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals("{\"message\":\"Webhook deleted\",\"success\":true}", deleted.body());
        assertEquals(0, client.list().json().getList("webhooks").size());
        DashboardClient.Answer again = client.delete(id);
        assertEquals(404, again.status());
        assertEquals("60100", again.json().getString("error_code"));
    }

    @Test
    void keysSignaturesAndNoncesAreChecked() {
        DashboardClient client = application(TestIds.applicationId());
        String path = "/dashboard/json/application/webhooks";

        DashboardClient wrongApiKey = new DashboardClient(client.baseUrl, "no-such-key", client.accessKey, client.signingKey);
        assertError(wrongApiKey.list(), 401, "60001");
        assertError(client.send("GET", path, List.of(Map.entry("app_api_key", client.apiKey)), DashboardClient.nextNonce()),
                401, "60071");
        DashboardClient wrongAccessKey = new DashboardClient(client.baseUrl, client.apiKey, "wrong", client.signingKey);
        assertError(wrongAccessKey.list(), 401, "60072");
        DashboardClient wrongSigningKey = new DashboardClient(client.baseUrl, client.apiKey, client.accessKey, "wrong");
        assertError(wrongSigningKey.list(), 401, "60087");
        // signed for another URL (the signature covers the path)
        String nonce = DashboardClient.nextNonce();
        assertError(client.send("GET", path, client.keys(), nonce,
                client.signature("GET", client.baseUrl + path + "/other", client.keys(), nonce)), 401, "60087");
        // signed for another method
        String otherNonce = DashboardClient.nextNonce();
        assertError(client.send("GET", path, client.keys(), otherNonce,
                client.signature("POST", client.baseUrl + path, client.keys(), otherNonce)), 401, "60087");

        String used = DashboardClient.nextNonce();
        assertEquals(200, client.send("GET", path, client.keys(), used).status());
        DashboardClient.Answer replayed = client.send("GET", path, client.keys(), used);
        assertError(replayed, 401, "60087");
        assertEquals("Invalid signature: the nonce was already used", replayed.json().getString("message"));

        // malformed input is an Authy error, never a server error
        given().contentType("application/x-www-form-urlencoded").body("app_api_key=%zz&access_key=x").when().post(path)
                .then().statusCode(400).body("error_code", equalTo("60002"));
        given().contentType("application/json").body("[1,2]").when().post(path)
                .then().statusCode(400).body("error_code", equalTo("60002"));

        assertError(client.create("x", url("/x"), "no_such_event"), 400, "60098");
        assertError(client.create("x", "ftp://example.com/x", "user_added"), 400, "60098");
        assertError(client.create("x", url("/x")), 400, "60098");
    }

    private static void assertError(DashboardClient.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(code, answer.json().getString("error_code"), answer.body());
        assertFalse(answer.json().getBoolean("success"));
        assertNotNull(answer.json().getString("message"));
    }

    @Test
    @TestSecurity(user = "operator", roles = OperatorRoles.ADMIN, augmentors = OperatorRoles.class)
    void subscribedEventsArriveAsJwtsSignedWithTheWebhooksKey() throws Exception {
        long app = TestIds.applicationId();
        DashboardClient client = application(app);
        DashboardClient.Answer created = client.create("events", url("/events"), "user_added", "token_verified",
                "too_many_code_verifications", "phone_verification_code_is_valid");
        String webhookId = created.json().getString("webhook.id");
        String signingKey = created.json().getString("webhook.signing_key");

        long authyId = TestIds.authyId();
        TestEvents.publish(UserChanged.of(authyId, app, 1, 44, TestIds.phone().e164(), "wh" + authyId + "@example.com", false));
        TestEvents.publish(new DeviceChanged(TestIds.deviceId(), authyId, app, "android", null, null,
                DeviceChanged.Status.REGISTERED)); // not subscribed
        TestEvents.publish(new VerificationChecked(authyId, app, VerificationChecked.Outcome.VALID,
                VerificationChecked.Method.AUTHENTICATOR_APP));
        TestEvents.publish(new VerificationChecked(authyId, app, VerificationChecked.Outcome.LOCKED_OUT,
                VerificationChecked.Method.UNKNOWN));

        TestEvents.publish(new PhoneVerificationChanged(UUID.randomUUID(), app, 44, PhoneVerificationChanged.Outcome.CODE_VALID, null));

        await().atMost(TIMEOUT).until(() -> at("/events").size() >= 4);
        JwtConsumer jwts = new JwtConsumerBuilder().setVerificationKey(new HmacKey(signingKey.getBytes(StandardCharsets.UTF_8)))
                .setRequireIssuedAt().setRequireJwtId().setExpectedIssuer("latchkey").build();
        List<String> names = new ArrayList<>();
        for (Received received : at("/events")) {
            JwtClaims claims = jwts.processToClaims(received.jwt());
            names.add(claims.getStringClaimValue("event"));
            if (claims.getStringClaimValue("event").startsWith("phone_verification")) {
                Map<?, ?> verification = (Map<?, ?>) ((Map<?, ?>) claims.getClaimValue("objects")).get("phone_verification");
                assertEquals("44", verification.get("s_country_code"));
                continue;
            }
            assertEquals(received.header("webhook-id"), claims.getJwtId(), "jti is the delivery's webhook-id");
            Map<?, ?> objects = (Map<?, ?>) claims.getClaimValue("objects");
            assertEquals(String.valueOf(app), ((Map<?, ?>) objects.get("app")).get("s_app_id"));
            Map<?, ?> user = (Map<?, ?>) objects.get("user");
            assertEquals(String.valueOf(authyId), user.get("s_authy_id"));
            assertEquals("44", user.get("s_country_code"));
            assertEquals(standardWebhooksSignature(signingKey, received), received.header("webhook-signature"));
            assertFalse(received.form().contains(TestIds.phone().e164().substring(1)), "no phone number");
        }
        // deliveries go out in parallel, so not necessarily in order; the unsubscribed device registration is left out
        assertEquals(List.of("phone_verification_code_is_valid", "token_verified", "too_many_code_verifications", "user_added"),
                names.stream().sorted().toList());

        // redelivery of a past event by its id: the same webhook-id again
        Received first = at("/events").get(0);
        String eventId = (String) ((Map<?, ?>) jwts.processToClaims(first.jwt()).getClaimValue("request")).get("id");
        given().when().post("/admin/webhooks/" + webhookId + "/events/" + eventId + "/redeliver").then().statusCode(200)
                .body("state", equalTo("PENDING")).body("webhook_id", equalTo(webhookId));
        await().atMost(TIMEOUT).until(() -> at("/events").size() == 5);
        assertEquals(first.header("webhook-id"), at("/events").get(4).header("webhook-id"));

        // "send a test event"
        given().when().post("/admin/webhooks/" + webhookId + "/test").then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> at("/events").size() == 6);
        assertEquals("webhook_test", jwts.processToClaims(at("/events").get(5).jwt()).getStringClaimValue("event"));
        given().when().get("/admin/webhooks/" + webhookId + "/deliveries").then().statusCode(200)
                .body("[0].state", equalTo("DELIVERED")).body("[0].history[0].http_status", equalTo(204));
    }

    /**
     * Most applications have no webhook, and every user, code and delivery of theirs passes the webhook consumer:
     * it keeps no processed-event row for them, only for the events of applications with a webhook, which it
     * delivers once however often Kafka hands them over.
     */
    @Test
    void eventsOfAnApplicationWithoutWebhooksLeaveNoProcessedEvent() {
        long withWebhook = TestIds.applicationId();
        application(withWebhook).create("counted", url("/counted"), "user_added");
        long without = TestIds.applicationId();

        long authyId = TestIds.authyId();
        var ofItsOwn = TestEvents.publish(UserChanged.of(authyId, withWebhook, 1, 44, TestIds.phone().e164(),
                "counted" + authyId + "@example.com", false));
        var ofNone = TestEvents.publish(UserChanged.of(TestIds.authyId(), without, 1, 44, TestIds.phone().e164(),
                "none" + authyId + "@example.com", false));

        assertEquals(ProjectionCatchUp.Outcome.CAUGHT_UP, catchUp.awaitTopic(WebhookEventsConsumer.CONSUMER, Topics.USERS));
        assertEquals(1, processedEvents(ofItsOwn.id()));
        assertEquals(0, processedEvents(ofNone.id()));
    }

    private long processedEvents(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from processed_event where consumer = ?1 and event_id = ?2")
                .setParameter(1, WebhookEventsConsumer.CONSUMER).setParameter(2, eventId).getSingleResult()).longValue());
    }

    @Test
    @TestSecurity(user = "operator", roles = OperatorRoles.ADMIN, augmentors = OperatorRoles.class)
    void anEndpointAnswering410IsDisabledAndTheOperatorSeesWhy() {
        long app = TestIds.applicationId();
        DashboardClient client = application(app);
        String webhookId = client.create("gone", url("/gone"), "user_added").json().getString("webhook.id");

        TestEvents.publish(UserChanged.of(TestIds.authyId(), app, 1, 1, TestIds.phone().e164(), "gone@example.com", false));
        await().atMost(TIMEOUT).untilAsserted(() -> given().queryParam("app_id", app).when().get("/admin/webhooks")
                .then().statusCode(200).body("[0].state", equalTo("DISABLED"))
                .body("[0].disabled_reason", equalTo("the endpoint answered 410 Gone")));
        assertEquals(1, at("/gone").size(), "no retry after 410");
        // the overview's figures: one endpoint disabled, nothing failing or waiting
        given().when().get("/admin/webhooks/stats").then().statusCode(200)
                .body("applications.find { it.app_id == " + app + " }.disabled_endpoints", equalTo(1))
                .body("applications.find { it.app_id == " + app + " }.failing_endpoints", equalTo(0))
                .body("applications.find { it.app_id == " + app + " }.backlog", equalTo(0));

        TestEvents.publish(UserChanged.of(TestIds.authyId(), app, 1, 1, TestIds.phone().e164(), "gone2@example.com", false));
        // the event happened while the webhook was disabled: it must be consumed before the enable, or it would
        // (rightly) go to the enabled webhook and race the test event to the endpoint
        assertEquals(ProjectionCatchUp.Outcome.CAUGHT_UP, catchUp.awaitTopic(WebhookEventsConsumer.CONSUMER, Topics.USERS));
        given().when().post("/admin/webhooks/" + webhookId + "/enable").then().statusCode(200).body("state", equalTo("ENABLED"));
        given().when().post("/admin/webhooks/" + webhookId + "/test").then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> at("/gone").size() == 2);
    }

    @Test
    @TestSecurity(user = "operator", roles = OperatorRoles.ADMIN, augmentors = OperatorRoles.class)
    void anEndpointFailingForLongerThanDisableAfterIsDisabled() {
        long app = TestIds.applicationId();
        DashboardClient client = application(app);
        client.create("down", url("/down"), "user_added");

        // latchkey.webhooks.disable-after is 1s in tests; six attempts with backoff take longer
        TestEvents.publish(UserChanged.of(TestIds.authyId(), app, 1, 1, TestIds.phone().e164(), "down@example.com", false));
        await().atMost(TIMEOUT).untilAsserted(() -> given().queryParam("app_id", app).when().get("/admin/webhooks")
                .then().statusCode(200).body("[0].state", equalTo("DISABLED"))
                .body("[0].disabled_reason", startsWith("every attempt failed since ")));
    }

    @Test
    @TestSecurity(user = "operator", roles = OperatorRoles.ADMIN, augmentors = OperatorRoles.class)
    void finishedDeliveriesAndTheirEventsArePurgedAfterTheRetention() {
        long app = TestIds.applicationId();
        DashboardClient client = application(app);
        String webhookId = client.create("purged", url("/purged"), "user_added").json().getString("webhook.id");
        TestEvents.publish(UserChanged.of(TestIds.authyId(), app, 1, 1, TestIds.phone().e164(), "purged@example.com", false));
        await().atMost(TIMEOUT).untilAsserted(() -> given().when().get("/admin/webhooks/" + webhookId + "/deliveries")
                .then().statusCode(200).body("[0].state", equalTo("DELIVERED")));
        String eventId = given().when().get("/admin/webhooks/" + webhookId + "/deliveries").then().extract().path("[0].event_id");

        // the hourly purge, as if the retention had passed
        QuarkusTransaction.requiringNew().run(() -> sender.purge(Instant.now().plusSeconds(1)));

        given().when().get("/admin/webhooks/" + webhookId + "/deliveries").then().statusCode(200).body("size()", equalTo(0));
        given().when().post("/admin/webhooks/" + webhookId + "/events/" + eventId + "/redeliver").then().statusCode(404);
    }

    private static String standardWebhooksSignature(String key, Received received) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((received.header("webhook-id") + "."
                + received.header("webhook-timestamp") + "." + received.form()).getBytes(StandardCharsets.UTF_8)));
    }
}
