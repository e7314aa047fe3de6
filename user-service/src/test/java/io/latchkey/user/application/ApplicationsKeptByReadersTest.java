package io.latchkey.user.application;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Every service keeps what it read by API key for {@code latchkey.readers-cache.applications}
 * ({@code ApplicationsByApiKey}); an admin change is still seen by the very next call, because its answer waits
 * that long after the readers applied it. Kept here for 2 s, far longer than an admin change takes without that
 * wait, so that the calls right after each change would see the old application if the writer did not wait.
 */
@QuarkusTest
@TestProfile(ApplicationsKeptByReadersTest.KeptTwoSeconds.class)
class ApplicationsKeptByReadersTest {

    public static class KeptTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.readers-cache.applications", "2s");
        }
    }

    @Test
    void theCallRightAfterAnAdminChangeSeesItThoughTheApplicationWasKept() {
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Kept\"}")
                .when().post("/admin/applications").then().statusCode(201).extract();
        String apiKey = created.path("api_key");
        long id = ((Number) created.path("application.id")).longValue();
        details(apiKey).then().statusCode(200).body("app.sms_enabled", equalTo(true));

        asAdmin().contentType(ContentType.JSON).body("{\"sms_enabled\":false}")
                .when().put("/admin/applications/" + id).then().statusCode(200);
        details(apiKey).then().statusCode(200).body("app.sms_enabled", equalTo(false));

        String rotated = asAdmin().when().post("/admin/applications/" + id + "/api-key/rotate")
                .then().statusCode(200).extract().path("api_key");
        details(apiKey).then().statusCode(401).body("error_code", equalTo("60001"));
        details(rotated).then().statusCode(200).body("app.sms_enabled", equalTo(false));

        asAdmin().when().delete("/admin/applications/" + id).then().statusCode(204);
        details(rotated).then().statusCode(401).body("error_code", equalTo("60001"));
    }

    private static Response details(String apiKey) {
        return given().header("X-Authy-API-Key", apiKey).when().get("/protected/json/app/details");
    }
}
