package io.latchkey.token.device;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

import io.latchkey.authy.apikey.ApplicationProjection;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.token.config.OtpPolicy;
import io.latchkey.token.limits.UserCounters;
import io.latchkey.token.limits.UserCounters.Limit;
import io.latchkey.token.phoneverification.CodeHasher;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.totp.Base32;
import io.latchkey.token.totp.Hotp;
import io.latchkey.token.totp.SeedCipher;
import io.latchkey.token.totp.Seeds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/** Device registration (the Authy app's role): prove the phone with a code, receive a device id and the soft-token seed. */
@ApplicationScoped
public class DeviceService {

    public static final String REGISTRATION_NOT_FOUND = "60035";
    public static final String REGISTRATION_INVALID_PIN = "60036";

    @Inject
    OtpPolicy policy;

    @Inject
    CodeHasher codes;

    @Inject
    SeedCipher seeds;

    @Inject
    UserCounters counters;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    public record Started(DeviceRegistration registration, Duration expiresIn) {
    }

    /** The seed in base32 and the parameters the device computes its soft token with. */
    public record Registered(Device device, String seedBase32, int digits, long periodSeconds, String algorithm) {
    }

    @Transactional
    public Started start(UserProjection user, ApplicationProjection application, String via, String locale) {
        if ("sms".equals(via) && !application.smsEnabled) {
            throw AuthyException.of(400, "60007", "SMS is disabled for this application");
        }
        if ("call".equals(via) && !application.voiceEnabled) {
            throw AuthyException.of(400, "60006", "Token via phone call is disabled for this application");
        }
        OtpPolicy.DeviceRegistration limits = policy.deviceRegistration();
        if (!counters.tryTake(Limit.REGISTRATION, user.authyId, limits.maxStarts(), limits.startWindow())) {
            throw AuthyException.tooManyRequests();
        }
        Instant now = Instant.now();
        DeviceRegistration registration = new DeviceRegistration();
        registration.id = UUID.randomUUID();
        registration.authyId = user.authyId;
        registration.applicationId = user.applicationId;
        registration.via = via;
        String code = codes.newCode(Math.clamp(application.tokenLength, Hotp.MIN_DIGITS, Hotp.MAX_DIGITS));
        registration.codeHmac = codes.hmac(registration.id.toString(), code);
        registration.createdAt = now;
        registration.expiresAt = now.plus(limits.codeLifetime());
        registration.persist();

        DeliveryRequested delivery = new DeliveryRequested(UUID.randomUUID(), user.applicationId, user.authyId,
                "call".equals(via) ? DeliveryRequested.Channel.VOICE : DeliveryRequested.Channel.SMS, user.phoneE164,
                locale, Kind.DEVICE_REGISTRATION, code, null);
        outbox.publish(Topics.DELIVERIES_REQUESTED, String.valueOf(user.authyId),
                Event.of(DeliveryRequested.TYPE, DeliveryRequested.SCHEMA_VERSION, delivery));
        return new Started(registration, Duration.between(now, registration.expiresAt));
    }

    /**
     * Completes a registration with its code. Wrong codes are counted on the registration (row lock,
     * so parallel guesses cannot exceed the limit) and commit even though the caller gets an error.
     */
    @Transactional(dontRollbackOn = AuthyException.class)
    public Registered complete(UUID registrationId, String code, String publicKey, String keyAlgorithm, String osType,
            int tokenLength) {
        String canonicalKey = PublicKeys.validate(publicKey, keyAlgorithm);
        DeviceRegistration registration = entityManager.find(DeviceRegistration.class, registrationId,
                LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (registration == null || registration.completedAt != null || !registration.expiresAt.isAfter(now)
                || registration.failedAttempts >= policy.deviceRegistration().maxAttempts()) {
            throw AuthyException.of(404, REGISTRATION_NOT_FOUND, "Registration request not found");
        }
        if (!codes.matches(registration.codeHmac, registration.id.toString(), code)) {
            registration.failedAttempts++;
            throw AuthyException.of(401, REGISTRATION_INVALID_PIN, "Registration PIN is invalid");
        }
        registration.completedAt = now;

        Device device = new Device();
        device.id = ((Number) entityManager.createNativeQuery("select nextval('device_id_seq')").getSingleResult()).longValue();
        device.authyId = registration.authyId;
        device.applicationId = registration.applicationId;
        device.osType = osType;
        device.publicKey = canonicalKey;
        device.keyAlgorithm = keyAlgorithm;
        device.registrationMethod = "call".equals(registration.via) ? "voice" : "sms";
        device.status = Device.REGISTERED;
        device.registeredAt = now.truncatedTo(ChronoUnit.MICROS);
        byte[] seed = Seeds.newSeed();
        String seedBase32;
        try {
            device.seedSealed = seeds.seal(seed, Device.seedContext(device.id));
            seedBase32 = Base32.encode(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        device.persist();
        publish(device, DeviceChanged.Status.REGISTERED, DeviceChanged.TYPE_REGISTERED);
        OtpPolicy.SoftToken softToken = policy.softToken();
        return new Registered(device, seedBase32, Math.clamp(tokenLength, Hotp.MIN_DIGITS, Hotp.MAX_DIGITS),
                softToken.period().toSeconds(), softToken.algorithm().otpauthName());
    }

    @Transactional
    public void remove(UserProjection user, String rawDeviceId) {
        Device device = rawDeviceId.matches("\\d{1,18}") ? Device.findById(Long.parseLong(rawDeviceId)) : null;
        if (device == null || device.authyId != user.authyId || Device.REMOVED.equals(device.status)) {
            throw AuthyException.of(404, "60092", "Device not found");
        }
        device.status = Device.REMOVED;
        device.removedAt = Instant.now();
        publish(device, DeviceChanged.Status.REMOVED, DeviceChanged.TYPE_REMOVED);
    }

    private void publish(Device device, DeviceChanged.Status status, String type) {
        DeviceChanged changed = new DeviceChanged(device.id, device.authyId, device.applicationId, device.osType,
                device.publicKey, device.keyAlgorithm, status);
        outbox.publish(Topics.DEVICES, String.valueOf(device.authyId), Event.of(type, DeviceChanged.SCHEMA_VERSION, changed));
    }
}
