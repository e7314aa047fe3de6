package io.latchkey.user.audit;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.latchkey.user.UserServiceTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Every change made through an admin API is in the audit log on the next call: who (the token's operator), what
 * (method, path, query) and when, newest first, in pages; never a secret; refusals and reads are not changes.
 */
@QuarkusTest
class AuditLogTest {

    @Test
    void aChangeIsOnTheFirstPageAtOnceWithWhoAndWhatAndNoSecret() {
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Audited\"}")
                .when().post("/admin/applications").then().statusCode(201).extract();
        long id = ((Number) created.path("application.id")).longValue();
        String rotated = asAdmin().when().post("/admin/applications/" + id + "/api-key/rotate?reason=drill")
                .then().statusCode(200).extract().path("api_key");

        JsonPath log = asAdmin().queryParam("actor", "admin").when().get("/admin/audit")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("admin", log.getString("entries[0].actor"));
        assertEquals("user-service", log.getString("entries[0].service"));
        assertEquals("POST", log.getString("entries[0].method"));
        assertEquals("/admin/applications/" + id + "/api-key/rotate", log.getString("entries[0].path"));
        assertEquals("reason=drill", log.getString("entries[0].query"));
        assertEquals("/admin/applications", log.getString("entries[1].path"));
        assertEquals(null, log.getString("entries[1].query"));
        String text = log.prettify();
        for (String secret : List.of(rotated, created.<String> path("api_key"), created.<String> path("access_key"),
                created.<String> path("api_signing_key"))) {
            assertFalse(text.contains(secret), "no key in the audit log");
        }
        asAdmin().queryParam("actor", "admin").when().get("/admin/audit")
                .then().body("entries[0].occurred_at", notNullValue());
    }

    @Test
    void refusalsAndReadsAreNotChanges() {
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Refused\"}")
                .when().post("/admin/applications").then().statusCode(201).extract();
        long id = ((Number) created.path("application.id")).longValue();
        asAdmin().when().get("/admin/applications/" + id).then().statusCode(200);
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"" + "x".repeat(256) + "\"}")
                .when().put("/admin/applications/" + id)
                .then().statusCode(400);
        asAdmin().when().post("/admin/applications/999999999/api-key/rotate").then().statusCode(404);

        asAdmin().queryParam("actor", "admin").queryParam("limit", 1).when().get("/admin/audit").then().statusCode(200)
                .body("entries[0].method", equalTo("POST"))
                .body("entries[0].path", equalTo("/admin/applications"));
    }

    @Test
    void pagesGoBackInTimeAndViewersReadThem() {
        for (String name : List.of("Page one", "Page two", "Page three")) {
            asAdmin().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}")
                    .when().post("/admin/applications").then().statusCode(201);
        }
        String viewer = UserServiceTestResources.tokenWithRoles("latchkey-viewer");
        JsonPath first = given().auth().oauth2(viewer).queryParam("limit", 2).when().get("/admin/audit")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(2, first.getList("entries").size());
        long nextBefore = first.getLong("next_before");
        assertEquals(first.getLong("entries[1].id"), nextBefore);
        JsonPath second = given().auth().oauth2(viewer).queryParam("limit", 2).queryParam("before", nextBefore)
                .when().get("/admin/audit").then().statusCode(200).extract().jsonPath();
        assertNotEquals(first.getLong("entries[0].id"), second.getLong("entries[0].id"));
        assertEquals(true, second.getLong("entries[0].id") < nextBefore);

        given().auth().oauth2(UserServiceTestResources.tokenWithoutOperatorRole()).when().get("/admin/audit")
                .then().statusCode(403);
        asAdmin().queryParam("limit", 0).when().get("/admin/audit").then().statusCode(400)
                .body("error_code", equalTo("60004"));
    }
}
