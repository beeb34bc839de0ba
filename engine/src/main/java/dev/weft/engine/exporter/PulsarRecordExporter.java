package dev.weft.engine.exporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.state.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * Exports the record log to a Pulsar topic, at least once and in position order. Progress is kept in
 * {@code engine.exporter_position} and advanced only after Pulsar acknowledged every record up to it, so after a
 * crash export resumes where it was acknowledged (records after that may be sent twice; consumers de-duplicate by
 * {@code position}).
 *
 * <p>Positions come from a sequence and are assigned before commit, so a record may become visible after a later
 * one. The exporter therefore stops at a gap and only skips it once it is older than {@code gapTimeout} (a gap
 * that old is a rolled-back batch, not a slow commit).
 *
 * <p>Message format: one JSON object per record with {@code position, recordType, valueType, intent, key,
 * processInstanceKey, timestamp, rejectionType, rejectionReason, value}; the Pulsar key is the process instance
 * key, so one instance's records stay in order per key.
 */
public final class PulsarRecordExporter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PulsarRecordExporter.class.getName());

    /**
     * @param exporterId  name of this exporter's position row
     * @param pulsarUrl   {@code pulsar://host:port}
     * @param topic       e.g. {@code persistent://public/default/weft-engine-records}
     * @param batchSize   records read per round
     * @param interval    pause when there is nothing to export
     * @param gapTimeout  how long a missing position may hold export back
     */
    public record Config(DataSource dataSource, String exporterId, String pulsarUrl, String topic, int batchSize,
                         Duration interval, Duration gapTimeout) {
        public Config {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(pulsarUrl, "pulsarUrl");
            Objects.requireNonNull(topic, "topic");
            exporterId = exporterId == null || exporterId.isBlank() ? "pulsar" : exporterId;
            batchSize = batchSize <= 0 ? 500 : batchSize;
            interval = interval == null ? Duration.ofMillis(200) : interval;
            gapTimeout = gapTimeout == null ? Duration.ofSeconds(5) : gapTimeout;
        }
    }

    private record Row(long position, String json, long processInstanceKey) {
    }

    private final Config config;
    private final PulsarClient client;
    private final Producer<byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long exportedPosition;
    private long gapSince;

    private PulsarRecordExporter(Config config, PulsarClient client, Producer<byte[]> producer) {
        this.config = config;
        this.client = client;
        this.producer = producer;
        this.thread = new Thread(this::loop, "weft-engine-exporter-" + config.exporterId());
        thread.setDaemon(true);
    }

    /** Connects to Pulsar and starts exporting from the stored position. */
    public static PulsarRecordExporter start(Config config) {
        try {
            PulsarClient client = PulsarClient.builder().serviceUrl(config.pulsarUrl())
                    .operationTimeout(10, TimeUnit.SECONDS).build();
            Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(config.topic())
                    .enableBatching(true).blockIfQueueFull(true).create();
            PulsarRecordExporter exporter = new PulsarRecordExporter(config, client, producer);
            exporter.exportedPosition = exporter.readPosition();
            exporter.thread.start();
            return exporter;
        } catch (PulsarClientException | SQLException e) {
            throw new IllegalStateException("Could not start the record exporter to " + config.topic() + " at "
                    + config.pulsarUrl() + ": " + e.getMessage() + ". Is Pulsar running ('./weft services up')?", e);
        }
    }

    /** The highest position acknowledged by Pulsar and stored. */
    public long exportedPosition() {
        return exportedPosition;
    }

    private void loop() {
        while (running) {
            try {
                int exported = exportOnce();
                if (exported == 0) {
                    Thread.sleep(config.interval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Record export failed; retrying from position " + exportedPosition + ": " + e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Exports one round; returns how many records were exported. */
    int exportOnce() throws Exception {
        List<Row> rows = readAfter(exportedPosition);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        long expected = exportedPosition + 1;
        long last = exportedPosition;
        for (Row r : rows) {
            if (r.position() != expected && !gapExpired()) {
                break; // a lower position may still commit; wait for it
            }
            gapSince = 0;
            sends.add(producer.newMessage().key(Long.toString(r.processInstanceKey()))
                    .value(r.json().getBytes(StandardCharsets.UTF_8)).sendAsync());
            last = r.position();
            expected = last + 1;
        }
        if (sends.isEmpty()) {
            return 0;
        }
        producer.flush();
        CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        storePosition(last);
        exportedPosition = last;
        return sends.size();
    }

    private boolean gapExpired() {
        long now = System.nanoTime();
        if (gapSince == 0) {
            gapSince = now;
            return false;
        }
        return now - gapSince > config.gapTimeout().toNanos();
    }

    private List<Row> readAfter(long position) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection c = config.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT position, record_type, value_type, intent, key, "
                     + "process_instance_key, timestamp, rejection_type, rejection_reason, value FROM engine.record "
                     + "WHERE position > ? ORDER BY position LIMIT ?")) {
            ps.setLong(1, position);
            ps.setInt(2, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode n = Json.MAPPER.createObjectNode();
                    n.put("position", rs.getLong(1));
                    n.put("recordType", rs.getString(2));
                    n.put("valueType", rs.getString(3));
                    n.put("intent", rs.getString(4));
                    n.put("key", rs.getLong(5));
                    n.put("processInstanceKey", rs.getLong(6));
                    n.put("timestamp", rs.getLong(7));
                    n.put("partitionId", 1);
                    n.put("rejectionType", rs.getString(8));
                    n.put("rejectionReason", rs.getString(9));
                    JsonNode value = Json.MAPPER.readTree(rs.getString(10));
                    n.set("value", value);
                    out.add(new Row(rs.getLong(1), n.toString(), rs.getLong(6)));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("A stored record value is not JSON: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    private long readPosition() throws SQLException {
        try (Connection c = config.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT position FROM engine.exporter_position WHERE exporter_id = ?")) {
            ps.setString(1, config.exporterId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private void storePosition(long position) throws SQLException {
        try (Connection c = config.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO engine.exporter_position (exporter_id, position) "
                     + "VALUES (?, ?) ON CONFLICT (exporter_id) DO UPDATE SET position = excluded.position")) {
            ps.setString(1, config.exporterId());
            ps.setLong(2, position);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close();
        } catch (PulsarClientException e) {
            LOG.log(Level.FINE, "Closing the exporter's producer failed", e);
        }
        try {
            client.close();
        } catch (PulsarClientException e) {
            LOG.log(Level.FINE, "Closing the exporter's Pulsar client failed", e);
        }
    }
}
