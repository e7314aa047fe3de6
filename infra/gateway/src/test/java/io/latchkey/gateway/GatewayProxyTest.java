package io.latchkey.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(StubServices.class)
class GatewayProxyTest {

    @Test
    void usersApiGoesToUserServiceWithBodyAndHeaders() {
        given().header("X-Authy-API-Key", "k1").contentType(ContentType.URLENC)
                .body("user[email]=a@b.co")
                .when().post("/protected/json/users/new?send_install_link_via_sms=false")
                .then().statusCode(200)
                .body("service", equalTo("user"))
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/protected/json/users/new?send_install_link_via_sms=false"))
                .body("api_key", equalTo("k1"))
                .body("body", equalTo("user[email]=a@b.co"));
    }

    @Test
    void tokenPathsGoToTokenService() {
        given().when().get("/protected/json/sms/42?force=true").then().body("service", equalTo("token"));
        given().when().get("/protected/json/verify/1234567/42").then().body("service", equalTo("token"));
        given().when().post("/protected/json/users/42/secret").then().body("service", equalTo("token"));
        given().when().post("/protected/json/phones/verification/start").then().body("service", equalTo("token"));
        given().when().get("/protected/json/users/42/devices").then().body("service", equalTo("token"));
        given().when().post("/protected/json/users/42/devices/1000001/remove").then().body("service", equalTo("token"));
        given().when().post("/protected/json/users/42/devices/registrations").then().body("service", equalTo("token"));
        given().when().post("/devices/registrations/0c9e6f1e-2b7c-4c8e-9a51-3f0d5b2a7e10/complete")
                .then().body("service", equalTo("token"));
        given().when().get("/qr/abc.png").then().body("service", equalTo("token"));
        given().when().get("/protected/json/users/42/status").then().body("service", equalTo("user"));
    }

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void doubleSlashesFromTrailingSlashBaseUrlsAreCollapsed() throws Exception {
        // RestAssured would read "//protected" as a host name, so the raw JDK client sends it
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + gateway.getHost() + ":" + gateway.getPort() + "//protected/json/call/7")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"service\":\"token\""), response.body());
        assertTrue(response.body().contains("\"uri\":\"/protected/json/call/7\""), response.body());
    }

    @Test
    void oneTouchGoesToPushServiceAndItsStatusIsKept() {
        given().when().get("/onetouch/json/approval_requests/abc").then()
                .statusCode(404)
                .body("service", equalTo("push"));
    }

    @Test
    void deliveriesGoToNotifier() {
        given().when().get("/admin/deliveries/5").then().body("service", equalTo("notifier"));
    }

    @Test
    void unownedPathsAreAnAuthyNotFound() {
        given().when().get("/protected/json/nothing/here").then()
                .statusCode(404)
                .contentType("application/json; charset=utf-8")
                .body(equalTo("{\"message\":\"Not found\",\"success\":false,"
                        + "\"errors\":{\"message\":\"Not found\"},\"error_code\":\"60000\"}"));
    }

    @Test
    void gatewayHealthIsItsOwn() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
