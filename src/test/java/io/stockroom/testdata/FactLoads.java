package io.stockroom.testdata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fact rows written by a test name their feed as a load does: by a load number that fact_loads maps to the feed.
 */
public final class FactLoads {

    private FactLoads() {}

    /** The load number of {@code feedId}'s test rows: its first one, or a new one recorded in fact_loads. */
    public static long of(Connection c, String feedId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT MIN(load_seq) FROM fact_loads WHERE feed_id = ?")) {
            p.setString(1, feedId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long seq = r.getLong(1);
                if (!r.wasNull()) {
                    return seq;
                }
            }
        }
        long seq;
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT nextval('load_seq_ids')")) {
            r.next();
            seq = r.getLong(1);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO fact_loads (load_seq, feed_id) VALUES (?, ?)")) {
            p.setLong(1, seq);
            p.setString(2, feedId);
            p.executeUpdate();
        }
        return seq;
    }
}
