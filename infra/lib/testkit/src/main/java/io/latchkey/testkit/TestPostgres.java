package io.latchkey.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private EmbeddedPostgres embedded;
    /** The embedded server's data, kept across {@link #restart()}s and deleted on {@link #close()}. */
    private final Path dataDirectory;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final Runnable cleanup;

    private TestPostgres(EmbeddedPostgres embedded, Path dataDirectory, String jdbcUrl, String username, String password,
            Runnable cleanup) {
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
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
            Path data = Files.createTempDirectory("latchkey-test-pg");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
            return new TestPostgres(postgres, data, postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", () -> {
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
        return new TestPostgres(null, null, databaseUrl, username, password,
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

    /**
     * Stops the embedded server (a fast shutdown: open connections are cut) and starts it again on the
     * same port and data, as a database restart or failover looks to its clients. Only for the embedded server.
     */
    public void restart() throws IOException {
        if (embedded == null) {
            throw new IllegalStateException("an external PostgreSQL is not restarted by the tests");
        }
        int port = embedded.getPort();
        embedded.close();
        embedded = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port).start();
    }

    @Override
    public void close() {
        cleanup.run();
        if (embedded != null) {
            try {
                embedded.close();
                try (var files = Files.walk(dataDirectory)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }
}
