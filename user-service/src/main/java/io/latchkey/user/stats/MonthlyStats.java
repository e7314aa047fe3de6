package io.latchkey.user.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Monthly counts per application (UTC months), kept with one upsert per counted thing so that
 * parallel requests and consumers never lose an increment.
 */
@ApplicationScoped
public class MonthlyStats {

    /** Authy's answer lists a year of months. */
    static final int MONTHS_SHOWN = 12;

    @Inject
    EntityManager entityManager;

    Clock clock = Clock.systemUTC();

    public record Month(YearMonth month, long apiCalls, long auths, long sms, long calls, long users) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void count(long applicationId, Instant at, MonthlyCounter counter) {
        add(applicationId, YearMonth.from(at.atZone(ZoneOffset.UTC)), counter, 1);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(long applicationId, YearMonth month, MonthlyCounter counter, long amount) {
        // the column name comes from the enum, never from input
        entityManager.createNativeQuery("insert into monthly_stats (application_id, year, month, " + counter.column
                + ") values (?1, ?2, ?3, ?4) on conflict (application_id, year, month) do update set "
                + counter.column + " = monthly_stats." + counter.column + " + excluded." + counter.column)
                .setParameter(1, applicationId)
                .setParameter(2, month.getYear())
                .setParameter(3, month.getMonthValue())
                .setParameter(4, amount)
                .executeUpdate();
    }

    /** One application's counts of one month, for operators ({@code /admin/applications/stats}). */
    public record ApplicationMonth(long applicationId, long verificationsValid, long verificationsInvalid,
            long verificationsLocked, long sms, long calls, long apiCalls, long newUsers) {
    }

    /** Every application's counts in {@code month} that had any; the others had none. */
    @Transactional
    public Map<Long, ApplicationMonth> ofMonth(YearMonth month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select application_id, auths_count, verifications_invalid_count, verifications_locked_count,
                       sms_count, calls_count, api_calls_count
                from monthly_stats where year = ?1 and month = ?2""")
                .setParameter(1, month.getYear())
                .setParameter(2, month.getMonthValue())
                .getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> newUsers = entityManager.createNativeQuery("""
                select application_id, count(*) from authy_user where created_at >= ?1 and created_at < ?2
                group by application_id""")
                .setParameter(1, month.atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime())
                .setParameter(2, month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime())
                .getResultList();
        Map<Long, Long> usersByApplication = new HashMap<>();
        for (Object[] row : newUsers) {
            usersByApplication.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        Map<Long, ApplicationMonth> byApplication = new HashMap<>();
        for (Object[] row : rows) {
            long applicationId = ((Number) row[0]).longValue();
            byApplication.put(applicationId, new ApplicationMonth(applicationId, number(row[1]), number(row[2]),
                    number(row[3]), number(row[4]), number(row[5]), number(row[6]),
                    usersByApplication.getOrDefault(applicationId, 0L)));
        }
        usersByApplication.forEach((applicationId, users) -> byApplication.putIfAbsent(applicationId,
                new ApplicationMonth(applicationId, 0, 0, 0, 0, 0, 0, users)));
        return byApplication;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** The current month and the eleven before it, newest first; months without activity are zeros. */
    @Transactional
    public List<Month> lastYear(long applicationId) {
        YearMonth current = YearMonth.now(clock);
        YearMonth oldest = current.minusMonths(MONTHS_SHOWN - 1);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select year, month, api_calls_count, auths_count, sms_count, calls_count
                from monthly_stats
                where application_id = ?1 and (year * 12 + month) >= ?2""")
                .setParameter(1, applicationId)
                .setParameter(2, oldest.getYear() * 12 + oldest.getMonthValue())
                .getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> newUsers = entityManager.createNativeQuery("""
                select cast(extract(year from created_at at time zone 'UTC') as integer),
                       cast(extract(month from created_at at time zone 'UTC') as integer), count(*)
                from authy_user
                where application_id = ?1 and created_at >= ?2
                group by 1, 2""")
                .setParameter(1, applicationId)
                .setParameter(2, oldest.atDay(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime())
                .getResultList();
        Map<YearMonth, Long> usersByMonth = new HashMap<>();
        for (Object[] row : newUsers) {
            usersByMonth.put(YearMonth.of(((Number) row[0]).intValue(), ((Number) row[1]).intValue()), ((Number) row[2]).longValue());
        }
        Map<YearMonth, Month> byMonth = new HashMap<>();
        for (Object[] row : rows) {
            YearMonth month = YearMonth.of(((Number) row[0]).intValue(), ((Number) row[1]).intValue());
            byMonth.put(month, new Month(month, ((Number) row[2]).longValue(), ((Number) row[3]).longValue(),
                    ((Number) row[4]).longValue(), ((Number) row[5]).longValue(), usersByMonth.getOrDefault(month, 0L)));
        }
        List<Month> months = new ArrayList<>();
        for (YearMonth month = current; !month.isBefore(oldest); month = month.minusMonths(1)) {
            months.add(byMonth.getOrDefault(month, new Month(month, 0, 0, 0, 0, usersByMonth.getOrDefault(month, 0L))));
        }
        return months;
    }
}
