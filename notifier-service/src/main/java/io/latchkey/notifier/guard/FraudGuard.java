package io.latchkey.notifier.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.apikey.ApplicationProjection;
import io.latchkey.notifier.config.NotifierConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Decides whether a message may cost money: the destination must be a valid number in a country
 * the application allows, and neither the number nor its number range may have had too many
 * messages lately (SMS pumping sends to many numbers of one premium range, or floods one number).
 * A refusal becomes a REJECTED delivery with a status event; nothing is sent.
 */
@ApplicationScoped
public class FraudGuard {

    private static final Logger LOG = Logger.getLogger(FraudGuard.class);

    public static final String INVALID_DESTINATION = "invalid-destination";
    public static final String COUNTRY_NOT_ALLOWED = "country-not-allowed";
    public static final String RATE_LIMITED_PREFIX = "rate-limited-prefix";
    public static final String RATE_LIMITED_DESTINATION = "rate-limited-destination";

    @Inject
    NotifierConfig config;

    @Inject
    RateCounters counters;

    /**
     * @param application the application's projection; null when it has not reached this service yet
     *                    (then no country list is known and every country passes)
     * @return the error code of a refusal, or empty when the message may go
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> check(String destination, Optional<String> region, ApplicationProjection application,
            Instant now) {
        if (region.isEmpty()) {
            return Optional.of(INVALID_DESTINATION);
        }
        if (application != null && !application.allowsCountry(region.get())) {
            LOG.infof("application %d does not allow %s, message to %s rejected", application.applicationId, region.get(),
                    PhoneMasks.forLog(destination));
            return Optional.of(COUNTRY_NOT_ALLOWED);
        }
        NotifierConfig.Guard guard = config.guard();
        // the number first: flooding one number must not use up its whole range's allowance (thousands of
        // other people's numbers); a message refused for the range has only cost its own number one slot
        if (!counters.tryCount("destination", destination, guard.destinationLimit(), guard.destinationWindow(), now)) {
            LOG.warnf("%s over %d messages per %s, rejected", PhoneMasks.forLog(destination), guard.destinationLimit(),
                    guard.destinationWindow());
            return Optional.of(RATE_LIMITED_DESTINATION);
        }
        if (!counters.tryCount("prefix", Destinations.prefix(destination, guard.prefixDigits()), guard.prefixLimit(),
                guard.prefixWindow(), now)) {
            LOG.warnf("number range of %s over %d messages per %s, rejected", PhoneMasks.forLog(destination),
                    guard.prefixLimit(), guard.prefixWindow());
            return Optional.of(RATE_LIMITED_PREFIX);
        }
        return Optional.empty();
    }

    /** Old windows are useless; keep two of the longest window for operators who look at the table. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purgeOldWindows() {
        Duration longest = config.guard().prefixWindow().compareTo(config.guard().destinationWindow()) > 0
                ? config.guard().prefixWindow()
                : config.guard().destinationWindow();
        counters.purgeBefore(Instant.now().minus(longest.multipliedBy(2)));
    }
}
