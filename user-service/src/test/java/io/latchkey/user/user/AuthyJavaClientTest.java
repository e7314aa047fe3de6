package io.latchkey.user.user;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.authy.AuthyApiClient;
import com.authy.api.Hash;
import com.authy.api.PhoneInfoResponse;
import com.authy.api.User;
import com.authy.api.UserStatus;

import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The official com.authy:authy-java 1.5.1 client drives the users API (our conformance oracle). */
@QuarkusTest
class AuthyJavaClientTest {

    private AuthyApiClient client;

    @BeforeEach
    void client() {
        // testFlag=true: the client casts to HttpsURLConnection otherwise (docs/authy-api.md §1.5)
        client = new AuthyApiClient(UsersApiTest.KEY, "http://127.0.0.1:" + RestAssured.port, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.getPhoneInfo().info(TestIds.phone().dashed(), "1").isOk());
    }

    @Test
    void createReadStatusAndDeleteAUser() throws Exception {
        TestIds.Phone phone = TestIds.phone();
        User user = client.getUsers().createUser("java@example.com", phone.dashed(), "1");
        assertTrue(user.isOk(), () -> "create failed: " + user.getError());
        assertTrue(user.getId() > 0);

        User again = client.getUsers().createUser("java-2@example.com", phone.dashed(), "1");
        assertEquals(user.getId(), again.getId(), "one authy_id per phone");

        UserStatus status = client.getUsers().requestStatus(user.getId());
        assertTrue(status.isOk());
        assertEquals(user.getId(), status.getUserId());
        assertEquals("XXX-XXX-" + phone.last(4), status.getPhoneNumber());
        assertEquals(1, status.getCountryCode());
        assertFalse(status.isRegistered());
        assertEquals(List.of(), status.getDevices());
        assertEquals("User status.", status.getMessage());

        Hash deleted = client.getUsers().deleteUser(user.getId());
        assertTrue(deleted.isOk());
        assertEquals("User removed from application", deleted.getMessage());

        UserStatus gone = client.getUsers().requestStatus(user.getId());
        assertFalse(gone.isOk());
        assertEquals(404, gone.getStatus());
        assertEquals("User not found.", gone.getError().getMessage());
    }

    @Test
    void invalidUserIsAnErrorTheClientUnderstands() throws Exception {
        User user = client.getUsers().createUser("java@example.com", "abc", "1");

        assertFalse(user.isOk());
        assertEquals(400, user.getStatus());
        assertEquals("User was not valid", user.getError().getMessage());
    }

    @Test
    void wrongKeyIsInvalidApiKey() throws Exception {
        AuthyApiClient wrong = new AuthyApiClient("wrong-key", "http://127.0.0.1:" + RestAssured.port, true);

        UserStatus status = wrong.getUsers().requestStatus(Math.toIntExact(TestIds.authyId()));

        assertFalse(status.isOk());
        assertEquals(401, status.getStatus());
        assertEquals("Invalid API key", status.getError().getMessage());
    }

    @Test
    void phoneInfo() throws Exception {
        PhoneInfoResponse info = client.getPhoneInfo().info(TestIds.phone().dashed(), "1");

        assertTrue(info.isOk());
        assertEquals("cellphone", info.getType());
        assertTrue(info.getMessage().startsWith("Phone number information as of "));
    }
}
