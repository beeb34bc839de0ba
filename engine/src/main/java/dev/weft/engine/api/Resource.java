package dev.weft.engine.api;

import java.util.Objects;

/**
 * One file of a deployment. The kind is decided by the name's extension: {@code .bpmn} / {@code .bpmn20.xml} are
 * processes, {@code .form} forms, {@code .dmn} decisions (stored; evaluation comes later).
 *
 * @param name    resource name as given by the client, e.g. {@code "order.bpmn"}
 * @param content raw bytes (UTF-8 XML or JSON)
 */
public record Resource(String name, byte[] content) {

    public Resource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
