package dev.weft.workers.rag.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.rag.CollectionNotFoundException;
import dev.weft.workers.rag.retrieve.RetrievedPassage;
import dev.weft.workers.rag.retrieve.Retriever;
import dev.weft.workers.rag.retrieve.SearchMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code weft.retrieve}: top-k passages of a collection for {@code query}; BPMN error {@code COLLECTION_NOT_FOUND}. */
public final class RetrieveStep implements Step {

    public static final String TYPE = "weft.retrieve";
    public static final String COLLECTION_NOT_FOUND = "COLLECTION_NOT_FOUND";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Retriever retriever;

    public RetrieveStep(Retriever retriever) {
        this.retriever = retriever;
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        String collection = input.required("collection");
        String query = input.required("query");
        int topK = input.integer("topK", 5);
        if (topK < 1 || topK > 100) {
            throw new InvalidInputException("topK", "must be between 1 and 100, got " + topK);
        }
        Double minScore = input.decimal("minScore");
        if (minScore != null && (minScore < 0 || minScore > 1)) {
            throw new InvalidInputException("minScore", "must be between 0 and 1, got " + minScore);
        }
        SearchMode mode;
        try {
            mode = SearchMode.fromWire(input.string("mode"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("mode", e.getMessage().replaceFirst("^mode: ", ""));
        }
        JsonNode filterNode = input.json("filter");
        if (filterNode != null && !filterNode.isObject()) {
            throw new InvalidInputException("filter", "must be a JSON object of metadata values");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> filter = filterNode == null ? Map.of() : JSON.convertValue(filterNode, Map.class);
        try {
            List<RetrievedPassage> passages = retriever.retrieve(collection, query, topK,
                    minScore == null ? -1 : minScore, mode, filter);
            List<Map<String, Object>> out = new ArrayList<>();
            for (RetrievedPassage p : passages) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", p.id());
                m.put("documentId", p.documentId());
                m.put("text", p.text());
                m.put("score", p.score());
                m.put("source", p.source());
                m.put("metadata", p.metadata());
                out.add(m);
            }
            return new StepOutcome.Completed(Map.of(input.string("resultVariable", "passages"), out));
        } catch (CollectionNotFoundException e) {
            return new StepOutcome.BpmnError(COLLECTION_NOT_FOUND, e.getMessage(), Map.of());
        }
    }
}
