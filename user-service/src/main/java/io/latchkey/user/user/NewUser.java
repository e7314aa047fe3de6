package io.latchkey.user.user;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.phone.PhoneNumbers;

/**
 * A valid {@code users/new} request. Validation follows what Authy answered (docs/authy-api.md row 1):
 * missing or malformed fields are one 400/60027 "User was not valid" listing each field (the
 * Ruby and Java clients' fixtures show {@code "cellphone":"is invalid"} both in {@code errors} and at
 * the top level); an unknown calling code is 60078; digits that libphonenumber rejects for that
 * country are 60033; an email that looks like one but breaks RFC 5321 limits is 60038.
 */
public record NewUser(String email, PhoneNumber phone) {

    private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int MAX_EMAIL = 254;
    private static final int MAX_LOCAL_PART = 64;

    public static NewUser validate(Optional<String> emailParam, Optional<String> cellphoneParam, Optional<String> countryCodeParam) {
        Map<String, String> invalid = new LinkedHashMap<>();
        String email = emailParam.map(String::strip).orElse("");
        String cellphone = cellphoneParam.map(String::strip).orElse("");
        String countryCode = countryCodeParam.map(String::strip).orElse("");
        if (email.isEmpty()) {
            invalid.put("email", "can't be blank");
        } else if (!EMAIL_SHAPE.matcher(email).matches()) {
            invalid.put("email", "is invalid");
        }
        if (cellphone.isEmpty()) {
            invalid.put("cellphone", "can't be blank");
        } else if (!PhoneNumbers.digitsOf(cellphone).matches("\\+?\\d{4,17}")) {
            invalid.put("cellphone", "is invalid");
        }
        if (countryCode.isEmpty()) {
            invalid.put("country_code", "can't be blank");
        } else if (!countryCode.matches("\\+?\\d{1,3}")) {
            invalid.put("country_code", "is invalid");
        }
        if (!invalid.isEmpty()) {
            AuthyException notValid = AuthyException.of(400, "60027", "User was not valid");
            for (Map.Entry<String, String> field : invalid.entrySet()) {
                notValid = notValid.withFieldError(field.getKey(), field.getValue()).withTopLevel(field.getKey(), field.getValue());
            }
            throw notValid;
        }
        PhoneNumber phone = PhoneNumbers.parse(countryCode, cellphone, "cellphone");
        if (!withinMailboxLimits(email)) {
            throw AuthyException.of(400, "60038", "Email is invalid").withFieldError("email", "is invalid");
        }
        return new NewUser(email, phone);
    }

    /** The address must fit SMTP's limits and have a real host name; we keep it as given otherwise. */
    static boolean withinMailboxLimits(String email) {
        int at = email.lastIndexOf('@');
        String domain = email.substring(at + 1);
        if (email.length() > MAX_EMAIL || at > MAX_LOCAL_PART) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return labels[labels.length - 1].matches("[A-Za-z]{2,63}");
    }

    public static String checkedEmail(Optional<String> emailParam) {
        String email = emailParam.map(String::strip).orElse("");
        if (email.isEmpty()) {
            throw AuthyException.invalidParameter("email", "Parameter is required");
        }
        if (!EMAIL_SHAPE.matcher(email).matches() || !withinMailboxLimits(email)) {
            throw AuthyException.of(400, "60038", "Email is invalid").withFieldError("email", "is invalid");
        }
        return email;
    }
}
