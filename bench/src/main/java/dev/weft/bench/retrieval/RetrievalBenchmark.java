package dev.weft.bench.retrieval;

import dev.weft.bench.BenchDatabase;

import com.pgvector.PGvector;
import dev.weft.migrations.WeftMigrations;
import dev.weft.workers.rag.Collection;
import dev.weft.workers.rag.CollectionStore;
import dev.weft.workers.rag.Distance;
import dev.weft.workers.rag.embedding.BuiltinEmbeddingModel;
import dev.weft.workers.rag.retrieve.Retriever;
import dev.weft.workers.runtime.WeftAi;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Retrieval over 100,000 chunks of 384 dimensions: p50/p95 query latency and recall@10 of the collection's HNSW
 * index, against an exact scan of the same rows measured in the same run (the baseline). Targets from issue 4:
 * p95 < 20 ms, recall@10 >= 0.95.
 *
 * <p>Vectors are clustered (200 Gaussian clusters on the unit sphere) like real embeddings; queries are
 * perturbed copies of stored vectors. The HNSW queries go through {@code Retriever.searchVector} itself (one
 * round trip: {@code hnsw.ef_search} and iterative scan set for the statement, binary vector parameter, ranking
 * subquery without the text), so what is measured is what a {@code weft.retrieve} node pays minus the embedding.
 *
 * <p>Run against the local services ({@code ./weft services up}):
 * {@code ./mvnw -q -pl bench -am package -DskipTests && java -cp "bench/target/classes:$(cat cp)"
 * dev.weft.bench.retrieval.RetrievalBenchmark [chunks] [queries]}. It creates and drops its own database.
 */
public final class RetrievalBenchmark {

    private static final int DIM = 384;
    private static final int K = 10;

    private RetrievalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (BenchDatabase db = BenchDatabase.create("retrieval")) {
            run(db.url(), db.user(), db.password(), chunks, queries);
        }
    }

    private static void run(String url, String user, String password, int chunks, int queries) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        }
        WeftMigrations.migrate(ds);
        // The built-in model only declares the 384 dimensions here; the benchmark writes its vectors itself.
        Collection col = new CollectionStore(ds).getOrCreate("bench", BuiltinEmbeddingModel.get(), Distance.COSINE);
        Random random = new Random(42);
        float[][] centres = new float[200][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = unit(gaussian(random, 1.0));
        }
        List<float[]> stored = new ArrayList<>(chunks);
        // Bulk load without the HNSW index (maintaining the graph row by row is what makes loading slow), then build
        // it once with the exact definition the collection was created with.
        String indexDef;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = 'rag' AND indexname = '"
                     + col.indexName() + "'")) {
            rs.next();
            indexDef = rs.getString(1);
            s.execute("DROP INDEX rag." + col.indexName());
        }
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement doc = c.prepareStatement("INSERT INTO rag.document (collection_id, id, content_type, content_hash)"
                    + " VALUES (?, 'bench', 'text/plain', 'x')")) {
                doc.setLong(1, col.id());
                doc.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO rag.chunk (collection_id, document_id, ordinal, text,"
                    + " embedding) VALUES (?, 'bench', ?, ?, ?::vector)")) {
                for (int i = 0; i < chunks; i++) {
                    float[] centre = centres[random.nextInt(centres.length)];
                    float[] v = unit(add(centre, gaussian(random, 0.35)));
                    stored.add(v);
                    ins.setLong(1, col.id());
                    ins.setInt(2, i);
                    ins.setString(3, "chunk " + i);
                    ins.setString(4, new PGvector(v).toString());
                    ins.addBatch();
                    if (i % 1000 == 999) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            c.commit();
        }
        long loaded = System.nanoTime();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '512MB'");
            s.execute(indexDef);
            s.execute("VACUUM ANALYZE rag.chunk");
        }
        long indexed = System.nanoTime();
        System.out.printf("loaded %,d chunks of %d dimensions in %.1f s, HNSW built in %.1f s%n", chunks, DIM,
                (loaded - t0) / 1e9, (indexed - loaded) / 1e9);

        // The HNSW side is Weft's own query path (Retriever.searchVector on a HikariCP pool, as the hub runs it);
        // the baseline is the same ranking with index scans disabled.
        String distance = "embedding::" + col.vectorType() + " <=> ?::" + col.vectorType();
        String exactSql = "SELECT id FROM rag.chunk WHERE collection_id = " + col.id() + " ORDER BY " + distance + " LIMIT " + K;
        long[] hnsw = new long[queries];
        long[] exact = new long[queries];
        long[] afterScan = new long[queries];
        List<float[]> queryVectors = new ArrayList<>(queries + 20);
        for (int q = 0; q < queries + 20; q++) { // the first 20 warm up
            queryVectors.add(unit(add(stored.get(random.nextInt(stored.size())), gaussian(random, 0.05))));
        }
        List<List<Long>> approx = new ArrayList<>();
        // Two passes over the same queries: HNSW first, then the exact scans. Interleaving them would measure each
        // HNSW query right after a full-table scan pushed its index pages out of the caches, which no retrieval
        // workload does.
        try (HikariDataSource pool = pool(url, user, password); WeftAi ai = WeftAi.on(pool, null)) {
            Retriever retriever = ai.retriever();
            for (int q = 0; q < queryVectors.size(); q++) {
                long a = System.nanoTime();
                List<Long> ids = retriever.searchVector("bench", queryVectors.get(q), K, Double.NEGATIVE_INFINITY, Map.of())
                        .stream().map(p -> Long.parseLong(p.id())).toList();
                long b = System.nanoTime();
                if (ids.size() != K) {
                    throw new IllegalStateException("HNSW search returned " + ids.size() + " rows, expected " + K);
                }
                if (q >= 20) {
                    hnsw[q - 20] = b - a;
                    approx.add(ids);
                }
            }
            double recall = 0;
            // Second pass: the exact scans (the baseline and the recall truth). Each is followed by the same HNSW
            // query again, reported apart: the latency right after a full-table scan, the worst case.
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                for (int q = 20; q < queryVectors.size(); q++) {
                    long a = System.nanoTime();
                    List<Long> truth = exactIds(c, exactSql, new PGvector(queryVectors.get(q)).toString());
                    long b = System.nanoTime();
                    retriever.searchVector("bench", queryVectors.get(q), K, Double.NEGATIVE_INFINITY, Map.of());
                    afterScan[q - 20] = System.nanoTime() - b;
                    exact[q - 20] = b - a;
                    Set<Long> hit = new HashSet<>(truth);
                    recall += approx.get(q - 20).stream().filter(hit::contains).count() / (double) K;
                }
            }
            recall /= queries;
            report(queries, hnsw, exact, afterScan, recall);
        }
    }

    private static void report(int queries, long[] hnsw, long[] exact, long[] afterScan, double recall) {
        Arrays.sort(hnsw);
        Arrays.sort(exact);
        Arrays.sort(afterScan);
        double p50 = hnsw[queries / 2] / 1e6;
        double p95 = hnsw[(int) Math.ceil(queries * 0.95) - 1] / 1e6;
        double e50 = exact[queries / 2] / 1e6;
        double e95 = exact[(int) Math.ceil(queries * 0.95) - 1] / 1e6;
        System.out.printf("%d queries, top-%d, cosine%n", queries, K);
        System.out.printf("  exact scan (baseline): p50 %7.2f ms  p95 %7.2f ms%n", e50, e95);
        System.out.printf("  HNSW               : p50 %7.2f ms  p95 %7.2f ms  (%.1fx faster at p95)%n", p50, p95, e95 / p95);
        System.out.printf("  HNSW after each scan: p50 %7.2f ms  p95 %7.2f ms  (caches just flushed by the exact scan)%n",
                afterScan[queries / 2] / 1e6, afterScan[(int) Math.ceil(queries * 0.95) - 1] / 1e6);
        System.out.printf("  recall@%d of HNSW against the exact scan: %.3f%n", K, recall);
        System.out.printf("  targets: p95 < 20 ms %s, recall@10 >= 0.95 %s%n", p95 < 20 ? "met" : "NOT met",
                recall >= 0.95 ? "met" : "NOT met");
        System.out.printf("  load average at the end: %s%n", loadAverage());
    }

    /** The exact top-k: the same ranking with index scans off, so PostgreSQL scans and sorts every row. */
    private static List<Long> exactIds(Connection c, String sql, String vec) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL enable_indexscan = off");
        }
        List<Long> out = new ArrayList<>(K);
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, vec);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        c.commit();
        return out;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(4);
        return pool;
    }

    private static float[] gaussian(Random r, double sigma) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (r.nextGaussian() * sigma / Math.sqrt(DIM));
        }
        return v;
    }

    private static float[] add(float[] a, float[] b) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = a[i] + b[i];
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float f : v) {
            n += f * f;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
