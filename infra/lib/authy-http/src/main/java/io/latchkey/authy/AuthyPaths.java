package io.latchkey.authy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which requests speak the Authy API, and in which {format} (docs/authy-api.md §1.1). */
public final class AuthyPaths {

    /** {@code /protected/json/…} and {@code /onetouch/json/…}; tolerates the {@code //protected} some clients build. */
    private static final Pattern API_KEY_PATH = Pattern.compile("^/+(protected|onetouch)/([^/]*)(/.*)?$");

    private AuthyPaths() {
    }

    /** The {format} segment of an Authy path (one that needs an API key), or null when the path is not one. */
    public static String format(String path) {
        Matcher matcher = API_KEY_PATH.matcher(path);
        return matcher.matches() ? matcher.group(2) : null;
    }
}
