package io.latchkey.authy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;

class UriTagFilterTest {

    private final UriTagFilter filter = new UriTagFilter();

    private String uriOf(String name, String uri) {
        Meter.Id id = new Meter.Id(name, Tags.of("method", "GET", "uri", uri), null, null, Meter.Type.TIMER);
        return filter.rawPathsBecomeUnknown().map(id).getTag("uri");
    }

    @Test
    void templatesAndQuarkusValuesAreKept() {
        assertEquals("/protected/json/sms/{id}", uriOf("http.server.requests", "/protected/json/sms/{id}"));
        assertEquals("/protected/json/verify/{token}/{id: [0-9]+}",
                uriOf("http.server.requests", "/protected/json/verify/{token}/{id: [0-9]+}"));
        assertEquals("NOT_FOUND", uriOf("http.server.requests", "NOT_FOUND"));
        assertEquals("root", uriOf("http.server.requests", "root"));
    }

    @Test
    void aRawPathBecomesUnknown() {
        assertEquals("UNKNOWN", uriOf("http.server.requests", "/protected/json/verify/0123456/918273645"));
        assertEquals("UNKNOWN", uriOf("http.server.active.requests", "/onetouch/json/approval_requests/5b0c-11e9"));
    }

    @Test
    void otherMetersAreUntouched() {
        assertEquals("/callback/42", uriOf("http.client.requests", "/callback/42"));
    }
}
