package io.latchkey.console.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Double-submit protection against cross-site request forgery: a random token in a cookie that only this site's
 * pages can read back into their forms ({@code inject:csrf.token}); a change is accepted only when the form (or an
 * htmx request's header) carries the same token as the cookie. Another site can make the browser send the cookie but
 * cannot read it to put it in the form. The cookie is HttpOnly, SameSite=Strict and limited to the console's path.
 * {@link CsrfFilters} checks every request that changes something and sets the cookie when a page issued a new token.
 */
@Named("csrf")
@RequestScoped
public class Csrf {

    public static final String COOKIE = "latchkey-csrf";
    public static final String FORM_FIELD = "csrf_token";
    public static final String HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Inject
    HttpHeaders headers;

    private String issued;

    /** The token to put in this page's forms: the browser's, or a new one that the response sets. */
    public String token() {
        String current = fromCookie();
        if (current != null) {
            return current;
        }
        if (issued == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            issued = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        return issued;
    }

    /** A token this request issued, to be set as the cookie; null when the browser already has one. */
    String issued() {
        return issued;
    }

    /** Whether {@code submitted} is the token of the browser's cookie (compared in constant time). */
    boolean matches(String submitted) {
        String expected = fromCookie();
        return expected != null && submitted != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        submitted.getBytes(StandardCharsets.US_ASCII));
    }

    private String fromCookie() {
        Cookie cookie = headers.getCookies().get(COOKIE);
        return cookie != null && WELL_FORMED.matcher(cookie.getValue()).matches() ? cookie.getValue() : null;
    }
}
