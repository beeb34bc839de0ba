package dev.weft.engine.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesJsonTest {

    @Test
    void emptyTextMeansNoVariables() {
        assertThat(VariablesJson.parse("variables", "")).isEmpty();
        assertThat(VariablesJson.parse("variables", null)).isEmpty();
        assertThat(VariablesJson.parse("variables", "  ")).isEmpty();
    }

    @Test
    void objectsBecomeMapsInDocumentOrder() {
        Map<String, Object> vars = VariablesJson.parse("variables", "{\"b\":1,\"a\":[true,null,\"x\"],\"c\":{\"d\":2.5}}");
        assertThat(vars.keySet()).containsExactly("b", "a", "c");
        assertThat(vars.get("a")).isEqualTo(java.util.Arrays.asList(true, null, "x"));
        assertThat(vars.get("c")).isEqualTo(Map.of("d", new BigDecimal("2.5")));
    }

    @Test
    void invalidJsonNamesTheField() {
        assertThatThrownBy(() -> VariablesJson.parse("request.variables", "{\"a\":"))
                .isInstanceOf(InvalidVariablesException.class)
                .hasMessageContaining("'request.variables'")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void nonObjectsAreRefusedWithTheirType() {
        assertThatThrownBy(() -> VariablesJson.parse("variables", "[1,2]"))
                .hasMessageContaining("'variables'").hasMessageContaining("JSON array");
        assertThatThrownBy(() -> VariablesJson.parse("variables", "42"))
                .hasMessageContaining("JSON number");
        assertThatThrownBy(() -> VariablesJson.parse("variables", "\"text\""))
                .hasMessageContaining("JSON string");
    }

    @Test
    void trailingGarbageIsRefused() {
        assertThatThrownBy(() -> VariablesJson.parse("variables", "{\"a\":1} {\"b\":2}"))
                .isInstanceOf(InvalidVariablesException.class);
    }

    @Test
    void absurdNestingIsRefusedInsteadOfExhaustingTheStack() {
        String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        assertThatThrownBy(() -> VariablesJson.parse("variables", deep))
                .isInstanceOf(InvalidVariablesException.class)
                .hasMessageContaining("'variables'");
    }

    @Test
    void writesJsonObjectsAndEmptyAsBraces() {
        assertThat(VariablesJson.write(Map.of())).isEqualTo("{}");
        assertThat(VariablesJson.write(Map.of("a", List.of(1, 2)))).isEqualTo("{\"a\":[1,2]}");
    }
}
