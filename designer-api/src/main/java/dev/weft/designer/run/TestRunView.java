package dev.weft.designer.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A test run as a whole.
 *
 * @param kind               {@code run} (the draft) or {@code rerun} (one node again)
 * @param sourceRunId        for a re-run: the run whose upstream outputs fed it
 * @param nodeId             for a re-run: the node that ran again
 * @param status             running, completed, failed or cancelled
 * @param inputs             the variables the run started with
 * @param nodes              every finished node, as its node_finished event (without the event name)
 * @param running            nodes that started and have not finished
 * @param finished           the run_finished event once the run ended, else null
 * @param events             where the run's Server-Sent Events stream is
 */
public record TestRunView(UUID id, UUID flowId, String kind, UUID sourceRunId, String nodeId, long processInstanceKey,
                          String status, String startedBy, OffsetDateTime startedAt, ObjectNode inputs,
                          List<ObjectNode> nodes, List<ObjectNode> running, ObjectNode finished, String events) {
}
