package io.latchkey.system;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The admin API through the gateway, with a bearer token of the test identity provider. */
final class Admin {

    /** An application and its keys: the API key, and the dashboard API's access and signing keys. */
    record App(long id, String apiKey, String accessKey, String signingKey) {
    }

    private Admin() {
    }

    static List<App> createApps(Platform platform, String name, int count, Map<String, Object> settings) {
        List<App> apps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> body = new HashMap<>(settings);
            body.put("name", name + "-" + i);
            Response created = given().baseUri(platform.baseUrl()).auth().oauth2(platform.adminToken())
                    .contentType(ContentType.JSON).body(body).post("/admin/applications");
            if (created.statusCode() != 201 && created.statusCode() != 200) {
                throw new AssertionError("create application: " + created.statusCode() + " " + created.asString());
            }
            apps.add(new App(((Number) created.path("application.id")).longValue(), created.path("api_key"),
                    created.path("access_key"), created.path("api_signing_key")));
        }
        return apps;
    }

    static String rotateApiKey(Platform platform, long applicationId) {
        Response rotated = given().baseUri(platform.baseUrl()).auth().oauth2(platform.adminToken())
                .post("/admin/applications/" + applicationId + "/api-key/rotate");
        if (rotated.statusCode() != 200) {
            throw new AssertionError("rotate: " + rotated.statusCode() + " " + rotated.asString());
        }
        return rotated.path("api_key");
    }

    static void updateApp(Platform platform, long applicationId, Map<String, Object> settings) {
        Response updated = given().baseUri(platform.baseUrl()).auth().oauth2(platform.adminToken())
                .contentType(ContentType.JSON).body(settings).put("/admin/applications/" + applicationId);
        if (updated.statusCode() != 200) {
            throw new AssertionError("update: " + updated.statusCode() + " " + updated.asString());
        }
    }
}
