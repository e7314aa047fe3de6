package io.latchkey.events.outbox;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;

/** Outbox rows committed while serving this request; the answer waits for them (docs/consistency.md). */
@RequestScoped
public class PublishedInRequest {

    /** One committed outbox row: its id, and where its event goes. */
    public record Row(long id, String topic, String key) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(List<Row> committed) {
        rows.addAll(committed);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }
}
