package io.latchkey.testkit;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place tests get authy_ids, application ids and phone numbers from, so that no two tests (nor two
 * runs against a reused database or broker) share one by accident. Each run starts at a random block;
 * within a run every call gives a new value.
 */
public final class TestIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Below 10^9, where user-service's own authy_id sequence starts, so that {@code users/new} never hands
     * out an id a test already used (the range imported Authy ids live in); below 2^31 too, which some
     * official clients parse ids as.
     */
    private static final AtomicLong NEXT_ID = new AtomicLong(100_000_000L + RANDOM.nextLong(800_000_000L));
    /** The seven digits after area code 775 (Nevada, valid for libphonenumber), never starting with 0 or 1. */
    private static final AtomicLong NEXT_PHONE = new AtomicLong(2_000_000L + RANDOM.nextLong(7_000_000L));

    private TestIds() {
    }

    /** A new authy_id that no other test uses. */
    public static long authyId() {
        return NEXT_ID.incrementAndGet();
    }

    /** A new application id that no other test uses. */
    public static long applicationId() {
        return NEXT_ID.incrementAndGet();
    }

    /** A new device id that no other test uses. */
    public static long deviceId() {
        return NEXT_ID.incrementAndGet();
    }

    /** A new US mobile-or-landline number that no other test uses, in the forms clients send it. */
    public static Phone phone() {
        long local = NEXT_PHONE.incrementAndGet();
        if (local > 9_999_999L) {
            NEXT_PHONE.set(2_000_000L);
            local = NEXT_PHONE.incrementAndGet();
        }
        return new Phone(String.valueOf(local));
    }

    /**
     * A +1 775 number. {@code local} is its last seven digits.
     *
     * @param local seven digits, the first from 2 to 9
     */
    public record Phone(String local) {

        public String countryCode() {
            return "1";
        }

        /** {@code 775-461-5609}: how the users API and most client examples write it. */
        public String dashed() {
            return "775-" + local.substring(0, 3) + "-" + local.substring(3);
        }

        /** {@code 7754615609}: digits only. */
        public String digits() {
            return "775" + local;
        }

        /** {@code +17754615609}. */
        public String e164() {
            return "+1775" + local;
        }

        /** The last {@code n} digits, as masked answers show them. */
        public String last(int n) {
            return local.substring(local.length() - n);
        }
    }
}
