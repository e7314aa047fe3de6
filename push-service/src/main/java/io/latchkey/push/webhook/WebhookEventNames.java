package io.latchkey.push.webhook;

import java.util.List;
import java.util.Set;

/** The event names a webhook may subscribe to (docs/authy-api.md §4), and those Latchkey produces. */
public final class WebhookEventNames {

    public static final String USER_ADDED = "user_added";
    public static final String USER_REMOVED = "user_removed";
    public static final String TOKEN_VERIFIED = "token_verified";
    public static final String TOKEN_INVALID = "token_invalid";
    public static final String TOO_MANY_CODE_VERIFICATIONS = "too_many_code_verifications";
    public static final String TOTP_TOKEN_SENT = "totp_token_sent";
    public static final String DEVICE_REGISTRATION_COMPLETED = "device_registration_completed";
    public static final String ONE_TOUCH_REQUEST_RESPONDED = "one_touch_request_responded";
    public static final String PHONE_VERIFICATION_STARTED = "phone_verification_started";
    public static final String PHONE_VERIFICATION_CODE_IS_VALID = "phone_verification_code_is_valid";
    public static final String PHONE_VERIFICATION_CODE_IS_INVALID = "phone_verification_code_is_invalid";
    public static final String PHONE_VERIFICATION_NOT_FOUND = "phone_verification_not_found";
    public static final String PHONE_VERIFICATION_FAILED = "phone_verification_failed";
    /** Latchkey's own: "send a test event" from the admin API; sent whatever the webhook subscribes to. */
    public static final String TEST = "webhook_test";

    /** What Latchkey sends today. */
    public static final List<String> PRODUCED = List.of(USER_ADDED, USER_REMOVED, TOKEN_VERIFIED, TOKEN_INVALID,
            TOO_MANY_CODE_VERIFICATIONS, TOTP_TOKEN_SENT, DEVICE_REGISTRATION_COMPLETED, ONE_TOUCH_REQUEST_RESPONDED,
            PHONE_VERIFICATION_STARTED, PHONE_VERIFICATION_CODE_IS_VALID, PHONE_VERIFICATION_CODE_IS_INVALID,
            PHONE_VERIFICATION_NOT_FOUND, PHONE_VERIFICATION_FAILED);

    /**
     * Every public Authy name: a webhook may subscribe to any of them, so that an existing integration's set is
     * accepted as it is; those not in {@link #PRODUCED} (account recovery, phone changes, suspension, the
     * rate limits on starting phone verifications) have no counterpart here yet and are never sent.
     */
    public static final Set<String> ACCEPTED = Set.of("account_recovery_approved", "account_recovery_canceled",
            "account_recovery_started", "custom_message_not_allowed", DEVICE_REGISTRATION_COMPLETED,
            ONE_TOUCH_REQUEST_RESPONDED, "phone_change_canceled", "phone_change_pin_sent", "phone_change_requested",
            PHONE_VERIFICATION_CODE_IS_INVALID, PHONE_VERIFICATION_CODE_IS_VALID, PHONE_VERIFICATION_FAILED,
            PHONE_VERIFICATION_NOT_FOUND, PHONE_VERIFICATION_STARTED, "suspended_account", TOKEN_INVALID,
            TOKEN_VERIFIED, TOO_MANY_CODE_VERIFICATIONS, "too_many_phone_verifications", TOTP_TOKEN_SENT, USER_ADDED,
            "user_phone_changed", USER_REMOVED, "user_registration_completed");

    private WebhookEventNames() {
    }
}
