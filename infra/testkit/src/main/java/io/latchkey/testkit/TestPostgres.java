package io.latchkey.testkit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL database that is empty when the tests start: a fresh embedded server (zonky; it
 * runs as root through {@code unshare -U}), or, when {@code LATCHKEY_TEST_JDBC_URL} names an
 * existing server, a new database created on it for this run and dropped afterwards.
 */
public final class TestPostgres implements AutoCloseable {

    static final String EXTERNAL_URL_ENV = "LATCHKEY_TEST_JDBC_URL";
    static final String EXTERNAL_USER_ENV = "LATCHKEY_TEST_JDBC_USERNAME";
    static final String EXTERNAL_PASSWORD_ENV = "LATCHKEY_TEST_JDBC_PASSWORD";

    private final EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final Runnable cleanup;

    private TestPostgres(EmbeddedPostgres embedded, String jdbcUrl, String username, String password, Runnable cleanup) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.cleanup = cleanup;
    }

    public static TestPostgres start() {
        String externalUrl = System.getenv(EXTERNAL_URL_ENV);
        return externalUrl == null || externalUrl.isBlank() ? startEmbedded() : createDatabaseOn(externalUrl);
    }

    private static TestPostgres startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new TestPostgres(postgres, postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", () -> {
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
        }
    }

    private static TestPostgres createDatabaseOn(String serverUrl) {
        String username = System.getenv().getOrDefault(EXTERNAL_USER_ENV, "postgres");
        String password = System.getenv().getOrDefault(EXTERNAL_PASSWORD_ENV, "");
        String database = "latchkey_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(serverUrl, username, password, "create database " + database);
        String databaseUrl = withDatabase(serverUrl, database);
        return new TestPostgres(null, databaseUrl, username, password,
                () -> execute(serverUrl, username, password, "drop database if exists " + database + " with (force)"));
    }

    /** jdbc:postgresql://host:port/anything?params -> jdbc:postgresql://host:port/database?params */
    static String withDatabase(String serverUrl, String database) {
        int hostStart = serverUrl.indexOf("//") + 2;
        int pathStart = serverUrl.indexOf('/', hostStart);
        int queryStart = serverUrl.indexOf('?');
        String hostPart = serverUrl.substring(0, pathStart < 0 ? (queryStart < 0 ? serverUrl.length() : queryStart) : pathStart);
        String query = queryStart < 0 ? "" : serverUrl.substring(queryStart);
        return hostPart + "/" + database + query;
    }

    private static void execute(String url, String username, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, username, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " refused: " + sql, e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        cleanup.run();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }
}
