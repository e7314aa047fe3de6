package io.latchkey.token.config;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.token.seed.SeedCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the pure-Java {@link SeedCipher} to the installation's master keys (LATCHKEY_CRYPTO_KEYS). */
@ApplicationScoped
public class CryptoBeans {

    @Produces
    @Singleton
    SeedCipher seedCipher(SecretCipher cipher) {
        return new SeedCipher(cipher);
    }
}
