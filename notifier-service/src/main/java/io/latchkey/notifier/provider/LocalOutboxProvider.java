package io.latchkey.notifier.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/**
 * Appends each message as one JSON line to a file (README "The local outbox"): how a developer
 * reads codes without a Twilio account. The log line masks the number; the file has it whole,
 * because it stands for the phone itself.
 */
@ApplicationScoped
@Typed(LocalOutboxProvider.class) // chosen through ProviderSelection, not injected as MessageProvider directly
public class LocalOutboxProvider implements MessageProvider {

    private static final Logger LOG = Logger.getLogger(LocalOutboxProvider.class);

    @Inject
    NotifierConfig config;

    @Inject
    ObjectMapper objectMapper;

    public Path file() {
        return config.localOutboxFile().toAbsolutePath();
    }

    @Override
    public synchronized String send(OutgoingMessage message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", message.deliveryId().toString());
        line.put("channel", message.channel().name().toLowerCase());
        line.put("to", message.to());
        line.put("text", message.text());
        line.put("locale", message.locale());
        line.put("time", Instant.now().toString());
        Path file = file();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, objectMapper.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (JsonProcessingException e) {
            throw ProviderException.permanent("local-outbox", "cannot write a message as JSON", e);
        } catch (IOException e) {
            // a full disk or a permission problem may pass; the retry policy decides how long to wait
            throw ProviderException.transientFailure("local-outbox", "cannot append to the local outbox " + file,
                    new UncheckedIOException(e));
        }
        LOG.infof("%s to %s (%s) written to the local outbox %s", message.channel(), PhoneMasks.forLog(message.to()),
                message.locale(), file);
        return "local-" + message.deliveryId();
    }

    @Override
    public String name() {
        return "local";
    }
}
