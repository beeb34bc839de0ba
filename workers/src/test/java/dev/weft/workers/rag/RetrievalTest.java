package dev.weft.workers.rag;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.rag.embedding.BuiltinEmbeddingModel;
import dev.weft.workers.rag.embedding.EmbeddingModels;
import dev.weft.workers.rag.ingest.Ingestor;
import dev.weft.workers.rag.retrieve.RetrievedPassage;
import dev.weft.workers.rag.retrieve.Retriever;
import dev.weft.workers.rag.retrieve.SearchMode;
import dev.weft.workers.rag.step.IngestStep;
import dev.weft.workers.rag.step.RetrieveStep;
import dev.weft.workers.testing.PooledTestDatabase;
import java.io.ByteArrayOutputStream;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RetrievalTest {

    private static HikariDataSource ds;
    private static IngestStep ingest;
    private static RetrieveStep retrieve;
    private static Retriever retriever;

    @BeforeAll
    static void setUp() {
        ds = PooledTestDatabase.create("workers_rag");
        CollectionStore collections = new CollectionStore(ds);
        EmbeddingModels models = new EmbeddingModels(null, null);
        retriever = new Retriever(collections, models);
        ingest = new IngestStep(new Ingestor(collections, models));
        retrieve = new RetrieveStep(retriever);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    private static Map<String, Object> doc(String id, String type, String text, Map<String, Object> metadata) {
        return Map.of("id", id, "source", "kb/" + id, "contentType", type, "text", text, "metadata", metadata);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ingest(String collection, List<Map<String, Object>> docs, Map<String, String> headers) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put("collection", collection);
        StepOutcome outcome = StepJobHandler.run(ingest, StepInput.of(h, Map.of("documents", docs)));
        assertThat(outcome).isInstanceOf(StepOutcome.Completed.class);
        return (Map<String, Object>) ((StepOutcome.Completed) outcome).variables().get("ingest");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> retrieve(Map<String, String> headers, String query) {
        StepOutcome outcome = StepJobHandler.run(retrieve, StepInput.of(headers, Map.of("query", query)));
        assertThat(outcome).isInstanceOf(StepOutcome.Completed.class);
        return (List<Map<String, Object>>) ((StepOutcome.Completed) outcome).variables().get("passages");
    }

    private static final List<Map<String, Object>> KB = List.of(
            doc("cats", "text/plain", "Cats are small domesticated felines that purr and hunt mice.", Map.of("lang", "en", "topic", "animals")),
            doc("db", "text/markdown", "# Storage\nThe engine keeps all process state in PostgreSQL tables.\n# Queue\nEvents are exported to Pulsar.",
                    Map.of("lang", "en", "topic", "tech")),
            doc("html", "text/html", "<html><body><script>evil()</script><h2>Ports</h2><p>The hub listens on port 8088.</p></body></html>",
                    Map.of("lang", "en", "topic", "tech")),
            doc("code", "text/plain", "Error code XJ-4471 means the license file is missing.", Map.of("lang", "en", "topic", "support")),
            doc("fr", "text/plain", "Les chats dorment beaucoup pendant la journée.", Map.of("lang", "fr", "topic", "animals")));

    @Test
    void ingestsAndFindsTheSemanticallyClosestPassage() {
        Map<String, Object> result = ingest("kb-semantic", KB, Map.of("splitBy", "heading", "chunkSize", "400", "chunkOverlap", "0"));
        assertThat(result).containsEntry("added", 5).containsEntry("updated", 0).containsEntry("collection", "kb-semantic");

        List<Map<String, Object>> hits = retrieve(Map.of("collection", "kb-semantic", "mode", "vector", "topK", "2"),
                "Which database stores the workflow state?");

        assertThat(hits).hasSize(2);
        assertThat(hits.getFirst()).containsEntry("documentId", "db").containsEntry("source", "kb/db");
        assertThat((String) hits.getFirst().get("text")).startsWith("Storage\n").contains("PostgreSQL");
        assertThat((Double) hits.getFirst().get("score")).isGreaterThan((Double) hits.get(1).get("score"));
        assertThat(hits.getFirst().get("metadata")).isEqualTo(Map.of("lang", "en", "topic", "tech"));
    }

    @Test
    void hybridSearchFindsExactTokensThatEmbeddingsMiss() {
        ingest("kb-hybrid", KB, Map.of());

        List<Map<String, Object>> hits = retrieve(Map.of("collection", "kb-hybrid", "topK", "1", "mode", "hybrid"), "XJ-4471");

        assertThat(hits).singleElement().satisfies(h -> assertThat(h).containsEntry("documentId", "code"));
    }

    @Test
    void filtersByMetadataAndMinScore() {
        ingest("kb-filter", KB, Map.of());

        List<Map<String, Object>> french = retrieve(Map.of("collection", "kb-filter", "filter", "{\"lang\":\"fr\"}", "topK", "5"), "cats");
        List<Map<String, Object>> strict = retrieve(Map.of("collection", "kb-filter", "minScore", "0.99", "mode", "vector"),
                "quantum chromodynamics lattice");

        assertThat(french).extracting(h -> h.get("documentId")).containsExactly("fr");
        assertThat(strict).isEmpty();
    }

    @Test
    void splitsHtmlByItsHeadingsAndDropsScripts() {
        Map<String, Object> html = doc("manual", "text/html", "<html><head><style>h1{color:red}</style></head><body>"
                + "<h1>Install</h1><p>Unpack the archive and run the installer.</p><script>track()</script>"
                + "<h2>Ports</h2><p>The hub listens on port 8088.</p></body></html>", Map.of());
        ingest("kb-html", List.of(html), Map.of("splitBy", "heading", "chunkSize", "400", "chunkOverlap", "0"));

        List<Map<String, Object>> hits = retrieve(Map.of("collection", "kb-html", "mode", "vector", "topK", "5"),
                "Which port does the hub listen on?");

        assertThat(hits).extracting(h -> (String) h.get("text")).hasSize(2)
                .allSatisfy(t -> assertThat(t).doesNotContain("track()").doesNotContain("color:red"));
        assertThat((String) hits.getFirst().get("text")).startsWith("Ports\n").contains("8088").doesNotContain("installer");
        assertThat((String) hits.get(1).get("text")).startsWith("Install\n").doesNotContain("8088");
    }

    @Test
    void reingestsIncrementallyAndDeletesWhatVanished() {
        ingest("kb-sync", KB, Map.of());

        Map<String, Object> again = ingest("kb-sync", KB, Map.of());
        assertThat(again).containsEntry("added", 0).containsEntry("unchanged", 5).containsEntry("chunks", 0);

        List<Map<String, Object>> changed = new ArrayList<>(KB.subList(0, 3));
        changed.set(0, doc("cats", "text/plain", "Cats sleep sixteen hours a day.", Map.of("lang", "en", "topic", "animals")));
        changed.add(doc("new", "text/plain", "A brand new document about gardening.", Map.of()));
        Map<String, Object> sync = ingest("kb-sync", changed, Map.of("deleteMissing", "true"));

        assertThat(sync).containsEntry("added", 1).containsEntry("updated", 1).containsEntry("unchanged", 2).containsEntry("deleted", 2);
        List<RetrievedPassage> cats = retriever.retrieve("kb-sync", "how long do cats sleep", 1, -1, SearchMode.VECTOR, Map.of());
        assertThat(cats.getFirst().text()).contains("sixteen hours");
        assertThat(retriever.retrieve("kb-sync", "license file error", 5, -1, SearchMode.HYBRID, Map.of()))
                .extracting(RetrievedPassage::documentId).doesNotContain("code");
    }

    @Test
    void readsPdfsThroughPdfBox() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("Invoices are archived for ten years.");
                content.endText();
            }
            pdf.save(bytes);
        }
        ingest("kb-pdf", List.of(Map.of("id", "policy", "contentType", "application/pdf",
                "base64", Base64.getEncoder().encodeToString(bytes.toByteArray()))), Map.of());

        assertThat(retrieve(Map.of("collection", "kb-pdf", "topK", "1"), "how long are invoices kept"))
                .singleElement().satisfies(h -> assertThat((String) h.get("text")).contains("archived for ten years"));
    }

    @Test
    void queriesUseTheCollectionsHnswIndex() throws Exception {
        ingest("kb-index", KB, Map.of());
        Collection col = new CollectionStore(ds).require("kb-index");
        String vec = new com.pgvector.PGvector(BuiltinEmbeddingModel.get().embed("cats")).toString();

        StringBuilder plan = new StringBuilder();
        try (var c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("SET LOCAL enable_seqscan = off");
            try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN SELECT id FROM rag.chunk WHERE collection_id = "
                    + col.id() + " ORDER BY embedding::" + col.indexType() + " <=> '" + vec + "'::" + col.indexType()
                    + " LIMIT 5")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            c.rollback();
        }
        assertThat(plan).contains(col.indexName());
    }

    @Test
    void reportsAMissingCollectionAsBpmnErrorAndBadInputByField() {
        assertThat(StepJobHandler.run(retrieve, StepInput.of(Map.of("collection", "nope"), Map.of("query", "x"))))
                .isInstanceOfSatisfying(StepOutcome.BpmnError.class, e -> assertThat(e.code()).isEqualTo(RetrieveStep.COLLECTION_NOT_FOUND));
        assertThat(StepJobHandler.run(retrieve, StepInput.of(Map.of("collection", "nope", "mode", "psychic"), Map.of("query", "x"))))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("mode:"));
        assertThat(StepJobHandler.run(ingest, StepInput.of(Map.of("collection", "kb-bad"), Map.of("documents",
                List.of(Map.of("id", "a", "text", "fine"), Map.of("id", "b", "contentType", "application/pdf", "base64", "!!!"))))))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
                    assertThat(f.message()).contains("documents[1]");
                    assertThat(f.retryable()).isFalse();
                });
        assertThat(new CollectionStore(ds).find("kb-bad")).as("nothing half-written").isEmpty();
    }
}
