package io.latchkey.user;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Admin API calls carry a real bearer token signed by the test OIDC provider. */
public final class AdminRequests {

    private AdminRequests() {
    }

    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(UserServiceTestResources.adminToken());
    }
}
