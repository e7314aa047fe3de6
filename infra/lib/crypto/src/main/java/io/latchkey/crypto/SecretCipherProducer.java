package io.latchkey.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

@ApplicationScoped
public class SecretCipherProducer {

    /**
     * Made at start-up in every service that injects it (Quarkus drops the bean where nobody does),
     * so missing or bad keys stop the start instead of failing the first request that seals.
     */
    @Produces
    @Singleton
    @Startup
    SecretCipher secretCipher(CryptoConfig config) {
        String keys = config.keys().orElseThrow(() -> new IllegalStateException(
                "latchkey.crypto.keys (env LATCHKEY_CRYPTO_KEYS) is not set: give at least one id:base64-32-byte-key"));
        return fromConfig(keys, config.activeKeyId());
    }

    static SecretCipher fromConfig(String keys, java.util.Optional<String> activeKeyId) {
        Map<String, byte[]> keysById = new LinkedHashMap<>();
        for (String entry : keys.split(",")) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("latchkey.crypto.keys: each entry must read id:base64-key");
            }
            try {
                keysById.put(trimmed.substring(0, colon), Base64.getDecoder().decode(trimmed.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("latchkey.crypto.keys: key '" + trimmed.substring(0, colon) + "' is not base64");
            }
        }
        String active = activeKeyId.orElseGet(() -> keysById.keySet().iterator().next());
        return new SecretCipher(keysById, active);
    }
}
