package dev.weft.designer.bpmn;

/** Names of the {@code zeebe:property} entries the designer keeps on BPMN elements so import is lossless. */
public final class WeftBpmn {

    /** Node type of the element. */
    public static final String NODE_TYPE = "weft:nodeType";
    /** The node's settings as JSON (selectors survive; FEEL alone would lose them). */
    public static final String SETTINGS = "weft:settings";
    /** The node's error policy as JSON. */
    public static final String ERROR_POLICY = "weft:errorPolicy";
    /** On elements the generator adds for an error policy: the node they belong to. Import skips them. */
    public static final String GENERATED_FOR = "weft:generatedFor";
    /** Task header carrying the retry backoff (ISO-8601) for the worker's fail command. */
    public static final String RETRY_BACKOFF_HEADER = "retryBackoff";

    private WeftBpmn() {
    }
}
