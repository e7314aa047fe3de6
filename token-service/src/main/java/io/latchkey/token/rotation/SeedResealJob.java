package io.latchkey.token.rotation;

import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.token.authenticator.AuthenticatorSecret;
import io.latchkey.token.device.Device;
import io.latchkey.token.totp.SeedCipher;
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

    /** @return how many seeds were re-sealed in this batch */
    @Transactional
    public int resealBatch() {
        String current = cipher.activeKeyId() + ":%";
        int count = 0;
        List<Device> devices = Device.<Device> find("seedSealed not like ?1", current).page(0, BATCH).list();
        for (Device device : devices) {
            device.seedSealed = reseal(device.seedSealed, Device.seedContext(device.id));
            count++;
        }
        List<AuthenticatorSecret> secrets = AuthenticatorSecret.<AuthenticatorSecret> find("seedSealed not like ?1", current)
                .page(0, BATCH).list();
        for (AuthenticatorSecret secret : secrets) {
            secret.seedSealed = reseal(secret.seedSealed, secret.seedContext());
            count++;
        }
        return count;
    }

    private String reseal(String sealed, String context) {
        byte[] seed = seeds.open(sealed, context);
        try {
            return seeds.seal(seed, context);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
