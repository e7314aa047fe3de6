package io.latchkey.token.otp;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** The ISO 3166 region of a stored E.164 number, for the applications' country allow-lists ("ZZ" if unknown). */
public final class PhoneRegions {

    private PhoneRegions() {
    }

    public static String of(String phoneE164) {
        try {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            String region = util.getRegionCodeForNumber(util.parse(phoneE164, null));
            return region == null ? "ZZ" : region;
        } catch (NumberParseException | RuntimeException e) {
            return "ZZ";
        }
    }
}
