package io.latchkey.token.phoneverification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.latchkey.token.config.CodePolicy;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Random numeric codes, stored and compared as HMAC-SHA256 bound to the record they belong to. */
@Startup
@ApplicationScoped
public class CodeHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MIN_KEY_BYTES = 32;

    @Inject
    CodePolicy policy;

    /** Decoded once; a key that is not base64 or too short stops the start (see {@link #decodeKey}). */
    private SecretKeySpec key;

    @PostConstruct
    void init() {
        key = decodeKey(policy.hmacKey());
    }

    /** The HMAC key from {@code latchkey.codes.hmac-key}: base64 of at least 32 bytes, else a start-up error naming the setting. */
    static SecretKeySpec decodeKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("latchkey.codes.hmac-key (LATCHKEY_CODE_HMAC_KEY) is not valid base64");
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("latchkey.codes.hmac-key (LATCHKEY_CODE_HMAC_KEY) must decode to at least "
                    + MIN_KEY_BYTES + " bytes, it has " + bytes.length);
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    public String newCode(int length) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append(RANDOM.nextInt(10));
        }
        return code.toString();
    }

    /** Binding the record id in means a code hash copied to another row does not verify there. */
    public String hmac(String recordId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((recordId + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JVM", e);
        }
    }

    public boolean matches(String expectedHmac, String recordId, String candidate) {
        return MessageDigest.isEqual(expectedHmac.getBytes(StandardCharsets.US_ASCII),
                hmac(recordId, candidate).getBytes(StandardCharsets.US_ASCII));
    }
}
