package io.latchkey.testkit;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker and a real PostgreSQL for a module's {@code @QuarkusTest}s. Declare it once
 * per module, unrestricted, so that every test shares one broker, one database and one app start:
 * {@code @QuarkusTestResource(LatchkeyTestResources.class)} on any class of the test sources.
 * <p>
 * By default both run here (an in-process KRaft broker, an embedded PostgreSQL); set
 * {@code LATCHKEY_TEST_KAFKA_BOOTSTRAP_SERVERS} and/or {@code LATCHKEY_TEST_JDBC_URL} to use
 * external ones instead (see {@link TestPostgres}).
 */
public class LatchkeyTestResources implements QuarkusTestResourceLifecycleManager {

    private TestKafkaBroker kafka;
    private TestPostgres postgres;

    @Override
    public Map<String, String> start() {
        kafka = TestKafkaBroker.start();
        postgres = TestPostgres.start();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        return config;
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
