package io.latchkey.authy.apikey;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.projection.applications.ApplicationProjection;
import jakarta.enterprise.context.RequestScoped;

/** The application whose API key authenticated this request; resources scope every lookup to it. */
@RequestScoped
public class AuthenticatedApplication {

    private ApplicationProjection application;

    public void set(ApplicationProjection application) {
        this.application = application;
    }

    public ApplicationProjection get() {
        if (application == null) {
            // a resource outside /protected or /onetouch asked for it: a programming error, answered as a 401
            throw AuthyException.invalidApiKey();
        }
        return application;
    }

    /** False before authentication and on paths that need none. */
    public boolean isPresent() {
        return application != null;
    }

    public long id() {
        return get().applicationId;
    }
}
