package dev.weft.engine.processing;

import dev.weft.engine.model.Element;
import dev.weft.engine.model.ElementKind;
import dev.weft.engine.model.EventDefinition;
import dev.weft.engine.model.ExecutableProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * What this engine can execute today. A model the parser accepts but that uses an element (or event definition)
 * the engine cannot run yet is rejected at deployment, naming every such element, instead of hanging at run time.
 */
final class SupportedElements {

    private SupportedElements() {
    }

    /** {@code null} when everything is supported; else the problems in the deployment-error layout. */
    static String check(ExecutableProcess process) {
        List<String> problems = new ArrayList<>();
        for (Element e : process.elements().values()) {
            String p = problem(e);
            if (p != null) {
                problems.add("\n- Element: " + e.id() + "\n    - ERROR: " + p);
            }
        }
        return problems.isEmpty() ? null : String.join("", problems);
    }

    private static String problem(Element e) {
        EventDefinition ev = e.event();
        boolean inEventSubProcess = e.flowScope() != null && e.flowScope().kind() == ElementKind.EVENT_SUB_PROCESS;
        return switch (e.kind()) {
            case PROCESS, SUB_PROCESS, SERVICE_TASK, SEND_TASK, BUSINESS_RULE_TASK, SCRIPT_TASK, MANUAL_TASK, TASK,
                 EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, INCLUSIVE_GATEWAY, AD_HOC_SUB_PROCESS, MULTI_INSTANCE_BODY,
                 EVENT_SUB_PROCESS, USER_TASK, RECEIVE_TASK, EVENT_BASED_GATEWAY, CALL_ACTIVITY -> null;
            case START_EVENT -> ev instanceof EventDefinition.None || ev instanceof EventDefinition.Message
                    || ev instanceof EventDefinition.Timer || ev instanceof EventDefinition.Signal
                    || ((ev instanceof EventDefinition.Error || ev instanceof EventDefinition.Escalation) && inEventSubProcess)
                    ? null : unsupported(e, ev);
            case END_EVENT, INTERMEDIATE_THROW_EVENT -> ev instanceof EventDefinition.None
                    || ev instanceof EventDefinition.Error || ev instanceof EventDefinition.Terminate
                    || ev instanceof EventDefinition.Signal || ev instanceof EventDefinition.Escalation ? null : unsupported(e, ev);
            case BOUNDARY_EVENT -> ev instanceof EventDefinition.Error
                    || ev instanceof EventDefinition.Message || ev instanceof EventDefinition.Timer
                    || ev instanceof EventDefinition.Signal || ev instanceof EventDefinition.Escalation ? null : unsupported(e, ev);
            case INTERMEDIATE_CATCH_EVENT -> ev instanceof EventDefinition.Message || ev instanceof EventDefinition.Timer
                    || ev instanceof EventDefinition.Signal ? null : unsupported(e, ev);
        };
    }

    private static String unsupported(Element e, EventDefinition ev) {
        String what = ev.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return "Elements of type '" + e.kind() + "' with a " + what + " event definition are not supported by this engine version yet";
    }
}
