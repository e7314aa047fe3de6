package io.latchkey.authy.phone;

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
        String code = countryCode.trim().replaceFirst("^\\+", "");
        if (!code.matches("\\d{1,3}")) {
            throw AuthyException.of(400, "60078", "Country code is invalid").withFieldError("country_code", "is invalid");
        }
        String digits = number.replaceAll("[\\s.\\-()]", "");
        if (!digits.matches("\\+?\\d{2,17}")) {
            throw invalid();
        }
        try {
            PhoneNumber parsed = UTIL.parse(digits.startsWith("+") ? digits : "+" + code + digits, null);
            if (parsed.getCountryCode() != Integer.parseInt(code) || !UTIL.isValidNumber(parsed)) {
                throw invalid();
            }
            return parsed;
        } catch (NumberParseException e) {
            throw invalid();
        }
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

    private static AuthyException invalid() {
        return AuthyException.of(400, "60033", "Phone number is invalid").withFieldError("phone_number", "is invalid");
    }
}
