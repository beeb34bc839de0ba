package dev.weft.designer.bpmn;

/** The document is not BPMN the designer can read at all (not XML, not BPMN 2.0, no process). */
public final class BpmnImportException extends RuntimeException {

    public BpmnImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
