package dev.weft.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code GET /api/demo/run} end to end: sample documents ingested with the built-in embedding model, the flow deployed
 * to the embedded engine and run by the built-in workers; no language model is reachable in tests (see the test
 * configuration's weft.demo.model-base-url), so the route's extractive fallback answers.
 */
class DemoRunTest extends HubIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void onlyAdminsRunTheDemo() throws Exception {
        assertThat(get("/api/demo/run", KeycloakTokens.user("developer")).statusCode()).isEqualTo(403);
        assertThat(get("/api/demo/run", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theDemoAnswersExtractivelyWithCitationsAndATraceAndSeedsOnlyOnce() throws Exception {
        String service = KeycloakTokens.service();

        HttpResponse<String> first = get("/api/demo/run?question=What%20does%20a%20route%20do%20when%20every%20model%20fails%3F",
                service);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String report = first.body();
        assertThat(report).contains("Question: What does a route do when every model fails?");
        assertThat(report).contains("Answer (extractive");
        assertThat(report).contains("[Extractive answer: quoted from the retrieved passages, no language model was used.]");
        assertThat(report).containsPattern("\\[1] weft-demo/\\w+\\.md");
        // The element instances in the order they ran, each with its duration.
        List<String> traceLines = report.lines().dropWhile(l -> !l.equals("Trace:")).skip(1)
                .filter(l -> !l.isBlank()).toList();
        assertThat(traceLines.stream().map(l -> l.strip().split("\\s+")[0]).toList())
                .containsSubsequence("question", "retrieve", "answer", "done");
        assertThat(traceLines).allSatisfy(l -> assertThat(l).containsPattern("\\d+ ms$"));

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String documents = "SELECT count(*) FROM rag.document d JOIN rag.collection c ON c.id = d.collection_id WHERE c.name = 'weft-demo'";
        String chunks = "SELECT count(*) FROM rag.chunk k JOIN rag.collection c ON c.id = k.collection_id WHERE c.name = 'weft-demo'";
        assertThat(jdbc.queryForObject(documents, Integer.class)).isEqualTo(3);
        int chunkCount = jdbc.queryForObject(chunks, Integer.class);

        HttpResponse<String> second = get("/api/demo/run", service);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("Question: What happens when every model of a route fails?");
        assertThat(jdbc.queryForObject(documents, Integer.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject(chunks, Integer.class)).isEqualTo(chunkCount);
        HttpResponse<String> definitions = send("POST", "/v2/process-definitions/search", service,
                "{\"filter\": {\"processDefinitionId\": {\"$eq\": \"weft-demo-rag\"}}}");
        assertThat(definitions.statusCode()).as(definitions.body()).isEqualTo(200);
        assertThat(definitions.body()).contains("\"version\":1").doesNotContain("\"version\":2");
    }
}
