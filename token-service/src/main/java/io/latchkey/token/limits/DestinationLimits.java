package io.latchkey.token.limits;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.error.AuthyException;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * How many SMS and calls a destination may get (SMS pumping floods one number or walks a premium
 * range; a leaked key floods anyone). Decided here, where {@code sms}, {@code call}, phone
 * verification and device registration are answered, so that the answer tells the truth: a refused
 * message is a 429/60003, never "sent". Counted per application (one tenant never uses up another's
 * allowance for a number), with a platform-wide cap per number on top. The counters are
 * {@link WindowCounters}, in the caller's transaction: a refusal (which rolls it back) counts nothing.
 */
@ApplicationScoped
public class DestinationLimits {

    private static final Logger LOG = Logger.getLogger(DestinationLimits.class);

    @ConfigMapping(prefix = "latchkey.destination-limits")
    public interface Config {
        /** Messages per application to one number in {@link #window()}. */
        @WithDefault("10")
        int perNumber();

        /** Messages per application to one number range (the first {@link #rangeDigits()} digits) in {@link #window()}. */
        @WithDefault("100")
        int perRange();

        @WithDefault("7")
        int rangeDigits();

        /** Messages to one number from all applications together in {@link #window()}: the platform's cap. */
        @WithDefault("30")
        int perNumberAllApplications();

        @WithDefault("1h")
        Duration window();
    }

    @Inject
    WindowCounters counters;

    @Inject
    Config config;

    /**
     * Counts one message to {@code phoneE164} for {@code applicationId}, or throws 429/60003 when a limit is reached.
     * Called as the last statement of the caller's transaction, for the range's lock (below).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void take(long applicationId, String phoneE164) {
        String digits = phoneE164.startsWith("+") ? phoneE164.substring(1) : phoneE164;
        String range = digits.substring(0, Math.min(config.rangeDigits(), digits.length()));
        // the number first: flooding one number must not use up its whole range's allowance. The range last: its
        // row is shared by every number in it (10,000 with 7 digits), and an upsert holds the row's lock until
        // commit, so every message to the range waits for the one before it to commit
        take(CounterKeys.destination(applicationId, digits), config.perNumber(), phoneE164, "per application");
        take(CounterKeys.destinationAllApplications(digits), config.perNumberAllApplications(), phoneE164,
                "across applications");
        take(CounterKeys.destinationRange(applicationId, range), config.perRange(), phoneE164, "per application and range");
    }

    private void take(String key, int max, String phoneE164, String scope) {
        if (!counters.tryTake(key, max, config.window())) {
            LOG.infof("%s: %d messages %s per %s reached, refused", PhoneMasks.forLog(phoneE164), max, scope, config.window());
            throw AuthyException.tooManyRequests();
        }
    }
}
