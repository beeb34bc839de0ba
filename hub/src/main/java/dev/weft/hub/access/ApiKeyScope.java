package dev.weft.hub.access;

/**
 * What one API key may use. Written as {@code flow:<flowId>} / {@code model:<alias>}, with {@code *} for all of
 * that kind. Closed set: a new kind of resource is a new record here and a new case in every switch.
 */
public sealed interface ApiKeyScope {

    String WILDCARD = "*";

    /** The textual form stored and shown. */
    String text();

    /** Running a published flow. */
    record Flow(String flowId) implements ApiKeyScope {
        @Override
        public String text() {
            return "flow:" + flowId;
        }
    }

    /** Calling a model alias directly (OpenAI-compatible API). */
    record Model(String alias) implements ApiKeyScope {
        @Override
        public String text() {
            return "model:" + alias;
        }
    }

    /** Whether this scope covers the given flow. */
    default boolean allowsFlow(String flowId) {
        return this instanceof Flow f && (f.flowId().equals(WILDCARD) || f.flowId().equals(flowId));
    }

    /** Whether this scope covers the given model alias. */
    default boolean allowsModel(String alias) {
        return this instanceof Model m && (m.alias().equals(WILDCARD) || m.alias().equals(alias));
    }

    /**
     * Parses the textual form.
     *
     * @throws IllegalArgumentException with a message meant for the caller who wrote the scope
     */
    static ApiKeyScope parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("must not be null");
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String target = colon < 0 ? "" : text.substring(colon + 1);
        if (!target.equals(WILDCARD) && !target.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}")) {
            throw new IllegalArgumentException("'" + text + "' needs a target after the colon: a flow id or model"
                    + " alias (letters, digits, . _ / -) or *");
        }
        return switch (kind) {
            case "flow" -> new Flow(target);
            case "model" -> new Model(target);
            default -> throw new IllegalArgumentException("'" + text + "' is not a scope; expected flow:<id>,"
                    + " flow:*, model:<alias> or model:*");
        };
    }
}
