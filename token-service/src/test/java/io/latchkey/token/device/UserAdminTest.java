package io.latchkey.token.device;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Topics;
import io.latchkey.events.audit.AdminActionRecorded;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/** Operators see a user's devices and lockout in token-service, lift the lockout and remove a device. */
@QuarkusTest
class UserAdminTest {

    static final long APP = TestIds.applicationId();
    static final String KEY = "user-admin-test-key-0123456789abcdefgh";

    private static boolean ready;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APP, "Support App", KEY);
            ready = true;
        }
    }

    @Test
    @TestSecurity(user = "otto", roles = OperatorRoles.OPERATOR, augmentors = OperatorRoles.class)
    void anOperatorLiftsALockoutAndTheUserMayTryAgain() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        for (int i = 0; i < 10; i++) {
            given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/1234567/" + authyId)
                    .then().statusCode(401);
        }
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/1234567/" + authyId)
                .then().statusCode(429);

        given().queryParam("app_id", APP).when().get("/admin/users/" + authyId).then().statusCode(200)
                .body("authy_id", equalTo((int) authyId)).body("devices", hasSize(0))
                .body("lockout.locked", equalTo(true)).body("lockout.locked_until", notNullValue())
                .body("lockout.max_failures", equalTo(10));
        // the user belongs to another application than the one named
        given().queryParam("app_id", TestIds.applicationId()).when().get("/admin/users/" + authyId).then()
                .statusCode(404).body("error_code", equalTo("60026"));

        given().queryParam("app_id", APP).when().delete("/admin/users/" + authyId + "/lockout").then().statusCode(204);
        given().queryParam("app_id", APP).when().get("/admin/users/" + authyId).then()
                .body("lockout.locked", equalTo(false)).body("lockout.failed_in_window", equalTo(0));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/1234567/" + authyId)
                .then().statusCode(401);

        given().queryParam("app_id", APP).when().delete("/admin/users/" + authyId + "/devices/999999").then()
                .statusCode(404).body("error_code", equalTo("60092"));

        // the change is in the audit log (user-service keeps it); the refused removal is not
        AdminActionRecorded lifted = TestEvents.await(Topics.AUDIT, AdminActionRecorded.class,
                event -> event.payload().path().equals("/admin/users/" + authyId + "/lockout"), TestFixtures.TIMEOUT).payload();
        assertEquals(new AdminActionRecorded("otto", "token-service", "DELETE", "/admin/users/" + authyId + "/lockout",
                "app_id=" + APP), lifted);
        assertTrue(TestEvents.recordsWithKey(Topics.AUDIT, "token-service", Duration.ofMillis(500)).stream()
                .noneMatch(record -> record.value().contains("/devices/999999")));
    }

    @Test
    @TestSecurity(user = "vera", roles = OperatorRoles.VIEWER, augmentors = OperatorRoles.class)
    void aViewerReadsButChangesNothing() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        given().queryParam("app_id", APP).when().get("/admin/users/" + authyId).then().statusCode(200)
                .body("lockout.locked", equalTo(false));
        given().queryParam("app_id", APP).when().delete("/admin/users/" + authyId + "/lockout").then().statusCode(403);
        given().queryParam("app_id", APP).when().delete("/admin/users/" + authyId + "/devices/1").then().statusCode(403);
    }
}
