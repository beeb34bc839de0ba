package dev.weft.engine.processing;

import dev.weft.engine.state.JobRow;
import dev.weft.engine.state.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading {@code engine.job} rows. */
final class JobRows {

    static final String COLUMNS = "key, type, state, worker, retries, deadline, recur_at, process_instance_key, "
            + "element_instance_key, element_id, bpmn_process_id, process_definition_version, process_definition_key, "
            + "custom_headers, error_message, tenant_id";

    private JobRows() {
    }

    static JobRow read(ResultSet rs) throws SQLException {
        JobRow j = new JobRow();
        j.key = rs.getLong(1);
        j.type = rs.getString(2);
        j.state = rs.getString(3);
        j.worker = rs.getString(4);
        j.retries = rs.getInt(5);
        j.deadline = rs.getLong(6);
        j.recurAt = rs.getLong(7);
        j.processInstanceKey = rs.getLong(8);
        j.elementInstanceKey = rs.getLong(9);
        j.elementId = rs.getString(10);
        j.bpmnProcessId = rs.getString(11);
        j.processDefinitionVersion = rs.getInt(12);
        j.processDefinitionKey = rs.getLong(13);
        Map<String, String> headers = new LinkedHashMap<>();
        Json.readMap(rs.getString(14)).forEach((k, v) -> headers.put(k, String.valueOf(v)));
        j.customHeaders = headers;
        j.errorMessage = rs.getString(15);
        j.tenantId = rs.getString(16);
        return j;
    }
}
