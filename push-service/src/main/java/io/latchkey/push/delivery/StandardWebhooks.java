package io.latchkey.push.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (standardwebhooks.com): {@code v1,} + base64 HMAC-SHA256 of
 * {@code id.timestamp.payload}. Keyed by the UTF-8 bytes of the application's API key (callbacks) or of the
 * webhook's {@code WSK_} key, not by a {@code whsec_} base64 secret: receivers pass the key as raw bytes.
 */
public final class StandardWebhooks {

    private StandardWebhooks() {
    }

    public static String signature(String key, String id, String timestamp, String payload) {
        return "v1," + hmacBase64(key, id + "." + timestamp + "." + payload);
    }

    /** Base64 HMAC-SHA256 of {@code data} keyed by the UTF-8 bytes of {@code key}. */
    public static String hmacBase64(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
