package dev.weft.engine.api;

/** Answer to {@link Engine#correlateMessage}: the message and the instance it was correlated to. */
public record MessageCorrelated(long messageKey, long processInstanceKey, String tenantId) {
}
