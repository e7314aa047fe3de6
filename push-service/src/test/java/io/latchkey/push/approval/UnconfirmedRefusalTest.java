package io.latchkey.push.approval;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.consumer.IncomingEvents;
import io.latchkey.events.users.UserChanged;
import io.latchkey.projection.users.UsersProjectionConsumer;
import io.latchkey.push.device.DevicesConsumer;
import io.latchkey.push.device.TestDevice;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.ConsumerDatabaseFailure;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * While push-service's consumers cannot apply what is on the broker (every consumer transaction fails,
 * raised by an injected trigger), an approval request for a user or device that arrived meanwhile is not
 * refused as "User not found" or "no OneTouch device": the wait for the projections ends at its bound,
 * and only a completed wait may deny. The client is told to try again (docs/consistency.md).
 */
@QuarkusTest
class UnconfirmedRefusalTest {

    private static final String API_KEY = "push-unconfirmed-key-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @Inject
    IncomingEvents incoming;

    @AfterEach
    void databaseWorksAgain() throws SQLException {
        ConsumerDatabaseFailure.stop(dataSource);
    }

    @Test
    void aUserOrDeviceTheProjectionsCannotConfirmIsTryAgainNotARefusal() throws SQLException {
        long applicationId = TestIds.applicationId();
        TestApplications.publish(applicationId, "Unconfirmed App", API_KEY);
        long withoutDevice = TestIds.authyId();
        publishUser(withoutDevice, applicationId);
        approvalRequest(withoutDevice).statusCode(400).body("error_code", equalTo("60050"));

        ConsumerDatabaseFailure.start(dataSource);
        long created = TestIds.authyId();
        publishUser(created, applicationId);
        TestDevice.registeredFor(withoutDevice, applicationId);
        await().atMost(TIMEOUT).until(() -> incoming.retrying().keySet()
                .containsAll(List.of(UsersProjectionConsumer.CONSUMER, DevicesConsumer.CONSUMER)));

        String tryAgain = """
                {"message":"Service unavailable, try again later","success":false,\
                "errors":{"message":"Service unavailable, try again later"},"error_code":"60000"}""";
        approvalRequest(created).statusCode(503).header("Retry-After", "1").body(equalTo(tryAgain));
        approvalRequest(withoutDevice).statusCode(503).header("Retry-After", "1").body(equalTo(tryAgain));

        ConsumerDatabaseFailure.stop(dataSource);
        await().atMost(TIMEOUT).until(() -> incoming.retrying().isEmpty());
        approvalRequest(created).statusCode(400).body("error_code", equalTo("60050"));
        approvalRequest(withoutDevice).statusCode(200);
        approvalRequest(TestIds.authyId()).statusCode(404).body("error_code", equalTo("60026"));
    }

    private static void publishUser(long authyId, long applicationId) {
        TestEvents.publish(Topics.USERS, String.valueOf(authyId), Event.of(UserChanged.TYPE_UPSERTED,
                UserChanged.SCHEMA_VERSION, new UserChanged(authyId, applicationId, 1, 1, TestIds.phone().e164(),
                        "u" + authyId + "@example.com", true, false)));
    }

    private static ValidatableResponse approvalRequest(long authyId) {
        return given().header("X-Authy-API-Key", API_KEY).contentType(ContentType.JSON).body("{\"message\":\"Login?\"}")
                .when().post("/onetouch/json/users/" + authyId + "/approval_requests")
                .then().log().ifValidationFails();
    }
}
