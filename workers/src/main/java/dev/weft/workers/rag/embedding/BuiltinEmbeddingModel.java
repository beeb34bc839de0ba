package dev.weft.workers.rag.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions) running in-process from the ONNX model inside LangChain4j's Maven jar:
 * retrieval works offline, with no model server and no download. Loaded once per JVM on first use (~90 MB).
 */
public final class BuiltinEmbeddingModel implements EmbeddingModel {

    public static final String ID = "builtin/all-minilm-l6-v2";
    public static final int DIMENSION = 384;

    private static volatile AllMiniLmL6V2EmbeddingModel model;

    private static final BuiltinEmbeddingModel INSTANCE = new BuiltinEmbeddingModel();

    private BuiltinEmbeddingModel() {
    }

    public static BuiltinEmbeddingModel get() {
        return INSTANCE;
    }

    private static AllMiniLmL6V2EmbeddingModel model() {
        AllMiniLmL6V2EmbeddingModel m = model;
        if (m == null) {
            synchronized (BuiltinEmbeddingModel.class) {
                m = model;
                if (m == null) {
                    // DJL's tokenizer would otherwise try to download a native library it finds in its own jar.
                    System.setProperty("ai.djl.offline", "true");
                    m = new AllMiniLmL6V2EmbeddingModel();
                    model = m;
                }
            }
        }
        return m;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? " " : t)).toList();
        List<Embedding> out = model().embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(out.size());
        out.forEach(e -> vectors.add(e.vector()));
        return vectors;
    }
}
