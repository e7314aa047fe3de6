package io.latchkey.token.rotation;

import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.token.authenticator.AuthenticatorSecret;
import io.latchkey.token.device.Device;
import io.latchkey.token.seed.SeedCipher;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Completes a master-key rotation: seeds still sealed under an older key id are re-sealed under the
 * active one, a batch per run. Verify also re-seals lazily when it opens a seed; this job reaches the
 * users who do not verify, so that the old key can eventually be removed from LATCHKEY_CRYPTO_KEYS.
 * Short-lived sealed values (SMS/voice and phone-verification codes: 10 min; QR images: 24 h) are
 * left to expire.
 */
@ApplicationScoped
public class SeedResealJob {

    private static final Logger LOG = Logger.getLogger(SeedResealJob.class);
    static final int BATCH = 200;

    @Inject
    SeedCipher seeds;

    @Inject
    SecretCipher cipher;

    @Scheduled(every = "${latchkey.seed-reseal.every:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onTimer() {
        int resealed = resealBatch();
        if (resealed > 0) {
            LOG.infof("re-sealed %d seeds under key id %s", resealed, cipher.activeKeyId());
        }
    }

    /**
     * Re-seals up to {@link #BATCH} seeds of each kind, walking rows in id order and paging past rows
     * that cannot be re-sealed (a value that does not open is logged by row id and skipped, never
     * fails the batch). Each write is a conditional update of the sealed column alone, so a concurrent
     * {@code last_used_step} advance, removal or new secret is never undone.
     *
     * @return how many seeds were re-sealed in this batch
     */
    @Transactional
    public int resealBatch() {
        String prefix = cipher.activeKeyId() + ":";
        int count = 0;
        long after = Long.MIN_VALUE;
        int resealed = 0;
        while (resealed < BATCH) {
            // a prefix comparison, not LIKE: a key id may contain _ or %
            List<Object[]> rows = Device.getEntityManager().createQuery(
                    "select d.id, d.seedSealed from Device d where d.id > ?1 "
                            + "and substring(d.seedSealed, 1, ?2) <> ?3 order by d.id", Object[].class)
                    .setParameter(1, after).setParameter(2, prefix.length()).setParameter(3, prefix)
                    .setMaxResults(BATCH).getResultList();
            for (Object[] row : rows) {
                after = (Long) row[0];
                if (resealDevice(after, (String) row[1])) {
                    resealed++;
                }
            }
            if (rows.size() < BATCH) {
                break;
            }
        }
        count += resealed;
        after = Long.MIN_VALUE;
        resealed = 0;
        while (resealed < BATCH) {
            List<AuthenticatorSecret> rows = AuthenticatorSecret.getEntityManager().createQuery(
                    "select s from AuthenticatorSecret s where s.authyId > ?1 "
                            + "and substring(s.seedSealed, 1, ?2) <> ?3 order by s.authyId", AuthenticatorSecret.class)
                    .setParameter(1, after).setParameter(2, prefix.length()).setParameter(3, prefix)
                    .setMaxResults(BATCH).getResultList();
            for (AuthenticatorSecret secret : rows) {
                after = secret.authyId;
                if (resealAuthenticator(secret.authyId, secret.seedContext(), secret.seedSealed)) {
                    resealed++;
                }
            }
            if (rows.size() < BATCH) {
                break;
            }
        }
        return count + resealed;
    }

    /** Re-seals one device seed if its sealed column still holds {@code sealed}; false when skipped. */
    @Transactional
    boolean resealDevice(long id, String sealed) {
        String resealed = reseal(sealed, Device.seedContext(id), "device " + id);
        return resealed != null
                && Device.update("seedSealed = ?1 where id = ?2 and seedSealed = ?3", resealed, id, sealed) == 1;
    }

    @Transactional
    boolean resealAuthenticator(long authyId, String context, String sealed) {
        String resealed = reseal(sealed, context, "authenticator secret of user " + authyId);
        return resealed != null && AuthenticatorSecret.update(
                "seedSealed = ?1 where authyId = ?2 and seedSealed = ?3", resealed, authyId, sealed) == 1;
    }

    /** The seed sealed under the active key, or null (logged without secrets) when the stored value does not open. */
    private String reseal(String sealed, String context, String row) {
        byte[] seed;
        try {
            seed = seeds.open(sealed, context);
        } catch (SecretCipher.SealedValueException e) {
            LOG.warnf("%s: sealed seed does not open (%s), skipped", row, e.getMessage());
            return null;
        }
        try {
            return seeds.seal(seed, context);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
