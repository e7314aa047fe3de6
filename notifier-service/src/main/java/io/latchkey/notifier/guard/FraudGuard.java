package io.latchkey.notifier.guard;

import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.projection.applications.ApplicationProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The last look before a message costs money: the destination must be a valid number in a country
 * the application allows. How many messages a number or a number range may get is decided by
 * token-service where the API call is answered (its {@code DestinationLimits}), so that an answer
 * of "sent" is never refused here. A refusal becomes a REJECTED delivery with a status event.
 */
@ApplicationScoped
public class FraudGuard {

    private static final Logger LOG = Logger.getLogger(FraudGuard.class);

    public static final String INVALID_DESTINATION = "invalid-destination";
    public static final String COUNTRY_NOT_ALLOWED = "country-not-allowed";

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
        return Optional.empty();
    }
}
