package dev.weft.designer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.designer.graph.FlowGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test fixtures. */
public final class TestJson {

    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private TestJson() {
    }

    public static String resource(String name) {
        try (InputStream in = TestJson.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FlowGraph graph(String name) {
        try {
            return JSON.readValue(resource(name), FlowGraph.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
