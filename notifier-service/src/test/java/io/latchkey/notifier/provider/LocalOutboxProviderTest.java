package io.latchkey.notifier.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.testkit.TestIds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The file format README "The local outbox" documents: one JSON object per line, these keys in this order. */
@QuarkusTest
class LocalOutboxProviderTest {

    @Inject
    LocalOutboxProvider outbox;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void appendsOneJsonLinePerMessage() throws Exception {
        UUID id = UUID.randomUUID();
        String to = TestIds.phone().e164();
        String providerId = outbox.send(new OutgoingMessage(id, Channel.SMS, to,
                "Seu código de verificação do Acme é 1234567", "pt-BR", null));

        assertEquals("local-" + id, providerId);
        List<String> lines = Files.readAllLines(outbox.file(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(id.toString())).toList();
        assertEquals(1, lines.size());
        JsonNode line = objectMapper.readTree(lines.get(0));
        assertEquals(List.of("id", "channel", "to", "text", "locale", "time"), iterate(line));
        assertEquals(id.toString(), line.get("id").asText());
        assertEquals("sms", line.get("channel").asText());
        assertEquals(to, line.get("to").asText());
        assertEquals("Seu código de verificação do Acme é 1234567", line.get("text").asText());
        assertEquals("pt-BR", line.get("locale").asText());
        assertTrue(Instant.parse(line.get("time").asText()).isAfter(Instant.now().minusSeconds(60)));
    }

    private static List<String> iterate(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
