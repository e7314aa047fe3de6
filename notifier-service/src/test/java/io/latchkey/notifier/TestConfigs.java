package io.latchkey.notifier;

import java.time.Duration;
import java.util.Map;

import io.latchkey.notifier.config.NotifierConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A {@link NotifierConfig} for plain unit tests: the mapping's defaults plus {@code values}, read as Quarkus reads them. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static NotifierConfig notifier(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(NotifierConfig.class)
                .withDefaultValues(values)
                .build()
                .getConfigMapping(NotifierConfig.class);
    }
}
