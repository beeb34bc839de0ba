package dev.weft.workers.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.provider.LlmException;
import dev.weft.workers.llm.provider.ProviderHttp;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.rag.embedding.EmbeddingModels;
import dev.weft.workers.rag.ingest.Chunker;
import dev.weft.workers.rag.ingest.DocumentInput;
import dev.weft.workers.rag.ingest.Ingestor;
import dev.weft.workers.rag.retrieve.RetrievedPassage;
import dev.weft.workers.rag.retrieve.Retriever;
import dev.weft.workers.rag.retrieve.SearchMode;
import dev.weft.workers.testing.PooledTestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A collection embedded by a registry model through its provider's /embeddings endpoint instead of the built-in one. */
class RegistryEmbeddingTest {

    private static HikariDataSource ds;
    private static final FakeOpenAiServer EMBEDDER = FakeOpenAiServer.start().embeddingDimensions(64);
    private static Ingestor ingestor;
    private static Retriever retriever;

    @BeforeAll
    static void setUp() {
        ds = PooledTestDatabase.create("workers_regembed");
        ModelRegistry registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("embedder", ProviderKind.OPENAI, EMBEDDER.baseUrl(), null));
        registry.putModel(ModelSpec.chat("embedder/e64", "embedder", "embed-64", 8192).asEmbedding(64));
        EmbeddingModels models = new EmbeddingModels(registry, new ProviderClients(ProviderHttp.defaults(),
                new CredentialResolver(Map.<String, String>of()::get, () -> null)));
        CollectionStore collections = new CollectionStore(ds);
        ingestor = new Ingestor(collections, models);
        retriever = new Retriever(collections, models);
    }

    @AfterAll
    static void stop() {
        EMBEDDER.close();
        ds.close();
    }

    @Test
    void ingestsAndRetrievesWithTheRegistryModelsDimension() {
        ingestor.ingest("remote", "embedder/e64", List.of(
                DocumentInput.text("a", "a.txt", "cats purr and chase mice"),
                DocumentInput.text("b", "b.txt", "invoices are archived yearly")),
                new Chunker(200, 0, Chunker.SplitBy.SIZE), "size:200:0", false);

        List<RetrievedPassage> hits = retriever.retrieve("remote", "cats chase mice", 1, -1, SearchMode.VECTOR, Map.of());

        assertThat(new CollectionStore(ds).require("remote").dimension()).isEqualTo(64);
        assertThat(hits).singleElement().satisfies(p -> assertThat(p.documentId()).isEqualTo("a"));
        assertThat(EMBEDDER.requests(FakeOpenAiServer.EMBEDDINGS)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.model()).isEqualTo("embed-64"));
    }

    @Test
    void anEmbeddingOutageFailsTheRetrievalWithAClassifiedError() {
        ingestor.ingest("remote2", "embedder/e64", List.of(DocumentInput.text("a", "a.txt", "hello world")),
                new Chunker(200, 0, Chunker.SplitBy.SIZE), "size:200:0", false);
        EMBEDDER.enqueueFor(FakeOpenAiServer.EMBEDDINGS, FakeReply.serverError());

        assertThatThrownBy(() -> retriever.retrieve("remote2", "hello", 1, -1, SearchMode.VECTOR, Map.of()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.failure().errorClass()).isEqualTo("server_error"));
    }
}
