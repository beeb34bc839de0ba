package dev.weft.engine.model;

import java.util.Map;

/**
 * A deployed, validated process: the element graph the engine executes. Immutable and shared.
 *
 * @param root     the {@link ElementKind#PROCESS} element
 * @param elements every element by id (including the process and sequence-flow-less boundary events)
 */
public record ExecutableProcess(String bpmnProcessId, String name, Element root, Map<String, Element> elements) {

    public Element element(String id) {
        Element e = elements.get(id);
        if (e == null) {
            throw new IllegalArgumentException("No element '" + id + "' in process '" + bpmnProcessId + "'");
        }
        return e;
    }
}
