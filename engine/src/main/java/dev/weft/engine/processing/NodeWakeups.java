package dev.weft.engine.processing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups between engine processes sharing one database, over PostgreSQL LISTEN/NOTIFY. A batch that makes jobs
 * activatable without handing them to a local stream announces their types with {@code pg_notify} inside its own
 * transaction, so the announcement is delivered exactly when the jobs are visible (on commit) and never for a batch
 * that rolled back. Every engine listens on its scheduler's connection (no extra connection: the scheduler waits
 * for announcements instead of sleeping between its scans) and, for announcements of other engines, wakes its long
 * polls and feeds its job streams of those types at once instead of at its next re-poll. One
 * announcement per batch carries all its types (coalesced); the listener coalesces again over what it receives at
 * a time. Notifications can be lost when the listening connection breaks: after every (re)connect the listener
 * reports a gap and the engine re-polls everything once.
 */
final class NodeWakeups {

    static final String CHANNEL = "weft_engine_jobs";
    /** PostgreSQL's limit for a payload is 8000 bytes; stay well below it. */
    private static final int MAX_PAYLOAD = 7000;

    /** What the engine does about announcements from other engines. */
    interface Listener {
        /** Jobs of these types became activatable on another engine. */
        void jobsAvailable(Collection<String> types);

        /** Announcements may have been missed (the listening connection was (re)opened): look at everything. */
        void gap();
    }

    private final Listener listener;
    private final String self;

    NodeWakeups(Listener listener) {
        this.listener = listener;
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.self = HexFormat.of().formatHex(id);
    }

    /**
     * Announces job types in the caller's open transaction (delivered on its commit). Payload: the sender's id,
     * then one type per line.
     */
    void announce(Connection c, Set<String> jobTypes) throws SQLException {
        if (jobTypes.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(self);
        for (String type : jobTypes) {
            int bytes = payload.toString().getBytes(StandardCharsets.UTF_8).length
                    + type.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes > MAX_PAYLOAD && payload.length() > self.length()) {
                payloads.add(payload.toString());
                payload = new StringBuilder(self);
            }
            payload.append('\n').append(type);
        }
        payloads.add(payload.toString());
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (String p : payloads) {
                ps.setString(1, CHANNEL);
                ps.setString(2, p);
                ps.executeQuery().close();
            }
        }
    }

    /** Starts listening on a (new) connection; announcements before this moment may have been missed. */
    void listen(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        listener.gap();
    }

    /**
     * Waits up to {@code millis} (at least 1) on a listening connection for announcements of other engines, and
     * hands their job types (coalesced) to the listener.
     */
    void await(Connection c, int millis) throws SQLException {
        PGNotification[] received = c.unwrap(PGConnection.class).getNotifications(Math.max(1, millis));
        if (received == null || received.length == 0) {
            return;
        }
        Set<String> types = new LinkedHashSet<>();
        for (PGNotification n : received) {
            String[] lines = n.getParameter().split("\n");
            if (lines.length < 2 || lines[0].equals(self)) {
                continue;
            }
            for (int i = 1; i < lines.length; i++) {
                types.add(lines[i]);
            }
        }
        if (!types.isEmpty()) {
            listener.jobsAvailable(types);
        }
    }
}
