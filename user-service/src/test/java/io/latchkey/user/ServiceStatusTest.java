package io.latchkey.user;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code GET /admin/status/<service>} (every service serves its own, from infra/lib/authy-http): database, broker and
 * each consumer group's lag, for the console's overview.
 */
@QuarkusTest
class ServiceStatusTest {

    @Test
    void theServiceTellsItsDatabaseBrokerAndEveryConsumersLag() {
        given().auth().oauth2(UserServiceTestResources.tokenWithRoles("latchkey-viewer"))
                .when().get("/admin/status/user-service").then().statusCode(200)
                .body("service", equalTo("user-service"))
                .body("database", equalTo(true))
                .body("broker", equalTo(true))
                .body("consumers.channel", hasItems("applications", "verifications", "devices", "deliveries-requested", "audit"))
                .body("consumers.find { it.channel == 'audit' }.group", equalTo("user-service-audit"))
                .body("consumers.find { it.channel == 'audit' }.topics", equalTo(List.of("audit")))
                .body("consumers.find { it.channel == 'verifications' }.lag", greaterThanOrEqualTo(0));
        // another service's name is routed there by the gateway; here it is not found
        asAdmin().when().get("/admin/status/token-service").then().statusCode(404).body("error_code", equalTo("60000"));
        given().auth().oauth2(UserServiceTestResources.tokenWithoutOperatorRole())
                .when().get("/admin/status/user-service").then().statusCode(403);
    }
}
