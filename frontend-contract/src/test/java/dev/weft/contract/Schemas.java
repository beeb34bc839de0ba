package dev.weft.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** Loads the contract's schemas and examples from the class path and validates with networknt. */
final class Schemas {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private Schemas() {
    }

    static JsonNode resource(String name) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("No resource " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonSchema schema(String name) {
        return FACTORY.getSchema(resource("schemas/" + name));
    }

    static JsonSchema schema(JsonNode schema) {
        return FACTORY.getSchema(schema);
    }

    static Set<ValidationMessage> validate(JsonSchema schema, JsonNode value) {
        return schema.validate(value);
    }
}
