package io.latchkey.notifier.twilio;

import java.io.IOException;
import java.net.SocketTimeoutException;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;

import io.latchkey.notifier.provider.ProviderException;

/**
 * Which Twilio failures are worth another attempt. Rate limiting (HTTP 429, code 20429), Twilio's
 * own outages (5xx) and the network (timeouts, resets) pass; any other 4xx describes the request
 * itself and will not change: 21211 invalid number, 21614 landline for SMS, 21610 unsubscribed
 * (STOP), 21408 region not enabled, 20003 bad credentials. Pure Java.
 */
final class TwilioErrors {

    private TwilioErrors() {
    }

    static ProviderException classify(TwilioException failure) {
        // the SDK wraps I/O failures in ApiConnectionException or in an ApiException without a status
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return ProviderException.transientFailure("timeout", "Twilio did not answer in time", failure);
            }
            if (cause instanceof IOException) {
                return ProviderException.transientFailure("connection", "Twilio not reached: " + cause, failure);
            }
        }
        if (failure instanceof ApiConnectionException) {
            return ProviderException.transientFailure("connection", "Twilio not reached: " + failure.getMessage(), failure);
        }
        if (failure instanceof ApiException api) {
            Integer status = api.getStatusCode();
            String code = api.getCode() != null ? String.valueOf(api.getCode()) : "http-" + status;
            String message = "Twilio answered " + status + " (" + code + "): " + api.getMessage();
            if (status == null || status == 429 || status >= 500) {
                return ProviderException.transientFailure(status == null ? "unreadable-answer" : code, message, failure);
            }
            return ProviderException.permanent(code, message, failure);
        }
        return ProviderException.transientFailure("twilio", failure.toString(), failure);
    }
}
