package io.latchkey.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest (API keys, TOTP seeds, signing keys) with AES-256-GCM. A sealed value reads
 * {@code <keyId>:<base64(iv || ciphertext || tag)>}: the key id lets an operator add a new master
 * key, make it active, and keep the old one for decryption until every value has been re-sealed.
 * The caller's {@code context} (for example {@code "totp-seed:42"}) is bound as associated data,
 * so a ciphertext copied onto another row does not decrypt there.
 * <p>
 * Pure Java, thread-safe: a {@link Cipher} is made per call (cheap next to a database round trip).
 */
public final class SecretCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keysById;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(Map<String, byte[]> keysById, String activeKeyId) {
        if (!keysById.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key id '" + activeKeyId + "' has no key");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keysById.forEach((id, bytes) -> {
            if (id.isBlank() || id.contains(":") || id.contains(",")) {
                throw new IllegalArgumentException("a key id must be non-empty without ':' or ','");
            }
            if (bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException("key '" + id + "' must be 32 bytes (AES-256), got " + bytes.length);
            }
            keys.put(id, new SecretKeySpec(bytes, "AES"));
        });
        this.keysById = Map.copyOf(keys);
        this.activeKeyId = activeKeyId;
    }

    public String seal(byte[] plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keysById.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String seal(String plaintext, String context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    public byte[] open(String sealedValue, String context) {
        int colon = sealedValue.indexOf(':');
        if (colon <= 0) {
            throw new SealedValueException("not a sealed value");
        }
        SecretKey key = keysById.get(sealedValue.substring(0, colon));
        if (key == null) {
            throw new SealedValueException("sealed with key id '" + sealedValue.substring(0, colon) + "', which is not configured");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealedValue.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SealedValueException("not a sealed value");
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new SealedValueException("sealed value too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedValueException("sealed value does not authenticate (tampered, or another context)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String openString(String sealedValue, String context) {
        return new String(open(sealedValue, context), StandardCharsets.UTF_8);
    }

    /**
     * The value opened, or empty when it no longer opens (its key was removed from the key list, or it
     * was tampered with): for values the caller can make afresh (a pending code, a QR image).
     */
    public java.util.Optional<String> openStringIfPossible(String sealedValue, String context) {
        try {
            return java.util.Optional.of(openString(sealedValue, context));
        } catch (SealedValueException e) {
            return java.util.Optional.empty();
        }
    }

    /** True when the value was sealed with an older key and should be re-sealed (lazy rotation). */
    public boolean needsResealing(String sealedValue) {
        return !sealedValue.startsWith(activeKeyId + ":");
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** Raised for a value that cannot be opened; its message never contains key material or plaintext. */
    public static final class SealedValueException extends RuntimeException {
        public SealedValueException(String message) {
            super(message);
        }
    }
}
