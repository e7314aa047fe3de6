package io.latchkey.token.otp;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.latchkey.authy.PhoneMasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.devices.DeviceNotificationRequested;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.channel.Channel;
import io.latchkey.token.channel.CodeDeliveries;
import io.latchkey.token.channel.SendingRules;
import io.latchkey.token.config.OtpPolicy;
import io.latchkey.token.device.Device;
import io.latchkey.token.limits.CounterKeys;
import io.latchkey.token.limits.DestinationLimits;
import io.latchkey.token.limits.WindowCounters;
import io.latchkey.token.phoneverification.CodeHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Rules of {@code sms/{id}} and {@code call/{id}} (docs/authy-api.md rows 9-10, §6). */
@ApplicationScoped
public class OtpService {

    private static final Logger LOG = Logger.getLogger(OtpService.class);

    /** {@code ignoredForDevice} is the os type of the device that was notified instead, or empty when a code went out. */
    public record Outcome(Optional<String> ignoredForDevice) {
    }

    @Inject
    OtpPolicy policy;

    @Inject
    CodeHasher codes;

    @Inject
    SecretCipher cipher;

    @Inject
    WindowCounters limits;

    @Inject
    DestinationLimits destinations;

    @Inject
    Outbox outbox;

    @Inject
    CodeDeliveries deliveries;

    @Inject
    MeterRegistry metrics;

    @Transactional
    public Outcome send(ApplicationProjection application, UserProjection user, Channel channel, boolean force, String action,
            String actionMessage, String locale) {
        SendingRules.check(application, channel, user.phoneE164);
        // a user with the app gets a nudge on the device instead, unless the caller insists or binds an action (§6)
        if (!force && action == null) {
            Optional<Device> device = Device.latestRegistered(user.authyId);
            if (device.isPresent()) {
                DeviceNotificationRequested nudge = new DeviceNotificationRequested(device.get().id, user.authyId,
                        application.applicationId, device.get().osType, channel.via);
                outbox.publish(nudge);
                metrics.counter("latchkey.otp.requests", "channel", channel.via, "result", "ignored").increment();
                return new Outcome(Optional.of(device.get().osType));
            }
        }
        if (!limits.tryTake(CounterKeys.sends(user.authyId), policy.sendLimit().max(), policy.sendLimit().window())) {
            LOG.infof("user %d: send limit reached", user.authyId);
            metrics.counter("latchkey.otp.requests", "channel", channel.via, "result", "limited").increment();
            throw AuthyException.tooManyRequests();
        }
        Instant now = Instant.now();
        int length = application.tokenLength;
        Optional<OtpCode> pending = OtpCode.resendable(application.applicationId, user.authyId, action, length, now);
        // a pending code is sent again; one that no longer opens (its key left the key list) is retired for a fresh one
        String code = pending.flatMap(old -> cipher.openStringIfPossible(old.codeSealed, OtpCode.sealingContext(old.id)))
                .orElse(null);
        if (code == null) {
            pending.ifPresent(unopenable -> {
                LOG.warnf("user %d: pending code sealed with a key no longer listed; a fresh one is made", user.authyId);
                unopenable.expiresAt = now;
            });
            OtpCode fresh = new OtpCode();
            fresh.id = UUID.randomUUID();
            fresh.applicationId = application.applicationId;
            fresh.authyId = user.authyId;
            fresh.channel = channel.stored;
            fresh.action = action;
            fresh.codeLength = length;
            code = codes.newCode(length);
            fresh.codeHmac = codes.hmac(fresh.id.toString(), code);
            fresh.codeSealed = cipher.seal(code, OtpCode.sealingContext(fresh.id));
            fresh.createdAt = now;
            fresh.expiresAt = now.plus(policy.codeLifetime());
            fresh.persist();
        }
        deliveries.send(Kind.OTP, channel, application.applicationId, user.authyId, user.phoneE164, locale, actionMessage,
                code);
        destinations.take(application.applicationId, user.phoneE164); // last: it locks the number range's counter until commit
        LOG.debugf("user %d: %s code %s to %s", user.authyId, channel.via, pending.isPresent() ? "re-sent" : "sent",
                PhoneMasks.forLog(user.phoneE164));
        metrics.counter("latchkey.otp.requests", "channel", channel.via,
                "result", pending.isPresent() ? "resent" : "sent").increment();
        return new Outcome(Optional.empty());
    }
}
