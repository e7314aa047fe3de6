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

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.PhoneMasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/**
 * Appends each message as one JSON line to a file (README "Where a local run's messages appear"):
 * how a developer reads codes without a Twilio account. The log line masks the number.
 */
@ApplicationScoped
@Typed(LocalOutboxProvider.class) // chosen through ProviderSelection, not injected as MessageProvider directly
public class LocalOutboxProvider implements MessageProvider {

    private static final Logger LOG = Logger.getLogger(LocalOutboxProvider.class);

    @ConfigProperty(name = "latchkey.notifier.local-outbox-file")
    Path file;

    @Inject
    ObjectMapper objectMapper;

    @Override
    public synchronized String send(OutgoingMessage message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", message.deliveryId().toString());
        line.put("channel", message.channel().name().toLowerCase());
        line.put("to", message.to());
        line.put("text", message.text());
        line.put("locale", message.locale());
        line.put("time", Instant.now().toString());
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, objectMapper.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a message as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the local outbox " + file, e);
        }
        LOG.infof("%s to %s written to the local outbox %s", message.channel(), PhoneMasks.forLog(message.to()), file);
        return "local-" + message.deliveryId();
    }

    @Override
    public String name() {
        return "local";
    }
}
