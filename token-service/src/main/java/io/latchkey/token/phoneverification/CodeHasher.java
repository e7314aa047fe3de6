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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Random numeric codes, stored and compared as HMAC-SHA256 bound to the record they belong to. */
@ApplicationScoped
public class CodeHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CodePolicy policy;

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
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(policy.hmacKey()), "HmacSHA256"));
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
