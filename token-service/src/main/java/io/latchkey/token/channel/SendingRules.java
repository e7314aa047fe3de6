package io.latchkey.token.channel;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.phone.PhoneNumbers;
import io.latchkey.projection.applications.ApplicationProjection;

/**
 * An application's switches for sending a code, the same for {@code sms}/{@code call}, phone
 * verification and device registration (docs/authy-api.md §5): SMS on (60007), voice on (60006), the
 * number's country allowed (60013).
 */
public final class SendingRules {

    private SendingRules() {
    }

    /** Throws the Authy error for the first switch that forbids sending to {@code phoneE164} on {@code channel}. */
    public static void check(ApplicationProjection application, Channel channel, String phoneE164) {
        if (channel == Channel.SMS && !application.smsEnabled) {
            throw AuthyException.of(400, "60007", "SMS is disabled for this application");
        }
        if (channel == Channel.VOICE && !application.voiceEnabled) {
            throw AuthyException.of(400, "60006", "Token via phone call is disabled for this application");
        }
        if (!application.allowsCountry(PhoneNumbers.regionOfE164(phoneE164))) {
            throw AuthyException.of(400, "60013", "Country is not allowed for this application");
        }
    }
}
