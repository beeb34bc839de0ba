package dev.weft.workers.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates MCP structured tool output with the json-schema-validator version pinned in the parent pom (1.5.x).
 * The SDK's own default validator (in mcp-json-jackson2) is written against json-schema-validator 2.x and fails
 * to load next to 1.5.x, so every Weft MCP client and server passes this one explicitly.
 */
public final class McpSchemaValidator implements JsonSchemaValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        try {
            JsonNode value = JSON.valueToTree(structuredContent);
            Set<ValidationMessage> errors = FACTORY.getSchema(JSON.valueToTree(schema)).validate(value);
            if (errors.isEmpty()) {
                return ValidationResponse.asValid(JSON.writeValueAsString(value));
            }
            return ValidationResponse.asInvalid("structured content does not match the tool's output schema: "
                    + errors.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return ValidationResponse.asInvalid("output schema could not be applied: " + e.getMessage());
        }
    }
}
