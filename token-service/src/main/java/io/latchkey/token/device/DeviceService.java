package io.latchkey.token.device;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.latchkey.authy.device.DeviceRequestSignature;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.projection.users.UserProjection;
import io.latchkey.token.channel.Channel;
import io.latchkey.token.channel.CodeDeliveries;
import io.latchkey.token.channel.SendingRules;
import io.latchkey.token.config.OtpPolicy;
import io.latchkey.token.limits.CounterKeys;
import io.latchkey.token.limits.DestinationLimits;
import io.latchkey.token.limits.WindowCounters;
import io.latchkey.token.phoneverification.CodeHasher;
import io.latchkey.token.seed.SeedCipher;
import io.latchkey.totp.Base32;
import io.latchkey.totp.Hotp;
import io.latchkey.totp.Seeds;
import io.quarkus.scheduler.Scheduled;
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
    static final int SWEEP_BATCH = 500;

    @Inject
    DestinationLimits destinations;

    @Inject
    OtpPolicy policy;

    @Inject
    CodeHasher codes;

    @Inject
    SeedCipher seeds;

    @Inject
    WindowCounters counters;

    @Inject
    Outbox outbox;

    @Inject
    CodeDeliveries deliveries;

    @Inject
    SecretCipher cipher;

    @Inject
    EntityManager entityManager;

    public record Started(DeviceRegistration registration, Duration expiresIn) {
    }

    /** The seed in base32 and the parameters the device computes its soft token with. */
    public record Registered(Device device, String seedBase32, int digits, long periodSeconds, String algorithm) {
    }

    /**
     * Sends a registration code to the user's phone. The caller is the user's application (API key);
     * the same switches as sms/call apply: SMS/voice on, the number's country allowed (60013).
     */
    @Transactional
    public Started start(UserProjection user, ApplicationProjection application, Channel via, String locale) {
        if (application.deleted || user.applicationId != application.applicationId) {
            throw AuthyException.userNotFound();
        }
        SendingRules.check(application, via, user.phoneE164);
        OtpPolicy.DeviceRegistration limits = policy.deviceRegistration();
        if (!counters.tryTake(CounterKeys.registrations(user.authyId), limits.maxStarts(), limits.startWindow())) {
            throw AuthyException.tooManyRequests();
        }
        Instant now = Instant.now();
        DeviceRegistration registration = new DeviceRegistration();
        registration.id = UUID.randomUUID();
        registration.authyId = user.authyId;
        registration.applicationId = user.applicationId;
        registration.via = via.via;
        String code = codes.newCode(Math.clamp(application.tokenLength, Hotp.MIN_DIGITS, Hotp.MAX_DIGITS));
        registration.codeHmac = codes.hmac(registration.id.toString(), code);
        registration.createdAt = now;
        registration.expiresAt = now.plus(limits.codeLifetime());
        registration.persist();

        deliveries.send(Kind.DEVICE_REGISTRATION, via, user.applicationId, user.authyId, user.phoneE164, locale, null, code);
        destinations.take(application.applicationId, user.phoneE164); // last: it locks the number range's counter until commit
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
        device.registrationMethod = Channel.fromVia(registration.via).stored;
        device.status = Device.REGISTERED;
        device.registeredAt = now.truncatedTo(ChronoUnit.MICROS);
        int digits = Math.clamp(tokenLength, Hotp.MIN_DIGITS, Hotp.MAX_DIGITS);
        device.digits = digits;
        byte[] seed = Seeds.newSeed();
        String seedBase32;
        try {
            device.seedSealed = seeds.seal(seed, Device.seedContext(device.id));
            seedBase32 = Base32.encode(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        device.persist();
        publish(device, DeviceChanged.Status.REGISTERED);
        OtpPolicy.SoftToken softToken = policy.softToken();
        return new Registered(device, seedBase32, digits,
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
        publish(device, DeviceChanged.Status.REMOVED);
    }

    /**
     * The registered device that signed this request ({@link DeviceRequestSignature}), provided its user still
     * exists: a device of a user removed in the users projection is retired on the spot (REMOVED through
     * the outbox, like every other device of that user) and the request refused with 401/60087.
     */
    public Device authenticate(String deviceId, String timestamp, String signature, String method, String path) {
        long callerId = DeviceRequestSignature.authenticate(deviceId, timestamp, signature, method, path,
                id -> Device.<Device> findByIdOptional(id).filter(device -> Device.REGISTERED.equals(device.status))
                        .map(device -> new DeviceRequestSignature.DeviceKey(device.publicKey, device.keyAlgorithm)));
        Device caller = Device.findById(callerId);
        UserProjection user = UserProjection.<UserProjection> findByIdOptional(caller.authyId).orElse(null);
        if (user == null || user.deleted) {
            if (user != null) {
                retireDevicesOf(caller.authyId);
            }
            throw DeviceRequestSignature.refused();
        }
        return caller;
    }

    /** Marks every registered device of a removed user REMOVED and publishes it; returns how many. */
    @Transactional
    public int retireDevicesOf(long authyId) {
        Instant now = Instant.now();
        List<Device> registered = Device.list("authyId = ?1 and status = ?2", authyId, Device.REGISTERED);
        for (Device device : registered) {
            // conditional, so a device removed meanwhile is not announced twice
            if (Device.update("status = ?1, removedAt = ?2 where id = ?3 and status = ?4",
                    Device.REMOVED, now, device.id, Device.REGISTERED) == 1) {
                publish(device, DeviceChanged.Status.REMOVED);
            }
        }
        return registered.size();
    }

    /**
     * The users projection (infra/lib/users-projection) only marks a user deleted; this sweep retires the
     * devices such users still have, so push-service hears REMOVED even if the device never calls again.
     */
    @Scheduled(every = "${latchkey.device-sweep.every:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweepOnTimer() {
        sweepDevicesOfRemovedUsers();
    }

    @Transactional
    public int sweepDevicesOfRemovedUsers() {
        List<Long> users = entityManager.createQuery("""
                select distinct d.authyId from Device d where d.status = :registered
                and exists (select u.authyId from UserProjection u where u.authyId = d.authyId and u.deleted = true)""",
                Long.class)
                .setParameter("registered", Device.REGISTERED)
                .setMaxResults(SWEEP_BATCH)
                .getResultList();
        int retired = 0;
        for (long authyId : users) {
            retired += retireDevicesOf(authyId);
        }
        return retired;
    }

    private void publish(Device device, DeviceChanged.Status status) {
        outbox.publish(new DeviceChanged(device.id, device.authyId, device.applicationId, device.osType, device.publicKey,
                device.keyAlgorithm, status));
    }
}
