package io.latchkey.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * A database that fails every consumer transaction of the service under test, as a failover or an
 * overloaded database would: a trigger on {@code consumer_offset} (written by every consumer in the
 * transaction of its effect) raises a serialization failure (SQLSTATE 40001). Consumers retry, nothing is
 * dead-lettered, the service's projections stand still; the HTTP side keeps working.
 */
public final class ConsumerDatabaseFailure {

    private ConsumerDatabaseFailure() {
    }

    public static void start(DataSource database) throws SQLException {
        execute(database, """
                create or replace function injected_failure() returns trigger language plpgsql as $$
                begin
                  raise exception 'injected failure' using errcode = '40001';
                end $$""");
        execute(database, "create trigger injected_failure before insert or update on consumer_offset "
                + "for each row execute function injected_failure()");
    }

    /** Ends the failure; also safe when none was started (an {@code @AfterEach}). */
    public static void stop(DataSource database) throws SQLException {
        execute(database, "drop trigger if exists injected_failure on consumer_offset");
    }

    private static void execute(DataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
