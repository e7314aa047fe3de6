package io.latchkey.authy.metrics;

import java.util.regex.Pattern;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps request paths out of the HTTP server metrics. Quarkus tags a request with its route template
 * ({@code /protected/json/sms/{id}}) or {@code NOT_FOUND}, yet one CI run found an unrouted request's raw
 * path as a {@code uri} tag of push-service (not reproduced; Quarkus's binder treats a normalized path that
 * differs from the request's initial path as a template). A raw path carries authy_ids, codes and tokens and
 * makes one time series per request. No template of ours has a digit outside its braces, so a {@code uri}
 * value that does is a raw path and becomes {@code UNKNOWN}.
 */
public class UriTagFilter {

    static final String UNKNOWN = "UNKNOWN";

    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]*}");
    private static final Pattern DIGIT = Pattern.compile("\\d");

    @Produces
    @Singleton
    MeterFilter rawPathsBecomeUnknown() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("http.server")) {
                    return id;
                }
                String uri = id.getTag("uri");
                return uri == null || isTemplate(uri) ? id : id.replaceTags(id.getTagsAsIterable()).withTag(Tag.of("uri", UNKNOWN));
            }
        };
    }

    /** @return whether the value is a route template or one of Quarkus's own values ({@code NOT_FOUND}, {@code root}) */
    static boolean isTemplate(String uri) {
        return !DIGIT.matcher(PARAMETER.matcher(uri).replaceAll("")).find();
    }
}
