package dev.weft.engine.feel;

import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * An attribute value from a BPMN model: either a FEEL expression (Zeebe writes those with a leading {@code =}) or a
 * static text. Parsed once at deployment; evaluated many times.
 *
 * @param source the attribute text as written in the BPMN
 * @param parsed the parsed FEEL, or {@code null} for a static value
 */
public record Expression(String source, ParsedExpression parsed) {

    public boolean isStatic() {
        return parsed == null;
    }

    /** The static text ({@code source}); only meaningful when {@link #isStatic()}. */
    public String staticValue() {
        return source;
    }
}
