package io.latchkey.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.authy.AuthyApiClient;
import com.authy.AuthyException;
import com.authy.api.Token;

import io.latchkey.totp.Base32;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;
import io.restassured.http.ContentType;

/**
 * The move from Authy as a team makes it, through the gateway: the application is created with the API key it had
 * at Authy, its users are imported with their authy_ids and an authenticator seed, and the unmodified official
 * client, with the old key and only the new base URL, verifies a code from the user's existing authenticator app
 * at once; the same code a second time is refused. The seed appears in no log of the platform.
 */
@ExtendWith(Platform.Started.class)
@Order(15)
class MigrationEndToEndTest {

    @Test
    void theOldKeyAndTheUsersExistingAuthenticatorWorkRightAfterTheImport() throws Exception {
        Platform platform = Platform.get();
        String authyKey = randomKey();
        given().baseUri(platform.baseUrl()).auth().oauth2(platform.adminToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"Moved from Authy\",\"api_key\":\"" + authyKey + "\"}")
                .post("/admin/applications").then().statusCode(201);
        long applicationId = ((Number) given().baseUri(platform.baseUrl()).header("X-Authy-API-Key", authyKey)
                .get("/protected/json/app/details").then().statusCode(200).extract().path("app.app_id")).longValue();

        long authyId = 1_900_000_000L + new SecureRandom().nextInt(100_000_000);
        byte[] seed = new byte[20];
        new SecureRandom().nextBytes(seed);
        String base32 = Base32.encode(seed);
        String report = given().baseUri(platform.baseUrl()).auth().oauth2(platform.adminToken())
                .contentType("application/x-ndjson")
                .body(("{\"authy_id\":" + authyId + ",\"country_code\":1,\"cellphone\":\"" + Phones.next()
                        + "\",\"email\":\"moved@example.com\",\"totp_seed\":\"" + base32 + "\"}\n").getBytes(StandardCharsets.UTF_8))
                .post("/admin/applications/" + applicationId + "/users/import").then().statusCode(200).extract().asString();
        assertTrue(report.contains("\"seed\":\"imported\""), report);
        assertFalse(report.contains(base32), "the seed is never in the answer");

        AuthyApiClient client = new AuthyApiClient(authyKey, platform.baseUrl(), true);
        String code = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30)).generate(seed, Instant.now());
        Token first = client.getTokens().verify((int) authyId, code);
        assertTrue(first.isOk(), "the user's existing authenticator verifies right after the import: " + first.getError());
        // authy-java throws on a refused token
        AuthyException second = assertThrows(AuthyException.class, () -> client.getTokens().verify((int) authyId, code),
                "the same time step is refused the second time");
        assertEquals("Invalid token", second.getMessage());

        try (Stream<Path> logs = Files.list(platform.logs())) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log).contains(base32), "the seed is in " + log);
            }
        }
    }

    /** An API key as Authy issued them: 32 letters and digits. */
    private static String randomKey() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }
}
