package io.latchkey.crypto;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Master keys for secrets at rest. {@code latchkey.crypto.keys} lists {@code id:base64-32-bytes}
 * pairs separated by commas (env {@code LATCHKEY_CRYPTO_KEYS}); {@code active-key-id} (env
 * {@code LATCHKEY_CRYPTO_ACTIVE_KEY_ID}) seals new values, every listed key still opens old ones.
 * Optional here so that a service that never touches a secret starts without them.
 */
@ConfigMapping(prefix = "latchkey.crypto")
public interface CryptoConfig {

    Optional<String> keys();

    Optional<String> activeKeyId();
}
