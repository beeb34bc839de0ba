package dev.weft.designer.catalog;

/**
 * Where a setting ends up in BPMN. Only job nodes bind settings to Zeebe extension elements one by one;
 * the other kinds are compiled by their own code and use {@link Compiled}.
 */
public sealed interface Binding {

    /** A {@code zeebe:taskHeader} with this key; the value is static text. */
    record Header(String key) implements Binding {
    }

    /** A {@code zeebe:input} with this target; the value is FEEL, a selector or a literal. */
    record Input(String target) implements Binding {
    }

    /** {@code zeebe:taskDefinition retries}. */
    record Retries() implements Binding {
    }

    /** Read by the node kind's own compiler. */
    record Compiled() implements Binding {
    }
}
