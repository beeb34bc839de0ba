package dev.weft.designer.flow;

import dev.weft.designer.validation.Issue;
import java.util.List;

/** Failures a client can cause, each mapped to one HTTP status by {@link DesignerExceptionHandler}. */
public sealed abstract class DesignerException extends RuntimeException {

    DesignerException(String message) {
        super(message);
    }

    /** 404. */
    public static final class NotFound extends DesignerException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** 400: a request field is wrong. */
    public static final class BadRequest extends DesignerException {
        private final String field;

        public BadRequest(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** 428: writing a draft needs {@code If-Match}. */
    public static final class PreconditionRequired extends DesignerException {
        public PreconditionRequired(String message) {
            super(message);
        }
    }

    /** 409: the draft changed since the client read it; carries the current draft. */
    public static final class StaleDraft extends DesignerException {
        private final Draft current;

        public StaleDraft(Draft current) {
            super("The draft was changed by someone else (current ETag " + current.etag()
                    + "); merge your changes into the current draft and save again.");
            this.current = current;
        }

        public Draft current() {
            return current;
        }
    }

    /** 409: the flow id or process id is taken. */
    public static final class Conflict extends DesignerException {
        private final String field;

        public Conflict(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** 422: the graph has blocking errors (publish) or the document cannot become a graph (import). */
    public static final class InvalidGraph extends DesignerException {
        private final List<Issue> issues;

        public InvalidGraph(String message, List<Issue> issues) {
            super(message);
            this.issues = List.copyOf(issues);
        }

        public List<Issue> issues() {
            return issues;
        }
    }

    /** 501: this server cannot do test runs (no embedded engine whose record log it can follow). */
    public static final class TestRunsUnavailable extends DesignerException {
        public TestRunsUnavailable(String message) {
            super(message);
        }
    }

    /** 502: the engine refused or failed the deployment. */
    public static final class DeployFailed extends DesignerException {
        public DeployFailed(String message) {
            super(message);
        }
    }
}
