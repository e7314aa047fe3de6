package io.latchkey.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL for a local run: the real server binaries shipped in a Maven Central jar, with a data
 * directory that survives restarts. Creates the services' role and databases when missing, then
 * runs until the process is stopped.
 * <p>
 * Durable as any PostgreSQL installation: the embedded server's defaults are a test database's (no
 * {@code fsync}, no synchronous commit), under which a power cut can lose answered writes or corrupt the
 * data directory, and this one holds the installation's seeds and keys (docs/operations.md "Durability").
 * <p>
 * Usage: {@code LocalPostgres <data-dir> <port> <user> <password> <database>...}
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: LocalPostgres <data-dir> <port> <user> <password> <database>...");
            System.exit(2);
        }
        Path dataDirectory = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = args[3];
        List<String> databases = List.of(args).subList(4, args.length);

        Files.createDirectories(dataDirectory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                // after the embedded defaults ("-F", synchronous_commit=off), so these win
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            }
            stopped.countDown();
        }));
        try {
            requireDurable(postgres);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1); // the shutdown hook stops the server
        }
        createRoleAndDatabases(postgres, user, password, databases);
        System.out.println("PostgreSQL ready on port " + port + ", data in " + dataDirectory.toAbsolutePath());
        stopped.await();
    }

    private static void createRoleAndDatabases(EmbeddedPostgres postgres, String user, String password,
            List<String> databases) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (!exists(statement, "select 1 from pg_roles where rolname = '" + identifier(user) + "'")) {
                statement.execute("create role " + identifier(user) + " login password '" + password.replace("'", "''") + "'");
            }
            for (String database : databases) {
                if (!exists(statement, "select 1 from pg_database where datname = '" + identifier(database) + "'")) {
                    statement.execute("create database " + identifier(database) + " owner " + identifier(user));
                }
            }
        }
    }

    /**
     * Refuses to serve with writes that a power cut could lose: should a newer embedded library pass its test
     * settings after ours, the local run (and CI's smoke test of it) stops here instead of running non-durably.
     */
    private static void requireDurable(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet value = statement.executeQuery("show " + setting)) {
                    value.next();
                    if (!"on".equals(value.getString(1))) {
                        throw new IllegalStateException("PostgreSQL runs with " + setting + "=" + value.getString(1)
                                + ", not on: refusing to serve writes that a power cut could lose");
                    }
                }
            }
        }
    }

    private static boolean exists(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery(query)) {
            return result.next();
        }
    }

    /** Names come from run.sh's configuration; refuse anything that is not a plain identifier. */
    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain PostgreSQL identifier: " + name);
        }
        return name;
    }
}
