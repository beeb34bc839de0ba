package dev.weft.hub.demo;

import dev.weft.engine.api.ElementInstanceView;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.Page;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.rag.ingest.Chunker;
import dev.weft.workers.rag.ingest.DocumentInput;
import dev.weft.workers.runtime.WeftAi;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Seeds the sample (collection, model route, flow) and runs it once per call. Seeding is idempotent: documents
 * already ingested unchanged are skipped, registry entries are upserted, and an unchanged flow is redeployed as
 * the same version.
 */
public class DemoService {

    static final String COLLECTION = "weft-demo";
    static final String ROUTE = "weft-demo";
    static final String PROVIDER = "weft-demo-local";
    static final String MODEL = "weft-demo/local";
    static final String PROCESS_ID = "weft-demo-rag";
    static final List<String> DOCUMENTS = List.of("flows.md", "models.md", "retrieval.md");

    private final WeftAi ai;
    private final ObjectProvider<CamundaClient> clients;
    private final ObjectProvider<Engine> engine;
    private final DemoProperties properties;

    public DemoService(WeftAi ai, ObjectProvider<CamundaClient> clients, ObjectProvider<Engine> engine,
                       DemoProperties properties) {
        this.ai = ai;
        this.clients = clients;
        this.engine = engine;
        this.properties = properties;
    }

    /** One seed at a time, so two first calls do not race on the registry and the collection. */
    synchronized void seed(CamundaClient client) {
        List<DocumentInput> documents = new ArrayList<>();
        for (String name : DOCUMENTS) {
            documents.add(new DocumentInput(name, "weft-demo/" + name, "text/markdown", resource("demo/docs/" + name),
                    null, Map.of("sample", "weft-demo")));
        }
        ai.ingestor().ingest(COLLECTION, null, documents, new Chunker(800, 100, Chunker.SplitBy.HEADING),
                "HEADING:800:100", true);
        ai.registry().putProvider(ProviderSpec.of(PROVIDER, ProviderKind.OPENAI, properties.modelBaseUrl(), null)
                .withRequestTimeout(Duration.ofSeconds(30)));
        ai.registry().putModel(ModelSpec.chat(MODEL, PROVIDER, properties.model(), 8192));
        ai.registry().putRoute(RouteSpec.of(ROUTE, List.of(new RouteSpec.Target(MODEL, 1)), List.of())
                .withExtractiveFallback(true));
        client.newDeployResourceCommand().addResourceStringUtf8(resource("demo/weft-demo-rag.bpmn"), "weft-demo-rag.bpmn")
                .send().join(properties.runTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Seeds, runs the flow to its end and reports what happened. */
    public DemoReport run(String question) {
        CamundaClient client = clients.getIfAvailable();
        if (client == null) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "weft.engine.mode is off: there is no engine to run the demo flow on");
        }
        seed(client);
        String asked = question == null || question.isBlank() ? properties.question() : question.strip();
        ProcessInstanceResult result = client.newCreateInstanceCommand().bpmnProcessId(PROCESS_ID).latestVersion()
                .variables(Map.of("question", asked)).withResult().requestTimeout(properties.runTimeout())
                .send().join(properties.runTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        Map<String, Object> variables = result.getVariablesAsMap();
        if (!(variables.get("answer") instanceof Map<?, ?> answer)) {
            throw new IllegalStateException("The demo flow ended without an answer variable: " + variables.keySet());
        }
        List<String> citations = new ArrayList<>();
        if (answer.get("citations") instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m) {
                    citations.add("[" + m.get("n") + "] " + m.get("source"));
                }
            }
        }
        return new DemoReport(result.getProcessInstanceKey(), asked, String.valueOf(answer.get("text")),
                String.valueOf(answer.get("model")), Boolean.TRUE.equals(answer.get("extractive")), citations,
                trace(result.getProcessInstanceKey()));
    }

    private List<DemoReport.TraceEntry> trace(long processInstanceKey) {
        Engine local = engine.getIfAvailable();
        if (local == null) {
            return List.of();
        }
        List<ElementInstanceView> elements = new ArrayList<>(local.searchElementInstances(processInstanceKey,
                new Page(0, 100)).join().items());
        elements.sort(Comparator.comparing(ElementInstanceView::startDate, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(ElementInstanceView::key));
        return elements.stream().map(e -> new DemoReport.TraceEntry(e.elementId(), e.elementType(), e.state(),
                e.startDate() == null || e.endDate() == null ? null : Duration.between(e.startDate(), e.endDate())))
                .toList();
    }

    private static String resource(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("The hub jar lacks its demo resource " + path, e);
        }
    }
}
