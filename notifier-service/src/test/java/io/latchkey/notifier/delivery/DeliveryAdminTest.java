package io.latchkey.notifier.delivery;

import static io.latchkey.notifier.TestDeliveries.awaitStatus;
import static io.latchkey.notifier.TestDeliveries.publish;
import static io.latchkey.notifier.TestDeliveries.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryStatusChanged.Status;
import io.latchkey.notifier.FakeTwilio;
import io.latchkey.notifier.TestDeliveries;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The operator API with real signed bearer tokens from the WireMock OIDC provider. */
@QuarkusTest
class DeliveryAdminTest {

    private static final long APP = TestIds.applicationId();
    private static final String MESSAGES = ".*/Messages\\.json";

    @BeforeAll
    static void application() {
        TestDeliveries.application(APP, "Acme", "de", List.of());
    }

    @Test
    void anOperatorReadsADeliveryWithTheNumberMasked() {
        long authyId = TestIds.authyId();
        TestIds.Phone phone = TestIds.phone();
        DeliveryRequested request = request(APP, authyId, Channel.SMS, phone.e164(), null, "1234567");
        publish(request);
        String sid = awaitStatus(request.deliveryId(), Status.SENT).providerMessageId();

        given().auth().oauth2(operatorToken()).when().get("/admin/deliveries/" + request.deliveryId())
                .then().statusCode(200)
                .body("id", equalTo(request.deliveryId().toString()))
                .body("application_id", equalTo((int) APP))
                .body("authy_id", equalTo((int) authyId))
                .body("channel", equalTo("sms"))
                .body("kind", equalTo("otp"))
                .body("destination", equalTo("+1********" + phone.last(2)))
                .body("locale", equalTo("de"))
                .body("status", equalTo("sent"))
                .body("provider", equalTo("twilio"))
                .body("provider_message_id", equalTo(sid))
                .body("attempts", equalTo(1))
                .body("attempt_log", hasSize(1))
                .body("attempt_log[0].number", equalTo(1))
                .body("attempt_log[0].outcome", equalTo("sent"))
                .body("attempt_log[0].provider_message_id", equalTo(sid))
                .body("attempt_log[0].started_at", notNullValue())
                .body("attempt_log[0].finished_at", notNullValue())
                .body(not(containsString("1234567")))
                .body(not(containsString(phone.digits())));
    }

    @Test
    void everyAttemptIsInTheLogWithWhatTheProviderSaid() {
        String to = TestIds.phone().e164();
        FakeTwilio.answerInTurn(MESSAGES, to,
                FakeTwilio.error(429, 20429, "Too Many Requests"),
                FakeTwilio.error(500, 20500, "Internal Server Error"),
                FakeTwilio.created("SM", "queued"));
        DeliveryRequested request = request(APP, TestIds.authyId(), Channel.SMS, to, null, "5656565");
        publish(request);
        String sid = awaitStatus(request.deliveryId(), Status.SENT).providerMessageId();

        given().auth().oauth2(operatorToken()).when().get("/admin/deliveries/" + request.deliveryId())
                .then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("attempts", equalTo(3))
                .body("attempt_log.number", equalTo(List.of(1, 2, 3)))
                .body("attempt_log.outcome", equalTo(List.of("failed", "failed", "sent")))
                .body("attempt_log.error_code", equalTo(Arrays.asList("20429", "20500", null)))
                .body("attempt_log.provider_message_id", equalTo(Arrays.asList(null, null, sid)));
    }

    @Test
    void anApplicationsDeliveriesNewestFirstAPageAtATime() {
        long app = TestIds.applicationId();
        TestDeliveries.application(app, "Paged", "en", List.of());
        List<DeliveryRequested> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DeliveryRequested request = request(app, TestIds.authyId(), Channel.SMS, TestIds.phone().e164(), null, "90909" + i);
            publish(request);
            awaitStatus(request.deliveryId(), Status.SENT);
            requests.add(request);
        }
        DeliveryRequested otherApplications = request(APP, TestIds.authyId(), Channel.SMS, TestIds.phone().e164(), null, "1");
        publish(otherApplications);
        awaitStatus(otherApplications.deliveryId(), Status.SENT);

        String nextBefore = given().auth().oauth2(operatorToken()).queryParam("app_id", app).queryParam("limit", 2)
                .when().get("/admin/deliveries")
                .then().statusCode(200)
                .body("deliveries.id", equalTo(List.of(requests.get(2).deliveryId().toString(),
                        requests.get(1).deliveryId().toString())))
                .body("deliveries[0].attempt_log.outcome", equalTo(List.of("sent")))
                .body("next_before", notNullValue())
                .extract().path("next_before");
        given().auth().oauth2(operatorToken()).queryParam("app_id", app).queryParam("limit", 2)
                .queryParam("before", nextBefore)
                .when().get("/admin/deliveries")
                .then().statusCode(200)
                .body("deliveries.id", equalTo(List.of(requests.get(0).deliveryId().toString())))
                .body("next_before", nullValue());
        // both filters: the application's deliveries to that number only
        given().auth().oauth2(operatorToken()).queryParam("app_id", APP)
                .queryParam("destination", requests.get(0).destination())
                .when().get("/admin/deliveries")
                .then().statusCode(200).body("deliveries", hasSize(0));
    }

    @Test
    void searchByDestinationNewestFirst() {
        long authyId = TestIds.authyId();
        TestIds.Phone phone = TestIds.phone();
        DeliveryRequested first = request(APP, authyId, Channel.SMS, phone.e164(), null, "1111111");
        DeliveryRequested second = request(APP, authyId, Channel.VOICE, phone.e164(), null, "2222222");
        String masked = "+1********" + phone.last(2);
        publish(first);
        publish(second);
        awaitStatus(first.deliveryId(), Status.SENT);
        awaitStatus(second.deliveryId(), Status.SENT);

        given().auth().oauth2(operatorToken()).queryParam("destination", phone.e164())
                .when().get("/admin/deliveries")
                .then().statusCode(200)
                .body("deliveries", hasSize(2))
                .body("deliveries[0].id", equalTo(second.deliveryId().toString()))
                .body("deliveries[0].channel", equalTo("voice"))
                .body("deliveries[1].id", equalTo(first.deliveryId().toString()))
                .body("deliveries.destination", equalTo(List.of(masked, masked)));
        // a '+' left unencoded arrives as a space; digits alone work too
        given().auth().oauth2(operatorToken()).queryParam("destination", phone.countryCode() + phone.digits())
                .queryParam("limit", 1)
                .when().get("/admin/deliveries")
                .then().statusCode(200).body("deliveries", hasSize(1));
    }

    @Test
    void theMonthsDeliveriesPerApplicationByChannelAndOutcome() {
        long app = TestIds.applicationId();
        TestDeliveries.application(app, "Counted", "en", List.of());
        TestIds.Phone phone = TestIds.phone();
        DeliveryRequested sms = request(app, TestIds.authyId(), Channel.SMS, phone.e164(), null, "3333333");
        DeliveryRequested call = request(app, TestIds.authyId(), Channel.VOICE, phone.e164(), null, "4444444");
        publish(sms);
        publish(call);
        awaitStatus(sms.deliveryId(), Status.SENT);
        awaitStatus(call.deliveryId(), Status.SENT);

        given().auth().oauth2(operatorToken()).when().get("/admin/deliveries/stats").then().statusCode(200)
                .body("month", equalTo(YearMonth.now(ZoneOffset.UTC).toString()))
                .body("applications.find { it.app_id == " + app + " }", equalTo(Map.of("app_id", (int) app,
                        "sms", Map.of("sent", 1, "failed", 0, "pending", 0),
                        "voice", Map.of("sent", 1, "failed", 0, "pending", 0))));
        given().auth().oauth2(operatorToken()).queryParam("month", "2020-01").when().get("/admin/deliveries/stats")
                .then().statusCode(200).body("applications.find { it.app_id == " + app + " }", equalTo(null));
        given().auth().oauth2(operatorToken()).queryParam("month", "December").when().get("/admin/deliveries/stats")
                .then().statusCode(400).body("error_code", equalTo("60004"));
    }

    @Test
    void badSearchesAreAuthyErrors() {
        given().auth().oauth2(operatorToken()).queryParam("destination", "call me")
                .when().get("/admin/deliveries")
                .then().statusCode(400).body("error_code", equalTo("60004")).body("success", equalTo(false));
        given().auth().oauth2(operatorToken()).when().get("/admin/deliveries")
                .then().statusCode(400).body("error_code", equalTo("60004"));
        given().auth().oauth2(operatorToken()).queryParam("destination", TestIds.phone().e164()).queryParam("limit", 0)
                .when().get("/admin/deliveries")
                .then().statusCode(400).body("error_code", equalTo("60004"));
        given().auth().oauth2(operatorToken()).queryParam("app_id", APP).queryParam("before", "yesterday")
                .when().get("/admin/deliveries")
                .then().statusCode(400).body("error_code", equalTo("60004")).body("message", containsString("before"));
        // a query parameter that is not a number is JAX-RS's 404 (as for every admin API), in the Authy envelope
        given().auth().oauth2(operatorToken()).queryParam("app_id", "acme")
                .when().get("/admin/deliveries")
                .then().statusCode(404).body("success", equalTo(false)).body("error_code", equalTo("60000"));
        given().auth().oauth2(operatorToken()).when().get("/admin/deliveries/not-a-uuid")
                .then().statusCode(404).body("success", equalTo(false));
        given().auth().oauth2(operatorToken()).when().get("/admin/deliveries/" + UUID.randomUUID())
                .then().statusCode(404).body("error_code", equalTo("60000"));
    }

    @Test
    void onlyOperatorsGetIn() {
        given().when().get("/admin/deliveries/" + UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("bob", Set.of("user")))
                .when().get("/admin/deliveries/" + UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2("not-a-token").when().get("/admin/deliveries?destination=" + TestIds.phone().digits())
                .then().statusCode(401);
    }

    private static String operatorToken() {
        return OidcWiremockTestResource.getAccessToken("alice", Set.of("latchkey-admin"));
    }
}
