package dev.weft.engine.model;

import dev.weft.engine.feel.Feel;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.camunda.bpm.model.xml.validation.ValidationResults;

/**
 * Parses and validates a BPMN resource into executable processes. Hardened: the XML is first read by a StAX parser
 * that refuses DTDs (so no external entities, no entity expansion bombs reach the DOM parser of the model API),
 * and resources above a size limit are refused before any parsing. Thread-safe.
 */
public final class BpmnParser {

    /** Outcome: the processes, or one message listing every problem (Zeebe's layout). */
    public record Result(List<ExecutableProcess> processes, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final Feel feel;
    private final int maxBytes;
    private final XMLInputFactory stax;

    public BpmnParser(Feel feel, int maxBytes) {
        this.feel = feel;
        this.maxBytes = maxBytes;
        this.stax = XMLInputFactory.newFactory();
        stax.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        stax.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        stax.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    }

    public Result parse(String resourceName, byte[] content) {
        if (content.length > maxBytes) {
            return fail(resourceName, "is " + content.length + " bytes, more than the limit of " + maxBytes + " bytes");
        }
        if (content.length == 0) {
            return fail(resourceName, "is empty");
        }
        String xmlProblem = checkXml(content);
        if (xmlProblem != null) {
            return fail(resourceName, xmlProblem);
        }
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
        } catch (RuntimeException e) {
            return fail(resourceName, "is not a valid BPMN 2.0 document: " + rootMessage(e));
        }
        Map<String, List<String>> problems = new LinkedHashMap<>();
        ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
        for (Map.Entry<ModelElementInstance, List<ValidationResult>> entry : results.getResults().entrySet()) {
            for (ValidationResult r : entry.getValue()) {
                if (r.getType() == ValidationResultType.ERROR) {
                    problems.computeIfAbsent(idOf(entry.getKey()), k -> new ArrayList<>()).add(r.getMessage());
                }
            }
        }
        BpmnTransformer transformer = new BpmnTransformer(feel);
        List<ExecutableProcess> processes = List.of();
        try {
            processes = transformer.transform(model);
        } catch (RuntimeException e) {
            // A model the validators let through but that is inconsistent (e.g. a flow to a missing element).
            problems.computeIfAbsent("(model)", k -> new ArrayList<>()).add(rootMessage(e));
        }
        for (BpmnTransformer.Problem p : transformer.problems()) {
            List<String> list = problems.computeIfAbsent(p.elementId(), k -> new ArrayList<>());
            if (!list.contains(p.message())) {
                list.add(p.message());
            }
        }
        if (problems.isEmpty() && processes.isEmpty()) {
            return fail(resourceName, "contains no executable process (isExecutable=\"true\")");
        }
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("'").append(resourceName).append("':");
            problems.forEach((id, msgs) -> {
                sb.append("\n- Element: ").append(id);
                msgs.forEach(m -> sb.append("\n    - ERROR: ").append(m));
            });
            return new Result(List.of(), sb.toString());
        }
        return new Result(processes, null);
    }

    private String checkXml(byte[] content) {
        XMLStreamReader reader = null;
        try {
            reader = stax.createXMLStreamReader(new ByteArrayInputStream(content));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    return "must not contain a DOCTYPE declaration (DTDs and external entities are refused)";
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    return "must not use entity references";
                }
            }
            return null;
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
            String msg = e.getMessage() == null ? "" : e.getMessage().replaceAll("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
            return "is not well-formed XML" + where + ": " + msg.strip();
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing was opened that needs more than a best effort
                }
            }
        }
    }

    private static String idOf(ModelElementInstance element) {
        String id = element.getAttributeValue("id");
        return id != null ? id : element.getElementType().getTypeName();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static Result fail(String resourceName, String message) {
        return new Result(List.of(), "'" + resourceName + "' " + message);
    }
}
