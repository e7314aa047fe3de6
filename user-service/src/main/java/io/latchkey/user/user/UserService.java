package io.latchkey.user.user;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.events.users.UserChanged;
import io.latchkey.projection.applications.ApplicationProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The rules of the Authy users API (docs/authy-api.md rows 1–4, 6; §6 "User identity"). */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    static final List<String> ACTIVITY_TYPES = List.of("password_reset", "banned", "unbanned", "cookie_login");
    /** An activity's {@code data} is for audit, not a document store. */
    static final int MAX_ACTIVITY_DATA_CHARS = 4096;

    @Inject
    SecretCipher cipher;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    EntityManager entityManager;

    @Inject
    UsersConfig config;

    public record Registration(User user, boolean created) {
    }

    /**
     * One authy_id per phone in an application: registering a known phone again answers its id and
     * remembers the new email. A new user may get the install link by SMS (through the notifier).
     */
    @Transactional
    public Registration register(ApplicationProjection application, NewUser request, boolean sendInstallLink) {
        PhoneNumber phone = request.phone();
        String e164 = PhoneNumbers.e164(phone);
        lockPhone(entityManager, application.applicationId, e164);
        Optional<User> existing = User.findLiveByPhoneForUpdate(application.applicationId, e164);
        if (existing.isPresent()) {
            User user = existing.get();
            UserEmail.remember(user.authyId, request.email());
            if (!user.email.equals(request.email())) {
                user.email = request.email();
                publishChange(user);
            }
            return new Registration(user, false);
        }
        Instant now = Instant.now();
        User user = new User();
        user.applicationId = application.applicationId;
        user.countryCode = phone.getCountryCode();
        user.phoneE164 = e164;
        user.email = request.email();
        user.createdAt = now;
        user.updatedAt = now;
        user.persist();
        UserEmail.remember(user.authyId, request.email());
        publishChange(user);
        if (sendInstallLink && application.smsEnabled) {
            requestInstallLink(application, user);
        }
        LOG.infof("application %d: user %d registered for %s", application.applicationId, user.authyId,
                PhoneMasks.forLog(e164));
        return new Registration(user, true);
    }

    /**
     * Serializes registrations of one phone in one application until the transaction ends, so two
     * parallel {@code users/new} (or a call racing the import) agree on one authy_id instead of one
     * of them failing on the unique index.
     */
    public static void lockPhone(EntityManager entityManager, long applicationId, String e164) {
        lockPhones(entityManager, applicationId, new String[] { e164 });
    }

    /** {@link #lockPhone} for many phones in one round trip, taken in sorted order so two lockers never deadlock. */
    public static void lockPhones(EntityManager entityManager, long applicationId, String[] e164s) {
        entityManager.createNativeQuery("""
                select count(*) from (
                    select pg_advisory_xact_lock(hashtext(?1 || ':' || phone))
                    from (select distinct phone from unnest(?2) as phone order by phone) sorted) locked""")
                .setParameter(1, String.valueOf(applicationId))
                .setParameter(2, e164s)
                .getSingleResult();
    }

    @Transactional
    public void remove(long applicationId, long authyId) {
        User user = find(applicationId, authyId);
        user.removedAt = Instant.now();
        UserDevice.delete("authyId", authyId);
        publishChange(user);
    }

    @Transactional
    public UserStatus status(long applicationId, long authyId) {
        User user = User.findLive(applicationId, authyId).orElseThrow(AuthyException::userNotFound);
        return new UserStatus(user, UserDevice.osTypesOf(authyId));
    }

    public record UserStatus(User user, List<String> deviceTypes) {
    }

    @Transactional
    public void registerActivity(long applicationId, long authyId, String type, Map<String, Object> data, String userIp) {
        User user = find(applicationId, authyId);
        if (!ACTIVITY_TYPES.contains(type)) {
            throw AuthyException.of(400, "60029", "Activity could not be created: type must be one of "
                    + String.join(", ", ACTIVITY_TYPES)).withFieldError("type", "is invalid");
        }
        RegistrationActivity activity = new RegistrationActivity();
        activity.authyId = user.authyId;
        activity.type = type;
        activity.data = data.isEmpty() ? null : json(data);
        activity.userIp = userIp == null || userIp.isBlank() ? null : userIp.strip();
        activity.createdAt = Instant.now();
        if (activity.userIp != null && activity.userIp.length() > 64) {
            throw AuthyException.invalidParameter("user_ip", "is too long (maximum is 64 characters)");
        }
        activity.persist();
        if (type.equals("banned") || type.equals("unbanned")) {
            user.accountDisabled = type.equals("banned");
            user.updatedAt = activity.createdAt;
        }
    }

    @Transactional
    public void updateEmail(long applicationId, long authyId, String email) {
        User user = find(applicationId, authyId);
        UserEmail.remember(user.authyId, email);
        if (!user.email.equals(email)) {
            user.email = email;
            publishChange(user);
        }
    }

    /** Adds an email to the ones a user was registered with (the import uses it too). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rememberEmail(long authyId, String email) {
        UserEmail.remember(authyId, email);
    }

    /** Called from the {@code verifications} and {@code devices} consumers, inside their transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    /** The first proof registers the user, and is kept: when ({@code at}, the event's time) and how ({@code via}). */
    public void markRegistered(long authyId, Instant at, String via) {
        User user = User.findForUpdate(authyId).orElse(null);
        if (user != null && user.removedAt == null && !user.registered) {
            user.registered = true;
            user.registeredAt = at;
            user.registeredVia = via;
            publishChange(user);
        }
    }

    private User find(long applicationId, long authyId) {
        return User.findLiveForUpdate(applicationId, authyId).orElseThrow(AuthyException::userNotFound);
    }

    /** Every change goes to the compacted {@code users} topic in this transaction (docs/architecture.md "Events"). */
    public void publishChange(User user) {
        publishChange(user, null);
    }

    /**
     * Publishes the user's new state; with {@code imported}, the authenticator seed the migration import carries
     * over from Authy, sealed for this change only (token-service stores it; it is never stored here).
     */
    public void publishChange(User user, AuthenticatorSeed imported) {
        user.revision++;
        user.updatedAt = Instant.now();
        if (imported != null) {
            user.authenticatorImported = true;
        }
        outbox.publish(user.removedAt != null
                ? UserChanged.removal(user.authyId, user.applicationId, user.revision, user.countryCode)
                : new UserChanged(user.authyId, user.applicationId, user.revision, user.countryCode, user.phoneE164,
                        user.email, user.registered, false,
                        imported == null ? null : imported.sealFor(cipher, user.authyId, user.revision)));
    }

    private void requestInstallLink(ApplicationProjection application, User user) {
        DeliveryRequested request = new DeliveryRequested(UUID.randomUUID(), application.applicationId, user.authyId,
                DeliveryRequested.Channel.SMS, user.phoneE164, application.defaultLocale,
                DeliveryRequested.Kind.INSTALL_LINK, null,
                application.installLinkUrl != null ? application.installLinkUrl : config.installLinkUrl(), null); // {link}
        outbox.publish(request);
    }

    private String json(Map<String, Object> data) {
        try {
            String json = objectMapper.writeValueAsString(data);
            if (json.length() > MAX_ACTIVITY_DATA_CHARS) {
                throw AuthyException.invalidParameter("data", "is too long (maximum is " + MAX_ACTIVITY_DATA_CHARS + " characters)");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw AuthyException.invalidParameter("data", "must be a hash");
        }
    }
}
