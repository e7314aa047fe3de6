package io.latchkey.token.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** QR links in production must point at the real gateway: no localhost default in %prod (application.properties). */
class PublicBaseUrlConfigTest {

    static final String PROPERTY = "latchkey.otp.public-base-url";

    @Test
    void prodRequiresTheVariable() throws Exception {
        assertThrows(NoSuchElementException.class, () -> config("prod", Map.of()).getValue(PROPERTY, String.class));
    }

    @Test
    void prodUsesTheVariable() throws Exception {
        assertEquals("https://2fa.example.com",
                config("prod", Map.of("LATCHKEY_PUBLIC_BASE_URL", "https://2fa.example.com")).getValue(PROPERTY, String.class));
    }

    @Test
    void devAndTestKeepTheLocalDefault() throws Exception {
        assertEquals("http://localhost:8080", config("dev", Map.of()).getValue(PROPERTY, String.class));
        assertEquals("http://localhost:8080", config("test", Map.of()).getValue(PROPERTY, String.class));
    }

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws Exception {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        PublicBaseUrlConfigTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }
}
