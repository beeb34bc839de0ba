package dev.weft.hub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyScopeTest {

    @Test
    void parsesFlowAndModelScopesWithWildcards() {
        assertThat(ApiKeyScope.parse("flow:support-answer")).isEqualTo(new ApiKeyScope.Flow("support-answer"));
        assertThat(ApiKeyScope.parse("model:*")).isEqualTo(new ApiKeyScope.Model("*"));
        assertThat(ApiKeyScope.parse("model:qwen/qwen2.5-7b").text()).isEqualTo("model:qwen/qwen2.5-7b");
    }

    @Test
    void aWildcardCoversItsKindOnly() {
        ApiKeyScope allFlows = ApiKeyScope.parse("flow:*");
        assertThat(allFlows.allowsFlow("anything")).isTrue();
        assertThat(allFlows.allowsModel("anything")).isFalse();
        ApiKeyScope oneModel = ApiKeyScope.parse("model:chat");
        assertThat(oneModel.allowsModel("chat")).isTrue();
        assertThat(oneModel.allowsModel("chat-large")).isFalse();
    }

    @Test
    void refusesUnknownKindsAndMissingTargetsWithAnExplanation() {
        assertThatThrownBy(() -> ApiKeyScope.parse("tool:search")).hasMessageContaining("expected flow:<id>");
        assertThatThrownBy(() -> ApiKeyScope.parse("flow")).hasMessageContaining("needs a target");
        assertThatThrownBy(() -> ApiKeyScope.parse("flow:a b")).hasMessageContaining("needs a target");
        assertThatThrownBy(() -> ApiKeyScope.parse(null)).hasMessageContaining("null");
    }

    @Test
    void generatedKeysHaveTheDocumentedShapeAndTheirPrefixIsRecognised() {
        ApiKeyCodec codec = new ApiKeyCodec("wft");
        ApiKeyCodec.NewKey key = codec.generate();

        assertThat(key.key()).matches("wft_[a-km-z2-9]{12}_[A-Za-z0-9_-]{43}");
        assertThat(codec.publicPrefixOf(key.key())).contains(key.publicPrefix());
        assertThat(ApiKeyCodec.matches(key.key(), key.sha256())).isTrue();
        assertThat(key.toString()).doesNotContain(key.key().substring(key.publicPrefix().length()));
        assertThat(codec.generate().key()).isNotEqualTo(key.key());
        assertThat(new ApiKeyCodec("abc").publicPrefixOf(key.key())).isEmpty();
    }
}
