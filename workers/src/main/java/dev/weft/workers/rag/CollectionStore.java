package dev.weft.workers.rag;

import dev.weft.workers.llm.registry.Jdbc;
import dev.weft.workers.rag.embedding.EmbeddingModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Collections in {@code rag.collection}. Creating one also creates its partial HNSW index over
 * {@code embedding::halfvec(dim)} (see {@link Collection#indexType()}) for its rows, in the same transaction, so a collection never exists without it.
 */
public final class CollectionStore {

    private final DataSource dataSource;

    public CollectionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Optional<Collection> find(String name) {
        return Jdbc.withConnection(dataSource, c -> find(c, name));
    }

    public Collection require(String name) {
        return find(name).orElseThrow(() -> new CollectionNotFoundException(name));
    }

    /** The collection, created with this model and distance when missing (concurrent creators get the same one). */
    public Collection getOrCreate(String name, EmbeddingModel model, Distance distance) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("collection: must be 1-63 lowercase letters, digits, '.', '_' or '-'");
        }
        Optional<Collection> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        return Jdbc.inTransaction(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO rag.collection (name, embedding_model, dimension, distance) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO NOTHING RETURNING id""")) {
                s.setString(1, name);
                s.setString(2, model.id());
                s.setInt(3, model.dimension());
                s.setString(4, distance.wire());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return find(c, name).orElseThrow();
                    }
                    Collection created = new Collection(rs.getLong(1), name, model.id(), model.dimension(), distance);
                    try (Statement ddl = c.createStatement()) {
                        // Literal id and dimension: both come from this database, and the planner only uses a
                        // partial index when the query repeats its predicate and cast literally.
                        ddl.execute("CREATE INDEX " + created.indexName() + " ON rag.chunk USING hnsw ((embedding::"
                                + created.indexType() + ") " + distance.opclass() + ") WHERE collection_id = " + created.id());
                    }
                    return created;
                }
            }
        });
    }

    /** Deletes a collection with its documents, chunks and index. */
    public boolean delete(String name) {
        return Jdbc.inTransaction(dataSource, c -> {
            Optional<Collection> col = find(c, name);
            if (col.isEmpty()) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX IF EXISTS rag." + col.get().indexName());
                s.execute("DELETE FROM rag.chunk WHERE collection_id = " + col.get().id());
                s.execute("DELETE FROM rag.collection WHERE id = " + col.get().id());
            }
            return true;
        });
    }

    private static Optional<Collection> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM rag.collection WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Collection(rs.getLong("id"), rs.getString("name"), rs.getString("embedding_model"),
                        rs.getInt("dimension"), Distance.fromWire(rs.getString("distance"))));
            }
        }
    }
}
