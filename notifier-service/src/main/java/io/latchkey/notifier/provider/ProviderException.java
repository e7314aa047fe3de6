package io.latchkey.notifier.provider;

/**
 * A provider did not take a message. {@link #isTransient()} decides between a retry with backoff
 * (rate limited, provider outage, timeout) and an immediate failure (the number can never receive it).
 */
public class ProviderException extends RuntimeException {

    private final boolean transientFailure;
    private final String errorCode;

    private ProviderException(boolean transientFailure, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.errorCode = errorCode;
    }

    public static ProviderException transientFailure(String errorCode, String message, Throwable cause) {
        return new ProviderException(true, errorCode, message, cause);
    }

    public static ProviderException permanent(String errorCode, String message, Throwable cause) {
        return new ProviderException(false, errorCode, message, cause);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The provider's own code where it gave one (Twilio's 21211, 20429, …), else a short name of the failure. */
    public String errorCode() {
        return errorCode;
    }
}
