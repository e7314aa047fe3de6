package io.latchkey.user.stats;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.events.verifications.VerificationChecked.Outcome;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.user.UserServiceTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The operators' monthly statistics: verifications by outcome per application, readable by a viewer. */
@QuarkusTest
class StatsAdminTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void verificationsAreCountedByOutcomeForEveryApplication() {
        String key = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Outcomes\"}").when()
                .post("/admin/applications").then().statusCode(201).extract().path("api_key");
        long applicationId = ((Number) given().header("X-Authy-API-Key", key).when()
                .get("/protected/json/app/details").then().extract().path("app.app_id")).longValue();
        long authyId = TestIds.authyId();
        for (Outcome outcome : List.of(Outcome.VALID, Outcome.INVALID, Outcome.INVALID, Outcome.REUSED,
                Outcome.LOCKED_OUT)) {
            TestEvents.publish(Topics.VERIFICATIONS, String.valueOf(authyId), Event.of(VerificationChecked.TYPE,
                    VerificationChecked.SCHEMA_VERSION, new VerificationChecked(authyId, applicationId, outcome,
                            VerificationChecked.Method.UNKNOWN)));
        }
        String viewer = UserServiceTestResources.tokenWithRoles("latchkey-viewer");
        String row = "applications.find { it.app_id == " + applicationId + " }";

        // counted by the verifications consumer: the events take their time
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(viewer)
                .when().get("/admin/applications/stats").then().statusCode(200)
                .body("month", equalTo(YearMonth.now(ZoneOffset.UTC).toString()))
                .body(row + ".name", equalTo("Outcomes"))
                .body(row + ".verifications.valid", equalTo(1))
                .body(row + ".verifications.invalid", equalTo(3))
                .body(row + ".verifications.locked_out", equalTo(1))
                // the five verifications, and this application's own calls (app/details above) as they are flushed
                .body(row + ".api_calls", greaterThanOrEqualTo(5)));

        // another month: the application is listed, with nothing counted
        given().auth().oauth2(viewer).queryParam("month", "2001-01").when().get("/admin/applications/stats")
                .then().statusCode(200).body("month", equalTo("2001-01"))
                .body(row + ".verifications.invalid", equalTo(0)).body(row + ".new_users", equalTo(0));
        given().auth().oauth2(viewer).queryParam("month", "December").when().get("/admin/applications/stats")
                .then().statusCode(400).body("error_code", equalTo("60004"))
                .body("message", equalTo("Invalid parameter: month - must be a month as 2026-12"));
        given().auth().oauth2(UserServiceTestResources.tokenWithoutOperatorRole()).when()
                .get("/admin/applications/stats").then().statusCode(403);
    }
}
