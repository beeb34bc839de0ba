package dev.weft.engine.api;

/**
 * Read model of a variable.
 *
 * @param value    the value as JSON text (e.g. {@code "\"text\""}, {@code 42}, {@code {"a":1}})
 * @param scopeKey the element instance (or process instance) the variable lives on
 */
public record VariableView(long key, String name, String value, long scopeKey, long processInstanceKey,
                           String tenantId) {
}
