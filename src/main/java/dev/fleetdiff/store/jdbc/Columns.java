package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.text.HostBytes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How Java values map to the portable column types: epoch millis, 0/1 flags, NUL-free text, comma lists. */
final class Columns {
    /** PostgreSQL TEXT cannot hold NUL; the same replacement on SQLite keeps both databases identical. */
    private static final char NUL = '\0';
    private static final char REPLACEMENT = '\uFFFD';

    private Columns() {
    }

    static long millis(Instant time) {
        return time.toEpochMilli();
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        return Instant.ofEpochMilli(row.getLong(column));
    }

    static int flag(boolean value) {
        return value ? 1 : 0;
    }

    static boolean flag(ResultSet row, String column) throws SQLException {
        return row.getInt(column) != 0;
    }

    /**
     * Text as stored: NUL characters replaced, bytes that were not UTF-8 written as {@code \xNN} (a text column cannot
     * hold the lone surrogates {@link HostBytes} keeps them as), null kept.
     */
    static String text(String value) {
        return value == null ? null : HostBytes.escapeBytes(value).replace(NUL, REPLACEMENT);
    }

    static void setText(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        statement.setString(index, text(value.orElse(null)));
    }

    static void setInteger(PreparedStatement statement, int index, Optional<Integer> value) throws SQLException {
        if (value.isPresent()) {
            statement.setInt(index, value.get());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    static Optional<String> optionalText(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    /** Alert groups as one column; OSSEC group names never contain commas, they separate them. */
    static String groups(List<String> groups) {
        return text(String.join(",", groups));
    }

    static List<String> groups(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
    }
}
