package io.latchkey.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.authy.AuthyApiClient;
import com.authy.AuthyException;
import com.authy.api.Hash;
import com.authy.api.Token;
import com.authy.api.User;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.latchkey.devicesim.DeviceSimulator;
import io.latchkey.devicesim.SimulatedDevice;
import io.latchkey.totp.Base32;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;

/**
 * An integration's first evening, through the base URL with the official authy-java client: an operator creates
 * the application through the admin API (a signed OIDC token), the integration registers a user, sends an SMS and
 * verifies the code the user read; the user installs the app (the device simulator registers), after which an
 * SMS is not needed and is ignored; the user enrols an authenticator app from the QR image (decoded with ZXing)
 * and its code verifies, after which the image is gone. Each call comes right after the one before, as a client
 * makes them; the only waits are for a message to arrive on the "phone" (the local provider's file).
 */
@ExtendWith(Platform.Started.class)
@Order(8)
class AuthyJavaEndToEndTest {

    private static final Duration SMS_ARRIVES = Duration.ofSeconds(30);
    private static final Totp AUTHENTICATOR_APP = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30));

    @Test
    void registerSmsVerifyDeviceThenAuthenticatorApp() throws Exception {
        Platform platform = Platform.get();
        Admin.App app = Admin.createApps(platform, "authy-java e2e", 1, Map.of()).get(0);
        // testMode true: authy-java then allows a plain-http base URL (the local run has no TLS)
        AuthyApiClient client = new AuthyApiClient(app.apiKey(), platform.baseUrl(), true);

        String phone = Phones.next();
        String e164 = "+1" + phone.replace("-", "");
        User user = client.getUsers().createUser("e2e-" + phone + "@example.com", phone, "1");
        assertTrue(user.isOk(), "users/new: " + (user.getError() == null ? "" : user.getError().getMessage()));
        int authyId = user.getId();

        Hash sms = client.getUsers().requestSms(authyId);
        assertTrue(sms.isSuccess(), sms.getMessage());
        String code = SentMessages.awaitCode(platform, e164, SMS_ARRIVES);
        Token verified = client.getTokens().verify(authyId, code);
        assertTrue(verified.isOk(), "the SMS code verifies");
        // authy-java turns the 401 of a used code into an exception
        AuthyException reused = assertThrows(AuthyException.class, () -> client.getTokens().verify(authyId, code));
        assertEquals("Invalid token", reused.getMessage(), "the same code a second time");

        Path deviceFile = Files.createTempFile("latchkey-e2e-device", ".json");
        SimulatedDevice device = SimulatedDevice.register(platform.baseUrl(), app.apiKey(), authyId,
                DeviceSimulator.newCodeIn(platform.outboxFile()), deviceFile);
        int sentBefore = SentMessages.count(platform, e164);
        Hash ignored = client.getUsers().requestSms(authyId);
        assertTrue(ignored.isSuccess(), ignored.getMessage());
        assertTrue(ignored.getMessage().startsWith("Ignored: SMS is not needed for smartphones"), ignored.getMessage());
        given().header("X-Authy-API-Key", app.apiKey()).when().get(platform.baseUrl() + "/protected/json/sms/" + authyId)
                .then().statusCode(200).body("ignored", equalTo(true));
        assertEquals(sentBefore, SentMessages.count(platform, e164), "an ignored SMS is not sent");
        // instead, token-service asks push-service (devices.notifications) to nudge the device, whose long-poll has it
        List<?> nudges = (List<?>) device.pending(10).get("notifications");
        assertFalse(nudges.isEmpty(), "the device is nudged instead of the SMS");

        String qrUrl = given().header("X-Authy-API-Key", app.apiKey()).contentType("application/json")
                .body("{\"label\":\"e2e\"}")
                .when().post(platform.baseUrl() + "/protected/json/users/" + authyId + "/secret")
                .then().statusCode(200).extract().path("qr_code");
        assertTrue(qrUrl.startsWith(platform.baseUrl() + "/qr/"), qrUrl);
        byte[] png = given().when().get(qrUrl).then().statusCode(200).contentType("image/png").extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        String otpauth = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
        byte[] seed = Base32.decode(otpauth.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1"));
        Token totp = client.getTokens().verify(authyId, AUTHENTICATOR_APP.generate(seed, Instant.now()));
        assertTrue(totp.isOk(), "the authenticator app's code verifies");
        given().when().get(qrUrl).then().statusCode(404).body("error_code", equalTo("60000"));
    }
}
