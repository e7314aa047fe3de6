package io.latchkey.notifier.guard;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** What the notifier needs to know about a destination number. Pure Java (libphonenumber). */
public final class Destinations {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Destinations() {
    }

    /** The ISO 3166 region of a valid E.164 number; empty for anything that is not one. */
    public static Optional<String> region(String e164) {
        if (e164 == null || !e164.matches("\\+\\d{6,15}")) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = UTIL.parse(e164, null);
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.ofNullable(UTIL.getRegionCodeForNumber(number)).filter(region -> !"ZZ".equals(region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
