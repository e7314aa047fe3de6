package io.latchkey.events.outbox;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;

/** Outbox rows committed while serving this request; the answer waits for them (docs/consistency.md). */
@RequestScoped
public class PublishedInRequest {

    private final List<Long> rows = new ArrayList<>();

    synchronized void add(List<Long> committed) {
        rows.addAll(committed);
    }

    public synchronized List<Long> rows() {
        return List.copyOf(rows);
    }
}
