package io.latchkey.push.approval;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.approvals.ApprovalRequestChanged;
import io.latchkey.events.users.UserChanged;
import io.latchkey.push.device.TestDevice;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Application and user arrive on the real broker -> projections; HTTP in (create) -> approval row +
 * outbox -> {@code approvals} event on the broker; the status reads back in Authy's shape.
 */
@QuarkusTest
class ApprovalRequestRoundTripTest {

    private static final String API_KEY = "push-service-test-key-0123456789abcdefgh";
    private static final String OTHER_APP_KEY = "push-service-other-key-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long APPLICATION_ID = TestIds.applicationId();
    private static final long AUTHY_ID = TestIds.authyId();
    private static boolean published;

    /** Not @BeforeAll: RestAssured knows the test port only once a test instance runs. */
    @BeforeEach
    void applicationsAndUserAreKnown() {
        if (!published) {
            TestApplications.publish(APPLICATION_ID, "Push App", API_KEY);
            TestApplications.publish(TestIds.applicationId(), "Other App", OTHER_APP_KEY);
            TestEvents.publish(Topics.USERS, String.valueOf(AUTHY_ID), Event.of(UserChanged.TYPE_UPSERTED,
                    UserChanged.SCHEMA_VERSION, new UserChanged(AUTHY_ID, APPLICATION_ID, 1, 1, TestIds.phone().e164(),
                            "pat@example.com", true, false)));
            TestDevice.registeredFor(AUTHY_ID, APPLICATION_ID);
            published = true;
        }
        // at once, as a client calls after user-service answered: push-service catches up first
        given().header("X-Authy-API-Key", API_KEY)
                .contentType(ContentType.JSON).body("{\"message\":\"Login?\"}")
                .when().post("/onetouch/json/users/" + AUTHY_ID + "/approval_requests")
                .then().log().ifValidationFails().statusCode(200);
    }

    @Test
    void createdRequestIsPublishedAndReadable() {
        String uuid = given().header("X-Authy-API-Key", API_KEY).contentType(ContentType.URLENC)
                .body("message=Login+requested&details[username]=pat&hidden_details[ip]=10.0.0.1"
                        + "&logos[][res]=default&logos[][url]=https://x.example/l.png&seconds_to_expire=120")
                .when().post("/onetouch/json/users/" + AUTHY_ID + "/approval_requests")
                .then().statusCode(200).body("success", equalTo(true))
                .extract().path("approval_request.uuid");

        TestEvents.await(Topics.APPROVALS, ApprovalRequestChanged.class,
                event -> event.payload().uuid().toString().equals(uuid)
                        && event.payload().status() == ApprovalRequestChanged.Status.PENDING, TIMEOUT);

        given().header("X-Authy-API-Key", API_KEY).when().get("/onetouch/json/approval_requests/" + uuid)
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("approval_request.uuid", equalTo(uuid))
                .body("approval_request.status", equalTo("pending"))
                .body("approval_request._authy_id", equalTo((int) AUTHY_ID))
                .body("approval_request._app_name", equalTo("Push App"))
                .body("approval_request._user_email", equalTo("pat@example.com"))
                .body("approval_request.seconds_to_expire", equalTo(120))
                .body("approval_request.notified", equalTo(false))
                .body("approval_request.processed_at", nullValue());
    }

    @Test
    @TestSecurity(user = "vera", roles = OperatorRoles.VIEWER, augmentors = OperatorRoles.class)
    void operatorsPageThroughAnApplicationsRequestsByStatusWithoutTheirDetails() {
        long applicationId = TestIds.applicationId();
        String apiKey = "push-admin-list-key-0123456789abcdefgh";
        TestApplications.publish(applicationId, "Listed App", apiKey);
        long user = TestIds.authyId();
        TestEvents.publish(Topics.USERS, String.valueOf(user), Event.of(UserChanged.TYPE_UPSERTED, UserChanged.SCHEMA_VERSION,
                new UserChanged(user, applicationId, 1, 1, TestIds.phone().e164(), "lis@example.com", true, false)));
        TestDevice.registeredFor(user, applicationId);
        List<String> created = new ArrayList<>();
        for (String message : List.of("First", "Second", "Third")) {
            created.add(given().header("X-Authy-API-Key", apiKey).contentType(ContentType.URLENC)
                    .body("message=" + message + "&hidden_details[ip]=10.9.8.7")
                    .when().post("/onetouch/json/users/" + user + "/approval_requests")
                    .then().statusCode(200).extract().path("approval_request.uuid"));
        }

        JsonPath first = given().queryParam("app_id", applicationId).queryParam("limit", 2)
                .when().get("/admin/onetouch/approval-requests").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(created.get(2), created.get(1)), first.getList("requests.uuid"));
        assertEquals(List.of("Third", "Second"), first.getList("requests.message"));
        assertEquals(List.of("pending", "pending"), first.getList("requests.status"));
        assertFalse(first.prettify().contains("10.9.8.7"), "no hidden details");
        JsonPath second = given().queryParam("app_id", applicationId).queryParam("limit", 2)
                .queryParam("before", first.getString("next_before"))
                .when().get("/admin/onetouch/approval-requests").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(created.get(0)), second.getList("requests.uuid"));
        assertNull(second.get("next_before"));

        given().queryParam("app_id", applicationId).queryParam("status", "approved")
                .when().get("/admin/onetouch/approval-requests").then().statusCode(200).body("requests", hasSize(0));
        given().queryParam("app_id", applicationId).queryParam("status", "lost")
                .when().get("/admin/onetouch/approval-requests").then().statusCode(400).body("error_code", equalTo("60004"));
        given().when().get("/admin/onetouch/approval-requests").then().statusCode(400).body("error_code", equalTo("60004"));

        // the month's figures for the overview: this application's three, all pending
        given().when().get("/admin/onetouch/stats").then().statusCode(200)
                .body("month", equalTo(YearMonth.now(ZoneOffset.UTC).toString()))
                .body("applications.find { it.app_id == " + applicationId + " }", equalTo(
                        Map.of("app_id", (int) applicationId, "pending", 3, "approved", 0, "denied", 0, "expired", 0)));
        given().queryParam("month", "2026-13").when().get("/admin/onetouch/stats").then().statusCode(400)
                .body("error_code", equalTo("60004"));
    }

    @Test
    void unknownRequestsAndOtherApplicationsUsersAreAuthyErrors() {
        given().header("X-Authy-API-Key", API_KEY).when().get("/onetouch/json/approval_requests/nope")
                .then().statusCode(404)
                .body(equalTo("{\"message\":\"Approval request not found: nope\",\"success\":false,"
                        + "\"errors\":{},\"error_code\":\"60049\"}"));
        given().header("X-Authy-API-Key", OTHER_APP_KEY).contentType(ContentType.JSON).body("{\"message\":\"Hi\"}")
                .when().post("/onetouch/json/users/" + AUTHY_ID + "/approval_requests")
                .then().statusCode(404).body("error_code", equalTo("60026"));
        given().header("X-Authy-API-Key", API_KEY).contentType(ContentType.JSON).body("{}")
                .when().post("/onetouch/json/users/" + AUTHY_ID + "/approval_requests")
                .then().statusCode(400).body("message", equalTo("Invalid parameter: message - Parameter is required"));
        given().header("X-Authy-API-Key", API_KEY).contentType(ContentType.JSON)
                .body("{\"message\":\"" + "x".repeat(201) + "\"}")
                .when().post("/onetouch/json/users/" + AUTHY_ID + "/approval_requests")
                .then().statusCode(400).body("error_code", equalTo("60004"));
        given().header("X-Authy-API-Key", API_KEY).contentType(ContentType.JSON).body("{\"message\":\"Hi\"}")
                .when().post("/onetouch/json/users/abc/approval_requests")
                .then().statusCode(404).body("error_code", equalTo("60026"));
    }
}
