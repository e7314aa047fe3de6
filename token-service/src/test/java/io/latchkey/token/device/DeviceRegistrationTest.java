package io.latchkey.token.device;

import static io.latchkey.token.TestFixtures.delivery;
import static io.latchkey.token.TestFixtures.wrong;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.crypto.ApiKeys;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.events.devices.DeviceNotificationRequested;
import io.latchkey.events.users.UserChanged;
import io.latchkey.testkit.TestApplications;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.latchkey.totp.Base32;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** The Authy app's role: prove the phone, receive the seed, then soft tokens verify and sms is upgraded. */
@QuarkusTest
class DeviceRegistrationTest {

    static final long APP = TestIds.applicationId();
    static final String KEY = "device-test-key-0123456789abcdef";

    static final String OTHER_KEY = "device-test-other-key-0123456789ab";
    static final String FRANCE_KEY = "device-test-france-key-0123456789";
    static final String DIGITS_KEY = "device-test-digits-key-0123456789";

    private static boolean ready;

    @Inject
    DeviceService devices;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APP, "Device App", KEY);
            ready = true;
        }
    }

    @Test
    void registeredDeviceGetsTheSeedItsSoftTokenVerifiesAndSmsIsUpgraded() throws Exception {
        long authyId = TestIds.authyId();
        TestIds.Phone phone = TestIds.phone();
        TestFixtures.user(KEY, authyId, APP, 1, phone.e164(), false);
        String publicKey = ecP256PublicKey();
        String registration = start(authyId, "sms").statusCode(200)
                .body("cellphone", equalTo("+1-XXX-XXX-XX" + phone.last(2)))
                .body("seconds_to_expire", equalTo(599))
                .body("success", equalTo(true))
                .extract().path("registration_id");
        DeliveryRequested sent = delivery(authyId, Kind.DEVICE_REGISTRATION, 1);
        assertEquals(phone.e164(), sent.destination());

        complete(registration, wrong(sent.code()), publicKey, "EC_P256").statusCode(401).body("error_code", equalTo("60036"));
        ValidatableResponse registered = complete(registration, sent.code(), publicKey, "EC_P256").statusCode(200)
                .body("device.os_type", equalTo("android"))
                .body("token.digits", equalTo(7))
                .body("token.period", equalTo(10))
                .body("token.algorithm", equalTo("SHA1"))
                .body("secret_seed", matchesPattern("[A-Z2-7]{32}"));
        long deviceId = ((Number) registered.extract().path("device.id")).longValue();
        byte[] seed = Base32.decode(registered.extract().path("secret_seed"));
        complete(registration, sent.code(), publicKey, "EC_P256").statusCode(404).body("error_code", equalTo("60035"));

        Event<DeviceChanged> event = TestEvents.await(Topics.DEVICES, DeviceChanged.class,
                e -> e.payload().deviceId() == deviceId && e.payload().status() == DeviceChanged.Status.REGISTERED,
                TestFixtures.TIMEOUT);
        assertEquals(publicKey, event.payload().publicKey());
        assertEquals("EC_P256", event.payload().keyAlgorithm());

        // a device counts as registration: verify checks without force, with the soft token
        String softToken = new Totp(HmacAlgorithm.SHA1, 7, Duration.ofSeconds(10)).generate(seed, Instant.now());
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + softToken + "/" + authyId)
                .then().statusCode(200).body("token", equalTo("is valid"))
                .body("device.id", equalTo((int) deviceId)).body("device.os_type", equalTo("android"))
                .body("device.registration_method", equalTo("sms"));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + softToken + "/" + authyId)
                .then().statusCode(401).body("error_code", equalTo("60019"));

        // sms is not sent to a user with the app unless forced
        given().header("X-Authy-API-Key", KEY).queryParam("locale", "fr").when().get("/protected/json/sms/" + authyId)
                .then().statusCode(200)
                .body(equalTo("{\"message\":\"Ignored: SMS is not needed for smartphones. Pass force=true if you want to "
                        + "actually send it anyway.\",\"cellphone\":\"+1-XXX-XXX-XX" + phone.last(2)
                        + "\",\"device\":\"android\","
                        + "\"ignored\":true,\"success\":true}"));
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/call/" + authyId)
                .then().statusCode(200).body("ignored", equalTo(true))
                .body("message", equalTo("Call ignored. User is using  App Tokens and this call is not necessary. "
                        + "Pass force=true if you still want to call users that are using the App."));
        TestEvents.await(Topics.DEVICE_NOTIFICATIONS, DeviceNotificationRequested.class,
                e -> e.payload().authyId() == authyId && e.payload().deviceId() == deviceId, TestFixtures.TIMEOUT);
        assertSeedNeverInAnEvent(String.valueOf(authyId), seed);

        given().header("X-Authy-API-Key", KEY).queryParam("locale", "de").queryParam("force", "true")
                .when().get("/protected/json/sms/" + authyId)
                .then().statusCode(200).body(equalTo("{\"success\":true,\"message\":\"SMS token was sent\","
                        + "\"cellphone\":\"+1-XXX-XXX-XX" + phone.last(2) + "\"}"));
        assertEquals("de", delivery(authyId, Kind.OTP, 1).locale(), "the ignored requests sent nothing");

        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/users/" + authyId + "/devices")
                .then().statusCode(200).body("devices", hasSize(1)).body("devices[0].id", equalTo((int) deviceId))
                .body("devices[0].key_algorithm", equalTo("EC_P256")).body("message", equalTo("User devices."));
        given().header("X-Authy-API-Key", KEY)
                .when().post("/protected/json/users/" + authyId + "/devices/" + deviceId + "/remove")
                .then().statusCode(200).body(equalTo("{\"message\":\"Device removed.\",\"success\":true}"));
        TestEvents.await(Topics.DEVICES, DeviceChanged.class,
                e -> e.payload().deviceId() == deviceId && e.payload().status() == DeviceChanged.Status.REMOVED,
                TestFixtures.TIMEOUT);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/users/" + authyId + "/devices")
                .then().statusCode(200).body("devices", hasSize(0));
        given().header("X-Authy-API-Key", KEY)
                .when().post("/protected/json/users/" + authyId + "/devices/" + deviceId + "/remove")
                .then().statusCode(404).body("error_code", equalTo("60092"));
    }

    @Test
    void ed25519KeysAndBadKeys() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        String registration = start(authyId, "call").statusCode(200).extract().path("registration_id");
        DeliveryRequested sent = delivery(authyId, Kind.DEVICE_REGISTRATION, 1);
        assertEquals(DeliveryRequested.Channel.VOICE, sent.channel());
        String ed25519 = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());

        complete(registration, sent.code(), ed25519, "EC_P256").statusCode(400).body("error_code", equalTo("60004"));
        complete(registration, sent.code(), "bm90IGEga2V5", "ED25519").statusCode(400).body("error_code", equalTo("60004"));
        complete(registration, sent.code(), ed25519, "RSA").statusCode(400).body("error_code", equalTo("60004"));
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        complete(registration, sent.code(), Base64.getEncoder().encodeToString(p384.generateKeyPair().getPublic().getEncoded()),
                "EC_P256").statusCode(400).body("error_code", equalTo("60004"));
        complete(registration, sent.code(), ed25519, "ED25519").statusCode(200)
                .body("device.os_type", equalTo("android")).body("secret_seed", matchesPattern("[A-Z2-7]{32}"));
    }

    @Test
    void registrationAttemptsAreLimited() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        String publicKey = ecP256PublicKey();
        String registration = start(authyId, "sms").statusCode(200).extract().path("registration_id");
        String code = delivery(authyId, Kind.DEVICE_REGISTRATION, 1).code();
        for (int i = 0; i < 5; i++) {
            complete(registration, wrong(code), publicKey, "EC_P256").statusCode(401).body("error_code", equalTo("60036"));
        }
        // the sixth try finds the registration void, even with the right code
        complete(registration, code, publicKey, "EC_P256").statusCode(404).body("error_code", equalTo("60035"));
        start(authyId, "sms").statusCode(200);
        start(authyId, "sms").statusCode(200);
        start(authyId, "sms").statusCode(429).body("error_code", equalTo("60003"));
        start(TestIds.authyId(), "sms").statusCode(404).body("error_code", equalTo("60026"));
        start(authyId, "pigeon").statusCode(400).body("error_code", equalTo("60004"));
    }

    @Test
    void onlyTheUsersApplicationStartsARegistration() {
        long authyId = TestIds.authyId();
        TestIds.Phone phone = TestIds.phone();
        TestFixtures.user(KEY, authyId, APP, 1, phone.e164(), true);
        // the unauthenticated start of old is gone: no enumeration of authy_ids, no SMS paid by someone else
        given().contentType("application/json").body("{\"authy_id\":" + authyId + ",\"via\":\"sms\"}")
                .when().post("/devices/registrations").then().statusCode(org.hamcrest.Matchers.either(equalTo(404))
                        .or(equalTo(405)));
        given().contentType("application/json").body("{\"via\":\"sms\"}")
                .when().post("/protected/json/users/" + authyId + "/devices/registrations")
                .then().statusCode(401).body("error_code", equalTo("60001"));
        // another application's key does not reach this user
        TestFixtures.application(TestIds.applicationId(), "Other Device App", OTHER_KEY);
        start(OTHER_KEY, authyId, "sms").statusCode(404).body("error_code", equalTo("60026"));
        // a form body (Authy clients send either) and the default channel
        given().header("X-Authy-API-Key", KEY).formParam("locale", "fr")
                .when().post("/protected/json/users/" + authyId + "/devices/registrations")
                .then().statusCode(200).body("cellphone", equalTo("+1-XXX-XXX-XX" + phone.last(2)))
                .body("message", equalTo("Registration code sent by SMS."));
        DeliveryRequested sent = delivery(authyId, Kind.DEVICE_REGISTRATION, 1);
        assertEquals(DeliveryRequested.Channel.SMS, sent.channel());
        assertEquals("fr", sent.locale());
    }

    @Test
    void theApplicationsCountryListAndSwitchesApply() {
        long applicationId = TestIds.applicationId();
        ApplicationChanged onlyFrance = new ApplicationChanged(applicationId, 1, "France Only", ApiKeys.sha256Hex(FRANCE_KEY),
                null, 7, true, false, true, true, false, null, "POST", null, List.of("FR"), null, null, false);
        TestFixtures.application(onlyFrance, FRANCE_KEY);
        long usUser = TestIds.authyId();
        long frenchUser = TestIds.authyId();
        TestFixtures.user(FRANCE_KEY, usUser, applicationId, 1, TestIds.phone().e164(), true);
        // fixed: the application allows France only, so this user needs a valid French mobile
        TestFixtures.user(FRANCE_KEY, frenchUser, applicationId, 33, "+33612345678", true);
        start(FRANCE_KEY, usUser, "sms").statusCode(400).body("error_code", equalTo("60013"));
        start(FRANCE_KEY, frenchUser, "call").statusCode(400).body("error_code", equalTo("60006"));
        start(FRANCE_KEY, frenchUser, "sms").statusCode(200).body("cellphone", equalTo("+33-XXX-XXX-XX78"));
    }

    @Test
    void aDeviceKeepsTheDigitsItWasGiven() throws Exception {
        long applicationId = TestIds.applicationId();
        ApplicationChanged sevenDigits = TestApplications.withDefaults(applicationId, "Digits App", DIGITS_KEY);
        TestFixtures.application(sevenDigits, DIGITS_KEY);
        long deviceUser = TestIds.authyId();
        long smsUser = TestIds.authyId();
        TestFixtures.user(DIGITS_KEY, deviceUser, applicationId, 1, TestIds.phone().e164(), true);
        TestFixtures.user(DIGITS_KEY, smsUser, applicationId, 1, TestIds.phone().e164(), true);
        String registration = start(DIGITS_KEY, deviceUser, "sms").statusCode(200).extract().path("registration_id");
        String code = delivery(deviceUser, Kind.DEVICE_REGISTRATION, 1).code();
        byte[] seed = Base32.decode(complete(registration, code, ecP256PublicKey(), "EC_P256").statusCode(200)
                .body("token.digits", equalTo(7)).extract().<String> path("secret_seed"));

        // the application moves to 8-digit tokens; the device still computes 7 digits
        TestApplications.publish(new ApplicationChanged(applicationId, 2, "Digits App", ApiKeys.sha256Hex(DIGITS_KEY), null,
                8, true, true, true, true, false, null, "POST", null, List.of(), null, null, false));
        given().header("X-Authy-API-Key", DIGITS_KEY).queryParam("force", "true").when().get("/protected/json/sms/" + smsUser)
                .then().statusCode(200);
        assertEquals(8, delivery(smsUser, Kind.OTP, 1).code().length(), "new codes follow the application");
        String softToken = new Totp(HmacAlgorithm.SHA1, 7, Duration.ofSeconds(10)).generate(seed, Instant.now());
        given().header("X-Authy-API-Key", DIGITS_KEY).when().get("/protected/json/verify/" + softToken + "/" + deviceUser)
                .then().statusCode(200).body("token", equalTo("is valid"));
    }

    @Test
    void devicesOfARemovedUserStopWorkingAndAreRemoved() throws Exception {
        long userId = TestIds.authyId();
        long otherUserId = TestIds.authyId();
        String userPhone = TestIds.phone().e164();
        String otherUserPhone = TestIds.phone().e164();
        TestFixtures.user(KEY, userId, APP, 1, userPhone, true);
        TestFixtures.user(KEY, otherUserId, APP, 1, otherUserPhone, true);
        KeyPair phone = ecP256KeyPair();
        long phoneId = register(userId, phone, "EC_P256", 1);
        long otherId = register(otherUserId, ecP256KeyPair(), "EC_P256", 1);
        signed("GET", "/devices/mine", phoneId, phone, Instant.now()).statusCode(200);

        removeUser(userId, userPhone);
        removeUser(otherUserId, otherUserPhone);
        // lazily, on the device's next signed request
        signed("GET", "/devices/mine", phoneId, phone, Instant.now()).statusCode(401).body("error_code", equalTo("60087"));
        TestEvents.await(Topics.DEVICES, DeviceChanged.class,
                e -> e.payload().deviceId() == phoneId && e.payload().status() == DeviceChanged.Status.REMOVED,
                TestFixtures.TIMEOUT);
        // and by the sweep, for a device that never calls again
        assertEquals(1, devices.sweepDevicesOfRemovedUsers());
        TestEvents.await(Topics.DEVICES, DeviceChanged.class,
                e -> e.payload().deviceId() == otherId && e.payload().status() == DeviceChanged.Status.REMOVED,
                TestFixtures.TIMEOUT);
        assertEquals(0, devices.sweepDevicesOfRemovedUsers());
    }

    private static void removeUser(long authyId, String phoneE164) {
        TestEvents.publish(Topics.USERS, String.valueOf(authyId), Event.of(UserChanged.TYPE_REMOVED, UserChanged.SCHEMA_VERSION,
                new UserChanged(authyId, APP, 2, 1, phoneE164, "user" + authyId + "@example.com", true, true)));
        given().header("X-Authy-API-Key", KEY)
                .when().get("/protected/json/users/" + authyId + "/devices").then().statusCode(404);
    }

    @Test
    void aDeviceSignsItsOwnRequests() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        KeyPair phone = ecP256KeyPair();
        KeyPair laptop = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        long phoneId = register(authyId, phone, "EC_P256", 1);
        long laptopId = register(authyId, laptop, "ED25519", 2);

        signed("GET", "/devices/mine", phoneId, phone, Instant.now()).statusCode(200)
                .body("devices", hasSize(2))
                .body("devices.find { it.id == " + phoneId + " }.this_device", equalTo(true))
                .body("devices.find { it.id == " + laptopId + " }.this_device", equalTo(false));
        // a signature by another key, a stale timestamp, or a signature over another path do not pass
        signed("GET", "/devices/mine", phoneId, laptop, Instant.now()).statusCode(401).body("error_code", equalTo("60087"));
        signed("GET", "/devices/mine", laptopId, laptop, Instant.now().minusSeconds(600)).statusCode(401);
        String otherPath = sign(laptop, "GET", "/devices/" + laptopId + "/remove", Instant.now());
        given().header("X-Latchkey-Device-Id", laptopId).header("X-Latchkey-Timestamp", Instant.now().getEpochSecond())
                .header("X-Latchkey-Signature", otherPath).when().get("/devices/mine").then().statusCode(401);
        given().when().get("/devices/mine").then().statusCode(401).body("success", equalTo(false));

        // the laptop removes the lost phone; the phone's signatures stop working
        signed("POST", "/devices/" + phoneId + "/remove", laptopId, laptop, Instant.now()).statusCode(200)
                .body("message", equalTo("Device removed."));
        TestEvents.await(Topics.DEVICES, DeviceChanged.class,
                e -> e.payload().deviceId() == phoneId && e.payload().status() == DeviceChanged.Status.REMOVED,
                TestFixtures.TIMEOUT);
        signed("GET", "/devices/mine", phoneId, phone, Instant.now()).statusCode(401);
        signed("GET", "/devices/mine", laptopId, laptop, Instant.now()).statusCode(200).body("devices", hasSize(1));
    }

    /**
     * The REGISTERED record, a verification and a device notification of this user are on their topics
     * (awaited above), so the check reads real records: none holds the seed, in base32, base64 or hex.
     */
    private static void assertSeedNeverInAnEvent(String authyId, byte[] seed) {
        TestEvents.await(Topics.VERIFICATIONS, io.latchkey.events.verifications.VerificationChecked.class,
                e -> String.valueOf(e.payload().authyId()).equals(authyId), TestFixtures.TIMEOUT);
        List<String> forms = List.of(Base32.encode(seed), Base32.encode(seed).toLowerCase(java.util.Locale.ROOT),
                Base64.getEncoder().encodeToString(seed), Base64.getUrlEncoder().withoutPadding().encodeToString(seed),
                HexFormat.of().formatHex(seed), HexFormat.of().withUpperCase().formatHex(seed));
        for (String topic : List.of(Topics.DEVICES, Topics.VERIFICATIONS, Topics.DEVICE_NOTIFICATIONS)) {
            List<ConsumerRecord<String, String>> records = TestEvents.recordsWithKey(topic, authyId, Duration.ofSeconds(2));
            assertFalse(records.isEmpty(), "records of user " + authyId + " on " + topic);
            for (ConsumerRecord<String, String> record : records) {
                for (String form : forms) {
                    assertFalse(record.value().contains(form), "the seed travelled on " + topic);
                }
            }
        }
    }

    private static long register(long authyId, KeyPair keys, String algorithm, int nth) {
        String registration = start(authyId, "sms").statusCode(200).extract().path("registration_id");
        String code = delivery(authyId, Kind.DEVICE_REGISTRATION, nth).code();
        String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        return ((Number) complete(registration, code, publicKey, algorithm).statusCode(200).extract().path("device.id"))
                .longValue();
    }

    private static ValidatableResponse signed(String method, String path, long deviceId, KeyPair keys, Instant at)
            throws Exception {
        return given().header("X-Latchkey-Device-Id", deviceId).header("X-Latchkey-Timestamp", at.getEpochSecond())
                .header("X-Latchkey-Signature", sign(keys, method, path, at))
                .when().request(method, path).then();
    }

    private static String sign(KeyPair keys, String method, String path, Instant at) throws Exception {
        Signature signer = Signature.getInstance(keys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update((method + "\n" + path + "\n" + at.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static KeyPair ecP256KeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static ValidatableResponse start(long authyId, String via) {
        return start(KEY, authyId, via);
    }

    /** The application starts its user's registration with its API key. */
    static ValidatableResponse start(String apiKey, long authyId, String via) {
        return given().header("X-Authy-API-Key", apiKey).contentType("application/json").body("{\"via\":\"" + via + "\"}")
                .when().post("/protected/json/users/" + authyId + "/devices/registrations").then();
    }

    private static ValidatableResponse complete(String registration, String code, String publicKey, String algorithm) {
        return given().contentType("application/json")
                .body("{\"code\":\"" + code + "\",\"public_key\":\"" + publicKey + "\",\"key_algorithm\":\"" + algorithm
                        + "\",\"os_type\":\"android\"}")
                .when().post("/devices/registrations/" + registration + "/complete").then();
    }

    private static String ecP256PublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    }
}
