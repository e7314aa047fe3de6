package io.latchkey.token.verify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Malformed or foreign input always gets a 4xx Authy error body, never a 500 or a stack trace. */
@QuarkusTest
class BadInputTest {

    static final String KEY = "bad-input-test-key-0123456789abcdef";
    static final String OTHER_KEY = "bad-input-other-key-0123456789abcdef";

    private static boolean ready;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(801, "Strict App", KEY);
            TestFixtures.application(802, "Other App", OTHER_KEY);
            TestFixtures.user(KEY, 80101, 801, 1, "+17754615621", true);
            TestFixtures.user(OTHER_KEY, 80201, 802, 1, "+17754615622", true);
            ready = true;
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}/{3}")
    @CsvSource(delimiter = '|', value = {
        "GET  | /protected/json/verify/abcdefg/80101?force=true              | 401 | 60020",
        "GET  | /protected/json/verify/12345678901234567890/80101?force=true | 401 | 60020",
        "GET  | /protected/json/verify/12345/80101?force=true                | 401 | 60020",
        "GET  | /protected/json/verify/1234567/99999999                      | 404 | 60026",
        "GET  | /protected/json/verify/1234567/80201                         | 404 | 60026",
        "GET  | /protected/json/verify/1234567/not-a-number                  | 404 | 60026",
        "GET  | /protected/json/verify/1234567/-1                            | 404 | 60026",
        "GET  | /protected/json/verify/1234567/123456789012345678901234      | 404 | 60026",
        "GET  | /protected/json/verify/1234567/80101?force=maybe             | 400 | 60004",
        "GET  | /protected/xml/verify/1234567/80101                          | 400 | 60002",
        "GET  | /protected/json/sms/80201                                    | 404 | 60026",
        "GET  | /protected/json/sms/abc                                      | 404 | 60026",
        "GET  | /protected/json/call/99999999                                | 404 | 60026",
        "POST | /protected/json/users/80201/secret                           | 404 | 60026",
        "POST | /protected/json/users/80101/secret?qr_size=huge              | 400 | 60004",
        "GET  | /protected/json/users/80201/devices                          | 404 | 60026",
        "POST | /protected/json/users/80101/devices/abc/remove               | 404 | 60092",
        "GET  | /protected/json/phones/verification/status?country_code=1&phone_number=12 | 400 | 60033",
        "GET  | /qr/not-a-token.png                                          | 404 | 60000",
        "POST | /devices/registrations/not-a-uuid/complete                   | 404 | 60035",
    })
    void authyErrorNeverA500(String method, String path, int status, String errorCode) {
        given().header("X-Authy-API-Key", KEY).contentType("application/json").body(method.equals("POST") ? "{}" : "")
                .when().request(method, path)
                .then().statusCode(status)
                .contentType(matchesPattern("application/json.*"))
                .body("success", equalTo(false))
                .body("error_code", equalTo(errorCode));
    }

    @ParameterizedTest(name = "no key: {0}")
    @CsvSource({"/protected/json/sms/80101", "/protected/json/verify/1234567/80101", "/protected/json/users/80101/devices"})
    void missingKey(String path) {
        given().when().get(path).then().statusCode(401).body("error_code", equalTo("60001"));
    }
}
