package dev.weft.workers.rag.step;

import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.rag.ingest.Chunker;
import dev.weft.workers.rag.ingest.DocumentInput;
import dev.weft.workers.rag.ingest.IngestResult;
import dev.weft.workers.rag.ingest.Ingestor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code weft.ingest}: documents into a collection (created when missing), incrementally by content hash. */
public final class IngestStep implements Step {

    public static final String TYPE = "weft.ingest";

    private final Ingestor ingestor;

    public IngestStep(Ingestor ingestor) {
        this.ingestor = ingestor;
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        String collection = input.required("collection");
        int size = input.integer("chunkSize", 800);
        int overlap = input.integer("chunkOverlap", 100);
        String splitByRaw = input.string("splitBy", "size").toUpperCase(Locale.ROOT);
        Chunker.SplitBy splitBy;
        try {
            splitBy = Chunker.SplitBy.valueOf(splitByRaw);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("splitBy", "must be size or heading, got '" + input.string("splitBy") + "'");
        }
        Chunker chunker;
        try {
            chunker = new Chunker(size, overlap, splitBy);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            throw new InvalidInputException(field, e.getMessage().substring(field.length() + 2));
        }
        Object raw = input.variables().get("documents");
        if (!(raw instanceof List<?> list)) {
            throw new InvalidInputException("documents", "is required: a list of {id, source, contentType, text | base64, metadata}");
        }
        List<DocumentInput> documents = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new InvalidInputException("documents[" + i + "]", "must be an object");
            }
            Object metadata = m.get("metadata");
            if (metadata != null && !(metadata instanceof Map)) {
                throw new InvalidInputException("documents[" + i + "].metadata", "must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = metadata == null ? Map.of() : (Map<String, Object>) metadata;
            documents.add(new DocumentInput(str(m.get("id")), str(m.get("source")), str(m.get("contentType")),
                    str(m.get("text")), str(m.get("base64")), meta));
        }
        IngestResult r;
        try {
            r = ingestor.ingest(collection, input.string("embeddingModel"), documents, chunker,
                    splitBy + ":" + size + ":" + overlap, input.bool("deleteMissing", false));
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int colon = msg.indexOf(": ");
            throw colon > 0 ? new InvalidInputException(msg.substring(0, colon), msg.substring(colon + 2))
                    : new InvalidInputException("documents", msg);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("collection", r.collection());
        out.put("added", r.added());
        out.put("updated", r.updated());
        out.put("unchanged", r.unchanged());
        out.put("deleted", r.deleted());
        out.put("chunks", r.chunks());
        return new StepOutcome.Completed(Map.of(input.string("resultVariable", "ingest"), out));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
