package io.latchkey.user.application;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static io.latchkey.user.AdminRequests.asAdmin;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.testkit.TestIds;
import io.latchkey.user.UserServiceTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** docs/authy-api.md §1.2: the key from the header, the query or the form body; a wrong key is 401/60001. */
@QuarkusTest
class ApiKeyAuthenticationTest {

    private static final String BOOTSTRAP_KEY = "test-bootstrap-api-key-0123456789abcdef";
    private static final String INVALID_API_KEY_BODY = "{\"message\":\"Invalid API key\",\"success\":false,"
            + "\"errors\":{\"message\":\"Invalid API key\"},\"error_code\":\"60001\"}";

    @BeforeEach
    void bootstrapApplicationIsProjected() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("X-Authy-API-Key", BOOTSTRAP_KEY)
                .when().get("/protected/json/app/details").then().statusCode(200));
    }

    @Test
    void wrongOrMissingKeyIsTheAuthyError() {
        given().header("X-Authy-API-Key", "not-a-key").when().get("/protected/json/app/details")
                .then().statusCode(401).contentType("application/json; charset=utf-8").body(equalTo(INVALID_API_KEY_BODY));
        given().when().get("/protected/json/app/details")
                .then().statusCode(401).body(equalTo(INVALID_API_KEY_BODY));
    }

    @Test
    void legacyClientsSendTheKeyAsAParameter() {
        given().queryParam("api_key", BOOTSTRAP_KEY).when().get("/protected/json/app/details")
                .then().statusCode(200).body("success", equalTo(true));
        // node-authy sends form bodies even on GET
        given().contentType(ContentType.URLENC).body("api_key=" + BOOTSTRAP_KEY)
                .when().get("/protected/json/app/details")
                .then().statusCode(200).body("app.name", equalTo("Latchkey"));
        // authy-java sends Content-Type application/json on every request, GET included, with no body
        given().contentType(ContentType.JSON).header("X-Authy-API-Key", BOOTSTRAP_KEY)
                .when().get("/protected/json/app/details")
                .then().statusCode(200);
    }

    @Test
    void xmlFormatAndMalformedBodiesAreClearErrors() {
        given().header("X-Authy-API-Key", BOOTSTRAP_KEY).when().get("/protected/xml/app/details")
                .then().statusCode(400).body("error_code", equalTo("60002"))
                .body("message", equalTo("Invalid request: format 'xml' is not supported, use json"));
        given().header("X-Authy-API-Key", BOOTSTRAP_KEY).contentType(ContentType.JSON).body("{\"user\":")
                .when().get("/protected/json/app/details")
                .then().statusCode(400).body("error_code", equalTo("60002")).body("success", equalTo(false));
        given().header("X-Authy-API-Key", BOOTSTRAP_KEY).contentType(ContentType.URLENC).body("name=%C3%28")
                .when().get("/protected/json/app/details")
                .then().statusCode(400).body("error_code", equalTo("60005"));
    }

    @Test
    void unknownPathsAnswerAnAuthyNotFound() {
        given().header("X-Authy-API-Key", BOOTSTRAP_KEY).when().get("/protected/json/no/such/thing")
                .then().statusCode(404).body("success", equalTo(false)).body("error_code", equalTo("60000"));
    }

    @Test
    void adminApiNeedsAToken() {
        given().when().get("/admin/applications").then().statusCode(401);
        given().auth().oauth2("not.a.token").when().get("/admin/applications").then().statusCode(401);
    }

    @Test
    void adminApiNeedsAnOperatorsRole() {
        given().auth().oauth2(UserServiceTestResources.tokenWithoutOperatorRole()).when().get("/admin/applications")
                .then().statusCode(403);
        asAdmin().when().get("/admin/applications").then().statusCode(200);
    }

    /** Viewers read, operators also redeliver, administrators also change applications; each role includes those below. */
    @Test
    void eachRoleIncludesTheOnesBelowIt() {
        String viewer = UserServiceTestResources.tokenWithRoles("latchkey-viewer");
        String operator = UserServiceTestResources.tokenWithRoles("latchkey-operator");
        String admin = UserServiceTestResources.tokenWithRoles("latchkey-admin");
        String replay = "/admin/dead-letters/nowhere/0/0/replay";
        String create = "{\"name\":\"Roles " + TestIds.applicationId() + "\"}";

        given().auth().oauth2(viewer).when().get("/admin/applications").then().statusCode(200);
        given().auth().oauth2(viewer).when().post(replay).then().statusCode(403);
        given().auth().oauth2(viewer).contentType(ContentType.JSON).body(create).when().post("/admin/applications")
                .then().statusCode(403);

        given().auth().oauth2(operator).when().get("/admin/applications").then().statusCode(200);
        given().auth().oauth2(operator).when().post(replay).then().statusCode(404).body("success", equalTo(false));
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(create).when().post("/admin/applications")
                .then().statusCode(403);

        given().auth().oauth2(admin).when().get("/admin/applications").then().statusCode(200);
        given().auth().oauth2(admin).when().post(replay).then().statusCode(404);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(create).when().post("/admin/applications")
                .then().statusCode(201);
    }

    @Test
    void adminInputErrorsAreAuthyErrors() {
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"X\",\"token_length\":12}")
                .when().post("/admin/applications")
                .then().statusCode(400).body("error_code", equalTo("60004"))
                .body("message", equalTo("Invalid parameter: token_length - must be between 6 and 8"));
        asAdmin().contentType(ContentType.JSON).body("{\"name\":").when().post("/admin/applications")
                .then().statusCode(400).body("success", equalTo(false));
        asAdmin().when().get("/admin/applications/" + TestIds.applicationId()).then().statusCode(404)
                .body("success", equalTo(false));
        asAdmin().when().get("/admin/applications/abc").then().statusCode(404).body("success", equalTo(false));
    }
}
