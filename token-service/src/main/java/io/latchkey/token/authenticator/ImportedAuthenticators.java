package io.latchkey.token.authenticator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import org.jboss.logging.Logger;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.users.UserChanged;
import io.latchkey.events.users.UserChanged.ImportedAuthenticator;
import io.latchkey.projection.users.UserChangeEffect;
import io.latchkey.token.seed.SeedCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores the authenticator seed the migration import carried over from Authy (docs/migrating-from-authy.md), in
 * the transaction that brings the user into this service's projection: once the user is known here, codes from
 * their existing authenticator app verify, and every step only once from the first use on. A user who already
 * has a seed made here keeps it (a later import does not undo an enrolment on Latchkey).
 */
@ApplicationScoped
public class ImportedAuthenticators implements UserChangeEffect {

    private static final Logger LOG = Logger.getLogger(ImportedAuthenticators.class);

    @Inject
    SecretCipher cipher;

    @Inject
    SeedCipher seeds;

    @Override
    public void apply(Event<UserChanged> event) {
        UserChanged user = event.payload();
        ImportedAuthenticator imported = user.importedAuthenticator();
        if (imported == null || user.deleted()) {
            return;
        }
        AuthenticatorSecret existing = AuthenticatorSecret.findById(user.authyId());
        if (existing != null && !existing.imported) {
            LOG.infof("user %d already has an authenticator made here: the imported one is not applied", user.authyId());
            return;
        }
        byte[] seed;
        try {
            seed = cipher.open(imported.sealedSeed(), ImportedAuthenticator.sealingContext(user.authyId(), user.revision()));
        } catch (SecretCipher.SealedValueException e) {
            // the key that sealed it is not configured here: the user enrols again, as one whose seed was not exported
            LOG.warnf("user %d: the imported authenticator seed does not open (%s); not applied", user.authyId(), e.getMessage());
            return;
        }
        try {
            AuthenticatorSecret secret = existing != null ? existing : new AuthenticatorSecret();
            secret.authyId = user.authyId();
            secret.applicationId = user.applicationId();
            secret.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            secret.seedSealed = seeds.seal(seed, secret.seedContext());
            secret.lastUsedStep = null;
            secret.digits = imported.digits();
            secret.periodSeconds = imported.periodSeconds();
            secret.algorithm = imported.algorithm();
            secret.imported = true;
            if (existing == null) {
                secret.persist();
            }
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
