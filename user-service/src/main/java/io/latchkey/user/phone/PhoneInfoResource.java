package io.latchkey.user.phone;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.latchkey.authy.params.AuthyParams;
import io.latchkey.authy.phone.PhoneNumbers;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * {@code GET /protected/{format}/phones/info} (docs/authy-api.md row 19). The line type comes from
 * libphonenumber's numbering plans, offline: Latchkey has no carrier lookup, so {@code provider} is
 * empty and {@code ported} false (a number's plan cannot tell either).
 */
@Path("/protected/{format}/phones/info")
public class PhoneInfoResource {

    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Inject
    AuthyParams params;

    Clock clock = Clock.systemUTC();

    public record PhoneInfo(String message, String type, String provider, boolean ported, boolean success) {
    }

    @GET
    public PhoneInfo info() {
        PhoneNumber number = PhoneNumbers.parse(params.required("country_code"), params.required("phone_number"));
        return new PhoneInfo("Phone number information as of " + AS_OF.format(Instant.now(clock)),
                PhoneNumbers.lineType(number), "", false, true);
    }
}
