package io.latchkey.user.importer;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.hibernate.Session;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.events.outbox.Outbox;
import io.latchkey.events.users.UserChanged;
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

    public enum Outcome {
        CREATED, UPDATED, UNCHANGED, REJECTED
    }

    public record RowResult(long line, Long authyId, Outcome outcome, String reason) {
        static RowResult rejected(long line, Long authyId, String reason) {
            return new RowResult(line, authyId, Outcome.REJECTED, reason);
        }
    }

    private record Existing(long authyId, long applicationId, String phoneE164, boolean registered, boolean removed) {
    }

    private record Valid(ImportRow row, NewUser user, String e164) {
    }

    @Transactional
    public List<RowResult> importBatch(long applicationId, List<ImportRow> rows) {
        List<RowResult> results = new ArrayList<>(rows.size());
        List<Valid> valid = new ArrayList<>();
        for (ImportRow row : rows) {
            try {
                NewUser user = NewUser.validate(Optional.ofNullable(row.email()), Optional.ofNullable(row.cellphone()),
                        Optional.ofNullable(row.countryCode()));
                valid.add(new Valid(row, user, PhoneNumbers.e164(user.phone())));
            } catch (AuthyException e) {
                results.add(RowResult.rejected(row.line(), row.authyId(), reasonOf(e)));
            }
        }
        UserService.lockPhones(entityManager, applicationId, valid.stream().map(Valid::e164).toArray(String[]::new));
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
                results.add(reimport(applicationId, candidate, existing));
            } else if (createdPhone != null) {
                results.add(createdPhone.equals(candidate.e164())
                        ? new RowResult(row.line(), row.authyId(), Outcome.UNCHANGED, null)
                        : RowResult.rejected(row.line(), row.authyId(), "authy_id appears twice with different phones"));
            } else if (phoneOwner != null) {
                results.add(RowResult.rejected(row.line(), row.authyId(), "phone already belongs to authy_id " + phoneOwner));
            } else {
                createdHere.put(row.authyId(), candidate.e164());
                liveIdByPhone.put(candidate.e164(), row.authyId());
                toCreate.add(candidate);
                results.add(new RowResult(row.line(), row.authyId(), Outcome.CREATED, null));
            }
        }
        insert(applicationId, toCreate);
        results.sort((a, b) -> Long.compare(a.line(), b.line()));
        return results;
    }

    private RowResult reimport(long applicationId, Valid candidate, Existing existing) {
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
        User user = User.findForUpdate(existing.authyId()).orElseThrow();
        boolean newEmail = !user.email.equals(candidate.user().email());
        boolean newlyRegistered = row.registered() && !user.registered;
        if (!newEmail && !newlyRegistered) {
            return new RowResult(row.line(), row.authyId(), Outcome.UNCHANGED, null);
        }
        users.rememberEmail(user.authyId, candidate.user().email());
        user.email = candidate.user().email();
        user.registered = user.registered || row.registered();
        users.publishChange(user);
        return new RowResult(row.line(), row.authyId(), Outcome.UPDATED, null);
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
    private void insert(long applicationId, List<Valid> toCreate) {
        if (toCreate.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement user = connection.prepareStatement("""
                    insert into authy_user (authy_id, application_id, revision, country_code, phone_e164, email,
                                            registered, account_disabled, created_at, updated_at)
                    values (?, ?, 1, ?, ?, ?, ?, false, ?, ?)""");
                    PreparedStatement email = connection.prepareStatement(
                            "insert into user_email (authy_id, email, added_at) values (?, ?, ?) on conflict do nothing")) {
                for (Valid candidate : toCreate) {
                    user.setLong(1, candidate.row().authyId());
                    user.setLong(2, applicationId);
                    user.setInt(3, candidate.user().phone().getCountryCode());
                    user.setString(4, candidate.e164());
                    user.setString(5, candidate.user().email());
                    user.setBoolean(6, candidate.row().registered());
                    user.setTimestamp(7, now);
                    user.setTimestamp(8, now);
                    user.addBatch();
                    email.setLong(1, candidate.row().authyId());
                    email.setString(2, candidate.user().email());
                    email.setTimestamp(3, now);
                    email.addBatch();
                }
                user.executeBatch();
                email.executeBatch();
            }
            // users/new must never hand out an imported id
            try (PreparedStatement sequence = connection.prepareStatement("""
                    select setval('authy_id_seq', greatest((select max(authy_id) from authy_user),
                                                           (select last_value from authy_id_seq)))""")) {
                sequence.execute();
            }
        });
        for (Valid candidate : toCreate) {
            outbox.publish(UserChanged.of(candidate.row().authyId(), applicationId, 1,
                    candidate.user().phone().getCountryCode(), candidate.e164(), candidate.user().email(),
                    candidate.row().registered()));
        }
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
