package dev.weft.engine.api;

/**
 * Search filter; {@code null} fields (or -1 / 0) do not filter.
 *
 * @param latestOnly only the newest version of each process id
 */
public record ProcessDefinitionFilter(String bpmnProcessId, int version, boolean latestOnly) {

    public static final ProcessDefinitionFilter ALL = new ProcessDefinitionFilter(null, -1, false);
}
