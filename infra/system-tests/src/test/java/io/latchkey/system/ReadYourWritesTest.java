package io.latchkey.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.authy.AuthyApiClient;
import com.authy.api.Hash;
import com.authy.api.User;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Read your writes across services (docs/consistency.md), through the gateway as a client calls:
 * once a call has answered 200, the next call, to whichever service, sees its effect. Each sequence
 * runs {@value #RUNS} times one client after another, then {@value #RUNS} times from
 * {@value #CLIENTS} clients at once; a single miss fails the test.
 */
@ExtendWith(Platform.Started.class)
class ReadYourWritesTest {

    static final int RUNS = 200;
    static final int CLIENTS = 16;

    static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.get();
    }

    @Test
    void newUserThenSms() throws Exception {
        bothWays("users/new -> sms (authy-java)", (client, run) -> {
            AuthyApiClient authy = new AuthyApiClient(Platform.BOOTSTRAP_API_KEY, platform.baseUrl(), true);
            User user = authy.getUsers().createUser("sms" + run + "@example.com", Phones.next(), "1");
            if (!user.isOk()) {
                return "users/new: " + user.getError();
            }
            Hash sent = authy.getUsers().requestSms(user.getId(), Map.of("force", "true"));
            return sent.isOk() && "SMS token was sent".equals(sent.getMessage()) ? null
                    : "sms: " + sent.getMessage() + " " + sent.getError();
        });
    }

    @Test
    void newUserThenSecret() throws Exception {
        bothWays("users/new -> users/{id}/secret", (client, run) -> {
            long id = newUser(Platform.BOOTSTRAP_API_KEY);
            Response secret = authy(Platform.BOOTSTRAP_API_KEY).post("/protected/json/users/" + id + "/secret");
            return secret.statusCode() == 200 && secret.path("qr_code") != null ? null : "secret: " + secret.asString();
        });
    }

    @Test
    void newUserThenApprovalRequest() throws Exception {
        // push-service knows the new user at once: a user without a device is 400/60050, an unknown one 404/60026
        bothWays("users/new -> onetouch approval_requests (60050: known, no device yet)", (client, run) -> {
            long id = newUser(Platform.BOOTSTRAP_API_KEY);
            Response approval = approvalRequest(Platform.BOOTSTRAP_API_KEY, id);
            return approval.statusCode() == 400 && "60050".equals(approval.path("error_code")) ? null
                    : "approval request: " + approval.statusCode() + " " + approval.asString();
        });
    }

    @Test
    void importedUserGetsAnSms() throws Exception {
        AtomicLong nextAuthyId = new AtomicLong(5_000_000);
        int applicationId = authy(Platform.BOOTSTRAP_API_KEY).get("/protected/json/app/details").path("app.app_id");
        bothWays("admin users/import -> sms", (client, run) -> {
            long authyId = nextAuthyId.incrementAndGet();
            String csv = "authy_id,country_code,cellphone,email\n" + authyId + ",1," + Phones.next() + ",i" + authyId + "@example.com\n";
            Response imported = given().baseUri(platform.baseUrl()).auth().oauth2(platform.adminToken())
                    .contentType("text/csv").body(csv).post("/admin/applications/" + applicationId + "/users/import");
            if (imported.statusCode() != 200 || !imported.asString().contains("\"created\":1")) {
                return "import: " + imported.statusCode() + " " + imported.asString();
            }
            Response sent = authy(Platform.BOOTSTRAP_API_KEY).queryParam("force", "true").get("/protected/json/sms/" + authyId);
            return sent.statusCode() == 200 && "SMS token was sent".equals(sent.path("message")) ? null
                    : "sms of the imported user: " + sent.asString();
        });
    }

    @Test
    void removedUserGetsNoSms() throws Exception {
        bothWays("users/new -> sms -> remove|delete -> sms is 404/60026", (client, run) -> {
            long id = newUser(Platform.BOOTSTRAP_API_KEY);
            Response first = authy(Platform.BOOTSTRAP_API_KEY).queryParam("force", "true").get("/protected/json/sms/" + id);
            if (first.statusCode() != 200) {
                return "first sms: " + first.asString();
            }
            String removal = run % 2 == 0 ? "/protected/json/users/" + id + "/remove" : "/protected/json/users/delete/" + id;
            Response removed = authy(Platform.BOOTSTRAP_API_KEY).post(removal);
            if (removed.statusCode() != 200) {
                return "remove: " + removed.asString();
            }
            Response after = authy(Platform.BOOTSTRAP_API_KEY).queryParam("force", "true").get("/protected/json/sms/" + id);
            return after.statusCode() == 404 && "60026".equals(after.path("error_code")) ? null
                    : "sms after removal: " + after.statusCode() + " " + after.asString();
        });
    }

    @Test
    void rotatedKeyIsRefusedEverywhereAndTheNewOneAccepted() throws Exception {
        // an application per client: clients rotating one application's key at once would refuse each other's keys
        List<Admin.App> apps = Admin.createApps(platform, "rotation", CLIENTS, Map.of());
        long[] users = new long[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            users[i] = newUser(apps.get(i).apiKey());
        }
        String[] keys = apps.stream().map(Admin.App::apiKey).toArray(String[]::new);
        bothWays("admin key rotation -> old key 401/60001 on user, token, push; new key works", (client, run) -> {
            Admin.App app = apps.get(client);
            String old = keys[client];
            String fresh = Admin.rotateApiKey(platform, app.id());
            keys[client] = fresh;
            for (String path : List.of("/protected/json/app/details", "/protected/json/users/" + users[client] + "/devices")) {
                Response refused = authy(old).get(path);
                if (refused.statusCode() != 401 || !"60001".equals(refused.path("error_code"))) {
                    return "old key on " + path + ": " + refused.statusCode() + " " + refused.asString();
                }
                Response accepted = authy(fresh).get(path);
                if (accepted.statusCode() != 200) {
                    return "new key on " + path + ": " + accepted.asString();
                }
            }
            Response refused = approvalRequest(old, users[client]);
            if (refused.statusCode() != 401 || !"60001".equals(refused.path("error_code"))) {
                return "old key on approval_requests: " + refused.statusCode() + " " + refused.asString();
            }
            // the new key is accepted: the answer is about the user (no device yet, 60050), not the key
            Response accepted = approvalRequest(fresh, users[client]);
            return accepted.statusCode() == 400 && "60050".equals(accepted.path("error_code")) ? null
                    : "new key on approval_requests: " + accepted.asString();
        });
    }

    @Test
    void smsSwitchTakesEffectAtOnce() throws Exception {
        List<Admin.App> apps = Admin.createApps(platform, "sms-switch", CLIENTS, Map.of());
        bothWays("admin sms_enabled off -> sms 60007; on -> sms sent", (client, run) -> {
            Admin.App app = apps.get(client);
            long id = newUser(app.apiKey());
            Admin.updateApp(platform, app.id(), Map.of("sms_enabled", false));
            Response refused = authy(app.apiKey()).queryParam("force", "true").get("/protected/json/sms/" + id);
            if (!"60007".equals(refused.path("error_code"))) {
                return "sms while disabled: " + refused.statusCode() + " " + refused.asString();
            }
            Admin.updateApp(platform, app.id(), Map.of("sms_enabled", true));
            Response sent = authy(app.apiKey()).queryParam("force", "true").get("/protected/json/sms/" + id);
            return sent.statusCode() == 200 && "SMS token was sent".equals(sent.path("message")) ? null
                    : "sms once enabled again: " + sent.asString();
        });
    }

    @Test
    void registeredDeviceIsInStatusAndCanApprove() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        bothWays("device registration complete -> status lists it; approval request accepted", (client, run) -> {
            String phone = Phones.next();
            long id = newUser(Platform.BOOTSTRAP_API_KEY, phone);
            String registration = registerDevice(Platform.BOOTSTRAP_API_KEY, id, phone, generator);
            if (registration != null) {
                return registration;
            }
            Response status = authy(Platform.BOOTSTRAP_API_KEY).get("/protected/json/users/" + id + "/status");
            List<String> devices = status.path("status.devices");
            if (devices == null || !devices.contains("android") || !Boolean.TRUE.equals(status.path("status.registered"))) {
                return "status right after registration: " + status.asString();
            }
            Response approval = approvalRequest(Platform.BOOTSTRAP_API_KEY, id);
            return approval.statusCode() == 200 ? null : "approval request after registration: " + approval.asString();
        });
    }

    /**
     * token-service answers the verify, user-service registers the user from its event: the status call right after
     * it waits for that consumer, which lets events gather at the broker for a few milliseconds (docs/events.md).
     */
    @Test
    void firstValidCodeShowsInStatusAtOnce() throws Exception {
        bothWays("sms -> verify (first valid code) -> status registered", (client, run) -> {
            String phone = Phones.next();
            long id = newUser(Platform.BOOTSTRAP_API_KEY, phone);
            Response sent = authy(Platform.BOOTSTRAP_API_KEY).queryParam("force", "true").get("/protected/json/sms/" + id);
            if (sent.statusCode() != 200) {
                return "sms: " + sent.asString();
            }
            String code = awaitCode("+1" + phone.replace("-", ""));
            Response verified = authy(Platform.BOOTSTRAP_API_KEY).queryParam("force", "true")
                    .get("/protected/json/verify/" + code + "/" + id);
            if (verified.statusCode() != 200) {
                return "verify: " + verified.asString();
            }
            Response status = authy(Platform.BOOTSTRAP_API_KEY).get("/protected/json/users/" + id + "/status");
            return Boolean.TRUE.equals(status.path("status.registered")) ? null
                    : "status right after the first valid code: " + status.asString();
        });
    }

    private static void bothWays(String name, Sequences.Sequence sequence) throws Exception {
        Sequences.assertNoMisses(name, RUNS, 1, sequence);
        Sequences.assertNoMisses(name, RUNS, CLIENTS, sequence);
    }

    static RequestSpecification authy(String apiKey) {
        return given().baseUri(Platform.get().baseUrl()).header("X-Authy-API-Key", apiKey);
    }

    static long newUser(String apiKey) {
        return newUser(apiKey, Phones.next());
    }

    static long newUser(String apiKey, String cellphone) {
        Response created = authy(apiKey).formParam("user[email]", "u" + cellphone + "@example.com")
                .formParam("user[cellphone]", cellphone).formParam("user[country_code]", "1")
                .formParam("send_install_link_via_sms", "false")
                .post("/protected/json/users/new");
        if (created.statusCode() != 200) {
            throw new AssertionError("users/new: " + created.asString());
        }
        return ((Number) created.path("user.id")).longValue();
    }

    /**
     * Registers a device for the user as the app does: starts a registration, reads the SMS code (the person
     * reading it: the one wait in these sequences, and it is not a read of our state) and completes it.
     *
     * @return null when registered, else what went wrong
     */
    static String registerDevice(String apiKey, long authyId, String cellphone, KeyPairGenerator keys)
            throws IOException, InterruptedException {
        Response started = authy(apiKey).formParam("via", "sms")
                .post("/protected/json/users/" + authyId + "/devices/registrations");
        if (started.statusCode() != 200) {
            return "registration start: " + started.asString();
        }
        String code = awaitCode("+1" + cellphone.replace("-", ""));
        String publicKey = Base64.getEncoder().encodeToString(keys.generateKeyPair().getPublic().getEncoded());
        Response completed = given().baseUri(Platform.get().baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "public_key", publicKey, "key_algorithm", "EC_P256", "os_type", "android"))
                .post("/devices/registrations/" + started.path("registration_id") + "/complete");
        return completed.statusCode() == 200 ? null : "registration complete: " + completed.asString();
    }

    static Response approvalRequest(String apiKey, long authyId) {
        return authy(apiKey).formParam("message", "Log in?").formParam("details[ip]", "192.0.2.1")
                .post("/onetouch/json/users/" + authyId + "/approval_requests");
    }

    /** The code in the newest message the local provider "sent" to {@code e164}. */
    private static String awaitCode(String e164) throws IOException, InterruptedException {
        return SentMessages.awaitCode(platform, e164, Duration.ofSeconds(30));
    }
}
