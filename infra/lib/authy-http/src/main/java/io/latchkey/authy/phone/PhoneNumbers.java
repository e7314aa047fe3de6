package io.latchkey.authy.phone;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.latchkey.authy.error.AuthyException;

/** Authy's (country_code, number) pairs, parsed and validated with libphonenumber. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** A valid number as E.164 pieces; 400/60033 "Phone number is invalid" otherwise. */
    public static PhoneNumber parse(String countryCode, String number) {
        return parse(countryCode, number, "phone_number");
    }

    /**
     * As {@link #parse(String, String)}, naming the number's parameter in the field error
     * ({@code cellphone} on users/new). An unknown calling code is 400/60078.
     */
    public static PhoneNumber parse(String countryCode, String number, String numberField) {
        int code = callingCode(countryCode);
        String digits = digitsOf(number);
        if (!digits.matches("\\+?\\d{2,17}")) {
            throw invalid(numberField);
        }
        try {
            PhoneNumber parsed = UTIL.parse(digits.startsWith("+") ? digits : "+" + code + digits, null);
            if (parsed.getCountryCode() != code || !UTIL.isValidNumber(parsed)) {
                throw invalid(numberField);
            }
            return parsed;
        } catch (NumberParseException e) {
            throw invalid(numberField);
        }
    }

    /** A calling code libphonenumber knows ({@code 1}, {@code +44}); 400/60078 otherwise. */
    public static int callingCode(String countryCode) {
        String code = countryCode.trim().replaceFirst("^\\+", "");
        if (!code.matches("\\d{1,3}") || UTIL.getRegionCodeForCountryCode(Integer.parseInt(code)).equals("ZZ")) {
            throw AuthyException.of(400, "60078", "Country code is invalid").withFieldError("country_code", "is invalid");
        }
        return Integer.parseInt(code);
    }

    /** The number without the separators people type: spaces, dots, dashes, parentheses. */
    public static String digitsOf(String number) {
        return number.replaceAll("[\\s.\\-()]", "");
    }

    /** ISO 3166 region of a parsed number ({@code US}, {@code GB}), {@code ZZ} when unknown. */
    public static String regionOf(PhoneNumber number) {
        String region = UTIL.getRegionCodeForNumber(number);
        return region == null ? "ZZ" : region;
    }

    /** ISO 3166 region of a stored E.164 number, for the applications' country allow-lists; {@code ZZ} when unknown. */
    public static String regionOfE164(String e164) {
        try {
            return regionOf(UTIL.parse(e164, null));
        } catch (NumberParseException | RuntimeException e) {
            return "ZZ";
        }
    }

    /** The calling code of a stored E.164 number (1 for +1…), 0 when it does not parse. */
    public static int callingCodeOfE164(String e164) {
        try {
            return UTIL.parse(e164, null).getCountryCode();
        } catch (NumberParseException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The ISO 3166 region of a valid E.164 number; empty for anything that is not one (the notifier's last
     * check before it sends).
     */
    public static Optional<String> regionOfValidE164(String e164) {
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

    /** What {@code phones/info} reports (docs/authy-api.md row 19): cellphone, landline, voip or unknown. */
    public static String lineType(PhoneNumber number) {
        return switch (UTIL.getNumberType(number)) {
            case MOBILE, FIXED_LINE_OR_MOBILE -> "cellphone";
            case FIXED_LINE -> "landline";
            case VOIP -> "voip";
            default -> "unknown";
        };
    }

    public static String e164(PhoneNumber number) {
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    /** {@code +1 775-461-5609}, as Authy's phone-verification messages show the number. */
    public static String international(PhoneNumber number) {
        return UTIL.format(number, PhoneNumberFormat.INTERNATIONAL);
    }

    public static boolean isCellphone(PhoneNumber number) {
        PhoneNumberType type = UTIL.getNumberType(number);
        return type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }

    private static AuthyException invalid(String field) {
        return AuthyException.of(400, "60033", "Phone number is invalid").withFieldError(field, "is invalid");
    }
}
