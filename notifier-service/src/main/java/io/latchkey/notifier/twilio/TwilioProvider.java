package io.latchkey.notifier.twilio;

import java.net.URI;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallCreator;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.notifier.config.NotifierConfig;
import io.latchkey.notifier.provider.MessageProvider;
import io.latchkey.notifier.provider.OutgoingMessage;
import io.latchkey.notifier.provider.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/**
 * SMS through {@code Message.creator} (from the Messaging Service when one is configured, else from
 * the sender number) and calls through {@code Call.creator} with the TwiML inline, both with a
 * {@code StatusCallback} (the configured public URL plus {@code ?delivery=<id>}) when that URL is configured. One client for the process; the SDK's
 * clients are thread-safe.
 */
@ApplicationScoped
@Typed(TwilioProvider.class) // chosen through ProviderSelection
public class TwilioProvider implements MessageProvider {

    private static final Logger LOG = Logger.getLogger(TwilioProvider.class);

    @Inject
    NotifierConfig config;

    private volatile TwilioRestClient client;

    @Override
    public String send(OutgoingMessage message) {
        try {
            String sid = switch (message.channel()) {
                case SMS -> sms(message);
                case VOICE -> call(message);
            };
            LOG.debugf("%s to %s accepted by Twilio as %s", message.channel(), PhoneMasks.forLog(message.to()), sid);
            return sid;
        } catch (TwilioException e) {
            throw TwilioErrors.classify(e);
        }
    }

    @Override
    public String name() {
        return "twilio";
    }

    private String sms(OutgoingMessage message) {
        NotifierConfig.Twilio twilio = config.twilio();
        PhoneNumber to = new PhoneNumber(message.to());
        MessageCreator creator = nonBlank(twilio.messagingServiceSid())
                .map(service -> Message.creator(to, service, message.text()))
                .orElseGet(() -> Message.creator(to, new PhoneNumber(sender()), message.text()));
        statusCallback(message).ifPresent(creator::setStatusCallback);
        return creator.create(client()).getSid();
    }

    private String call(OutgoingMessage message) {
        CallCreator creator = Call.creator(new PhoneNumber(message.to()), new PhoneNumber(sender()),
                new Twiml(VoiceTwiml.build(message.voice())));
        statusCallback(message).ifPresent(creator::setStatusCallback);
        return creator.create(client()).getSid();
    }

    private String sender() {
        return nonBlank(config.twilio().from()).orElseThrow(() -> ProviderException.permanent("no-sender",
                "latchkey.notifier.twilio.from (TWILIO_FROM) is required for calls and for SMS without a Messaging Service",
                null));
    }

    private Optional<URI> statusCallback(OutgoingMessage message) {
        return nonBlank(config.twilio().statusCallbackUrl()).map(url -> URI.create(callbackUrl(url, message.deliveryId().toString())));
    }

    /**
     * The callback URL names the delivery: Twilio may call back before the send's outcome (and so
     * the SID) is committed, and the delivery id is part of what Twilio signs.
     */
    static String callbackUrl(String configured, String deliveryId) {
        return configured + (configured.contains("?") ? "&" : "?") + "delivery=" + deliveryId;
    }

    TwilioRestClient client() {
        TwilioRestClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    NotifierConfig.Twilio twilio = config.twilio();
                    client = new TwilioRestClient.Builder(twilio.accountSid().orElseThrow(), twilio.authToken().orElseThrow())
                            .httpClient(TwilioHttpClient.create(twilio.connectTimeout(), twilio.readTimeout(),
                                    twilio.apiBaseUrl()))
                            .build();
                }
                current = client;
            }
        }
        return current;
    }

    /** Called at start-up when this provider is selected: a missing credential fails the start, not a message. */
    public void checkConfiguration() {
        NotifierConfig.Twilio twilio = config.twilio();
        if (nonBlank(twilio.accountSid()).isEmpty() || nonBlank(twilio.authToken()).isEmpty()) {
            throw new IllegalStateException("provider twilio needs latchkey.notifier.twilio.account-sid and auth-token "
                    + "(env TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
        }
        if (nonBlank(twilio.from()).isEmpty() && nonBlank(twilio.messagingServiceSid()).isEmpty()) {
            throw new IllegalStateException("provider twilio needs a sender: latchkey.notifier.twilio.from (TWILIO_FROM) "
                    + "and/or messaging-service-sid (TWILIO_MESSAGING_SERVICE_SID)");
        }
        if (nonBlank(twilio.from()).isEmpty()) {
            LOG.warn("no latchkey.notifier.twilio.from: voice calls will fail (a Messaging Service only sends SMS)");
        }
        if (nonBlank(twilio.statusCallbackUrl()).isEmpty()) {
            LOG.warn("no latchkey.notifier.twilio.status-callback-url: deliveries stay 'sent', never 'delivered'");
        }
    }

    /** For the start-up line; names no secret. */
    public String describe() {
        NotifierConfig.Twilio twilio = config.twilio();
        return "account " + twilio.accountSid().map(sid -> sid.substring(0, Math.min(6, sid.length())) + "…").orElse("?")
                + ", SMS from " + nonBlank(twilio.messagingServiceSid()).map(sid -> "messaging service " + sid)
                        .orElseGet(() -> twilio.from().map(PhoneMasks::forLog).orElse("?"))
                + ", status callbacks " + nonBlank(twilio.statusCallbackUrl()).orElse("off")
                + nonBlank(twilio.apiBaseUrl()).map(url -> ", API at " + url).orElse("");
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(text -> !text.isBlank());
    }
}
