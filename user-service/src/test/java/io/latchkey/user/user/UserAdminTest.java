package io.latchkey.user.user;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.latchkey.events.Event;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.user.UserServiceTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Operators find an application's users and remove one (the console's Users page). */
@QuarkusTest
class UserAdminTest {

    @Test
    void operatorsFindUsersByIdPhoneDigitsOrEmailAndRemoveOne() {
        String key = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Support desk\"}").when()
                .post("/admin/applications").then().statusCode(201).extract().path("api_key");
        long app = ((Number) given().header("X-Authy-API-Key", key).when().get("/protected/json/app/details")
                .then().extract().path("app.app_id")).longValue();
        TestIds.Phone phone = TestIds.phone();
        long ada = newUser(key, "Ada@Example.com", phone);
        long bob = newUser(key, "bob@example.com", TestIds.phone());
        String users = "/admin/applications/" + app + "/users";
        String viewer = UserServiceTestResources.tokenWithRoles("latchkey-viewer");
        String last4 = phone.e164().substring(phone.e164().length() - 4);

        given().auth().oauth2(viewer).queryParam("authy_id", ada).when().get(users).then().statusCode(200)
                .body("users.authy_id", contains((int) ada)).body("users[0].email", equalTo("Ada@Example.com"))
                .body("users[0].phone", equalTo("XXX-XXX-" + last4)).body("users[0].registered", equalTo(false))
                .body("users[0].devices", hasSize(0)).body("more", equalTo(false));
        given().auth().oauth2(viewer).queryParam("phone_last", last4).when().get(users).then().statusCode(200)
                .body("users.authy_id", contains((int) ada));
        given().auth().oauth2(viewer).queryParam("email", "BOB@example.com").when().get(users).then()
                .statusCode(200).body("users.authy_id", contains((int) bob));
        // another application's users are not found through this one
        given().auth().oauth2(viewer).queryParam("authy_id", ada).when()
                .get("/admin/applications/" + TestIds.applicationId() + "/users").then().statusCode(404);
        given().auth().oauth2(viewer).when().get(users).then().statusCode(400).body("error_code", equalTo("60004"));
        given().auth().oauth2(viewer).queryParam("phone_last", "12a").when().get(users).then().statusCode(400)
                .body("message", equalTo("Invalid parameter: phone_last - must be the last 2 to 10 digits of the number"));

        // bob proves his authenticator app: when and how are kept (status catches up with the verification first)
        Event<VerificationChecked> valid = TestEvents.publish(new VerificationChecked(bob, app,
                VerificationChecked.Outcome.VALID, VerificationChecked.Method.AUTHENTICATOR_APP));
        given().header("X-Authy-API-Key", key).when().get("/protected/json/users/" + bob + "/status").then()
                .statusCode(200).body("status.registered", equalTo(true));
        String registeredAt = given().auth().oauth2(viewer).queryParam("authy_id", bob).when().get(users).then()
                .statusCode(200).body("users[0].registered", equalTo(true))
                .body("users[0].registered_via", equalTo("authenticator_app"))
                .extract().path("users[0].registered_at");
        // the verification's time, as the database keeps it (microseconds)
        assertTrue(Duration.between(valid.occurredAt(), Instant.parse(registeredAt)).abs().toMillis() < 1, registeredAt);
        given().auth().oauth2(viewer).queryParam("authy_id", ada).when().get(users).then()
                .body("users[0].registered_at", equalTo(null)).body("users[0].registered_via", equalTo(null));

        given().auth().oauth2(viewer).when().delete(users + "/" + ada).then().statusCode(403);
        given().auth().oauth2(UserServiceTestResources.tokenWithRoles("latchkey-operator")).when()
                .delete(users + "/" + ada).then().statusCode(204);
        given().header("X-Authy-API-Key", key).when().get("/protected/json/users/" + ada + "/status").then()
                .statusCode(404);
        given().auth().oauth2(viewer).queryParam("authy_id", ada).when().get(users).then().statusCode(200)
                .body("users", hasSize(0));
        given().auth().oauth2(UserServiceTestResources.tokenWithRoles("latchkey-operator")).when()
                .delete(users + "/" + ada).then().statusCode(404).body("error_code", equalTo("60026"));
    }

    private static long newUser(String key, String email, TestIds.Phone phone) {
        return ((Number) given().header("X-Authy-API-Key", key).contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"" + email + "\",\"cellphone\":\"" + phone.dashed()
                        + "\",\"country_code\":\"1\"},\"send_install_link_via_sms\":false}")
                .when().post("/protected/json/users/new").then().statusCode(200).extract().path("user.id")).longValue();
    }
}
