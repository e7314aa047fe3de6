package io.latchkey.user.importer;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.hibernate.Session;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.events.users.UserChanged;
import io.latchkey.totp.Base32;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.user.user.AuthenticatorSeed;
import io.latchkey.user.user.NewUser;
import io.latchkey.user.user.User;
import io.latchkey.user.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Imports users that already have authy_ids (teams leaving Authy keep the ids stored in their
 * databases). One transaction per batch: a batch's rows, their events and the sequence move together.
 */
@ApplicationScoped
public class UserImporter {

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    UserService users;

    @Inject
    SecretCipher cipher;

    /** Authenticator seeds of 80 to 1024 bits (RFC 4226 asks for at least 128; Authy's were 160). */
    static final int MIN_SEED_BYTES = 10;
    static final int MAX_SEED_BYTES = 128;

    public enum Outcome {
        CREATED, UPDATED, UNCHANGED, REJECTED
    }

    /**
     * One row's result. {@code seedImported}: its authenticator seed goes to token-service with this import;
     * {@code reenrol}: the user had the Authy app and no seed came with the row, so they enrol a device or an
     * authenticator again (docs/migrating-from-authy.md).
     */
    public record RowResult(long line, Long authyId, Outcome outcome, String reason, boolean seedImported, boolean reenrol) {
        static RowResult rejected(long line, Long authyId, String reason) {
            return new RowResult(line, authyId, Outcome.REJECTED, reason, false, false);
        }

        static RowResult of(ImportRow row, Outcome outcome, boolean seedImported) {
            return new RowResult(row.line(), row.authyId(), outcome, null, seedImported,
                    row.authyApp() && row.totpSeed() == null);
        }
    }

    private record Existing(long authyId, long applicationId, String phoneE164, boolean registered, boolean removed) {
    }

    private record Valid(ImportRow row, NewUser user, String e164, AuthenticatorSeed seed) {
    }

    /** A row the importer refuses, with the reason the report gives. */
    private static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Imports one batch. With {@code dryRun} the caller holds a transaction it rolls back at the end: the batch's
     * new users are inserted (so that later batches see their ids and phones, as the import's would) but nothing
     * is published, no user is changed or locked and the id sequence is not moved; the report is that of the real
     * import.
     */
    @Transactional
    public List<RowResult> importBatch(long applicationId, List<ImportRow> rows, boolean dryRun) {
        if (dryRun) {
            // the lookups by phone below run while the file's rows fill the table in this one transaction, which no
            // ANALYZE sees: a plan PostgreSQL cached while the application had few users (reading all of them)
            // would be kept for the whole file (100 000 rows on an empty database: 97 s with it, 12 s without;
            // docs/performance.md). The import commits each batch, and the statistics catch up.
            entityManager.createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
        }
        List<RowResult> results = new ArrayList<>(rows.size());
        List<Valid> valid = new ArrayList<>();
        for (ImportRow row : rows) {
            try {
                NewUser user = NewUser.validate(Optional.ofNullable(row.email()), Optional.ofNullable(row.cellphone()),
                        Optional.ofNullable(row.countryCode()));
                valid.add(new Valid(row, user, PhoneNumbers.e164(user.phone()), seedOf(row)));
            } catch (AuthyException e) {
                results.add(RowResult.rejected(row.line(), row.authyId(), reasonOf(e)));
            } catch (Refused e) {
                results.add(RowResult.rejected(row.line(), row.authyId(), e.getMessage()));
            }
        }
        if (!dryRun) {
            // a dry run changes nothing that needs guarding, and its one transaction would gather a lock per
            // number of the whole file: more than PostgreSQL's lock table holds (max_locks_per_transaction)
            UserService.lockPhones(entityManager, applicationId, valid.stream().map(Valid::e164).toArray(String[]::new));
        }
        Map<Long, Existing> existingById = existingById(valid);
        Map<String, Long> liveIdByPhone = liveIdByPhone(applicationId, valid);
        Map<Long, String> createdHere = new HashMap<>();
        List<Valid> toCreate = new ArrayList<>();
        for (Valid candidate : valid) {
            ImportRow row = candidate.row();
            Existing existing = existingById.get(row.authyId());
            String createdPhone = createdHere.get(row.authyId());
            Long phoneOwner = liveIdByPhone.get(candidate.e164());
            if (existing != null) {
                results.add(reimport(applicationId, candidate, existing, dryRun));
            } else if (createdPhone != null) {
                results.add(createdPhone.equals(candidate.e164())
                        ? RowResult.of(row, Outcome.UNCHANGED, false)
                        : RowResult.rejected(row.line(), row.authyId(), "authy_id appears twice with different phones"));
            } else if (phoneOwner != null) {
                results.add(RowResult.rejected(row.line(), row.authyId(), "phone already belongs to authy_id " + phoneOwner));
            } else {
                createdHere.put(row.authyId(), candidate.e164());
                liveIdByPhone.put(candidate.e164(), row.authyId());
                toCreate.add(candidate);
                results.add(RowResult.of(row, Outcome.CREATED, candidate.seed() != null));
            }
        }
        insert(applicationId, toCreate, dryRun);
        results.sort((a, b) -> Long.compare(a.line(), b.line()));
        return results;
    }

    private RowResult reimport(long applicationId, Valid candidate, Existing existing, boolean dryRun) {
        ImportRow row = candidate.row();
        if (existing.applicationId() != applicationId) {
            return RowResult.rejected(row.line(), row.authyId(), "authy_id belongs to another application");
        }
        if (existing.removed()) {
            return RowResult.rejected(row.line(), row.authyId(), "authy_id was removed");
        }
        if (!existing.phoneE164().equals(candidate.e164())) {
            return RowResult.rejected(row.line(), row.authyId(), "authy_id is registered with another phone");
        }
        User user;
        if (dryRun) {
            // the dry run keeps what it would change in this transaction's memory only: no write, no row lock, and
            // a later row of the same user sees it as the import would
            user = User.findById(existing.authyId());
            entityManager.unwrap(Session.class).setReadOnly(user, true);
        } else {
            user = User.findForUpdate(existing.authyId()).orElseThrow();
        }
        boolean newEmail = !user.email.equals(candidate.user().email());
        // a seed goes over once: an import run again (or resumed) does not send it a second time
        AuthenticatorSeed seed = user.authenticatorImported ? null : candidate.seed();
        boolean newlyRegistered = (row.registered() || seed != null) && !user.registered;
        if (!newEmail && !newlyRegistered && seed == null) {
            return RowResult.of(row, Outcome.UNCHANGED, false);
        }
        user.email = candidate.user().email();
        user.registered = user.registered || row.registered() || seed != null;
        if (dryRun) {
            user.authenticatorImported = user.authenticatorImported || seed != null;
            return RowResult.of(row, Outcome.UPDATED, seed != null);
        }
        users.rememberEmail(user.authyId, candidate.user().email());
        users.publishChange(user, seed);
        return RowResult.of(row, Outcome.UPDATED, seed != null);
    }

    /** The row's authenticator seed, checked; null when it has none. */
    static AuthenticatorSeed seedOf(ImportRow row) throws Refused {
        if (row.totpSeed() == null) {
            if (row.totpDigits() != null || row.totpPeriod() != null || row.totpAlgorithm() != null) {
                throw new Refused("totp_digits, totp_period and totp_algorithm need a totp_seed");
            }
            return null;
        }
        byte[] seed;
        try {
            seed = Base32.decode(row.totpSeed().strip());
        } catch (IllegalArgumentException e) {
            throw new Refused("totp_seed is not base32");
        }
        if (seed.length < MIN_SEED_BYTES || seed.length > MAX_SEED_BYTES) {
            throw new Refused("totp_seed must be " + MIN_SEED_BYTES * 8 + " to " + MAX_SEED_BYTES * 8 + " bits");
        }
        int digits = number(row.totpDigits(), 6, "totp_digits must be 6, 7 or 8");
        if (digits < 6 || digits > 8) {
            throw new Refused("totp_digits must be 6, 7 or 8");
        }
        int period = number(row.totpPeriod(), 30, "totp_period must be 30 or 60");
        if (period != 30 && period != 60) {
            throw new Refused("totp_period must be 30 or 60");
        }
        String algorithm = row.totpAlgorithm() == null ? "SHA1"
                : row.totpAlgorithm().strip().toUpperCase(Locale.ROOT).replace("-", "");
        if (Arrays.stream(HmacAlgorithm.values()).noneMatch(known -> known.name().equals(algorithm))) {
            throw new Refused("totp_algorithm must be SHA1, SHA256 or SHA512");
        }
        return new AuthenticatorSeed(seed, digits, period, algorithm);
    }

    private static int number(String value, int absent, String refusal) throws Refused {
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new Refused(refusal);
        }
    }

    private Map<Long, Existing> existingById(List<Valid> valid) {
        if (valid.isEmpty()) {
            return Map.of();
        }
        Long[] ids = valid.stream().map(candidate -> candidate.row().authyId()).distinct().toArray(Long[]::new);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select authy_id, application_id, phone_e164, registered, removed_at is not null
                from authy_user where authy_id = any(?1)""")
                .setParameter(1, ids).getResultList();
        return rows.stream().collect(Collectors.toMap(row -> ((Number) row[0]).longValue(),
                row -> new Existing(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), (String) row[2],
                        (Boolean) row[3], (Boolean) row[4])));
    }

    private Map<String, Long> liveIdByPhone(long applicationId, List<Valid> valid) {
        if (valid.isEmpty()) {
            return new HashMap<>();
        }
        String[] phones = valid.stream().map(Valid::e164).distinct().toArray(String[]::new);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select phone_e164, authy_id from authy_user
                where application_id = ?1 and removed_at is null and phone_e164 = any(?2)""")
                .setParameter(1, applicationId).setParameter(2, phones).getResultList();
        Map<String, Long> byPhone = new HashMap<>();
        rows.forEach(row -> byPhone.put((String) row[0], ((Number) row[1]).longValue()));
        return byPhone;
    }

    /** JDBC batches: 100 000 rows as a few hundred round trips, not 200 000. */
    private void insert(long applicationId, List<Valid> toCreate, boolean dryRun) {
        if (toCreate.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement user = connection.prepareStatement("""
                    insert into authy_user (authy_id, application_id, revision, country_code, phone_e164, email,
                                            registered, account_disabled, created_at, updated_at, authenticator_imported)
                    values (?, ?, 1, ?, ?, ?, ?, false, ?, ?, ?)""");
                    PreparedStatement email = connection.prepareStatement(
                            "insert into user_email (authy_id, email, added_at) values (?, ?, ?) on conflict do nothing")) {
                for (Valid candidate : toCreate) {
                    user.setLong(1, candidate.row().authyId());
                    user.setLong(2, applicationId);
                    user.setInt(3, candidate.user().phone().getCountryCode());
                    user.setString(4, candidate.e164());
                    user.setString(5, candidate.user().email());
                    user.setBoolean(6, registered(candidate));
                    user.setTimestamp(7, now);
                    user.setTimestamp(8, now);
                    user.setBoolean(9, candidate.seed() != null);
                    user.addBatch();
                    email.setLong(1, candidate.row().authyId());
                    email.setString(2, candidate.user().email());
                    email.setTimestamp(3, now);
                    email.addBatch();
                }
                user.executeBatch();
                email.executeBatch();
            }
            if (dryRun) {
                return; // the sequence does not roll back, and no event is published
            }
            // users/new must never hand out an imported id
            try (PreparedStatement sequence = connection.prepareStatement("""
                    select setval('authy_id_seq', greatest((select max(authy_id) from authy_user),
                                                           (select last_value from authy_id_seq)))""")) {
                sequence.execute();
            }
        });
        if (dryRun) {
            // nothing to publish: the rows are there only for the next batches' checks (ids and phones already seen)
            return;
        }
        for (Valid candidate : toCreate) {
            long authyId = candidate.row().authyId();
            outbox.publish(new UserChanged(authyId, applicationId, 1, candidate.user().phone().getCountryCode(),
                    candidate.e164(), candidate.user().email(), registered(candidate), false,
                    candidate.seed() == null ? null : candidate.seed().sealFor(cipher, authyId, 1)));
        }
    }

    /** Registered at Authy, or proven by the authenticator that comes with the row. */
    private static boolean registered(Valid candidate) {
        return candidate.row().registered() || candidate.seed() != null;
    }

    private static String reasonOf(AuthyException e) {
        Map<String, Object> errors = new LinkedHashMap<>();
        Object fields = e.body().get("errors");
        if (fields instanceof Map<?, ?> map) {
            map.forEach((field, reason) -> {
                if (!"message".equals(field)) {
                    errors.put(String.valueOf(field), reason);
                }
            });
        }
        return errors.isEmpty() ? e.getMessage()
                : e.getMessage() + ": " + errors.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                        .collect(Collectors.joining(", "));
    }
}
