package io.latchkey.user.user;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.users.UserChanged.ImportedAuthenticator;

/**
 * An authenticator seed the migration import carries over from Authy, with the parameters the user's app was set up
 * with. Held in memory only: it leaves user-service sealed on the {@code users} topic, for token-service.
 */
public record AuthenticatorSeed(byte[] seed, int digits, int periodSeconds, String algorithm) {

    /** Sealed for one change of one user: it opens only as that event's seed. */
    public ImportedAuthenticator sealFor(SecretCipher cipher, long authyId, long revision) {
        return new ImportedAuthenticator(cipher.seal(seed, ImportedAuthenticator.sealingContext(authyId, revision)), digits,
                periodSeconds, algorithm);
    }

    /** Never the seed: records print themselves in logs and assertion messages. */
    @Override
    public String toString() {
        return "AuthenticatorSeed[" + digits + " digits, " + periodSeconds + " s, " + algorithm + "]";
    }
}
