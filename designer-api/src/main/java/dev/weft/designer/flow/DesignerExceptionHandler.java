package dev.weft.designer.flow;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.weft.designer.catalog.CatalogController;
import dev.weft.designer.run.TestRunController;
import java.net.URI;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problem details for the designer endpoints, naming the field, node or edge at fault. */
@RestControllerAdvice(assignableTypes = {FlowController.class, CatalogController.class, TestRunController.class,
        TemplateController.class})
public class DesignerExceptionHandler {

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://weft.dev/problems/" + code));
        p.setProperty("code", code);
        return p;
    }

    @ExceptionHandler(DesignerException.class)
    public ProblemDetail designer(DesignerException e) {
        return switch (e) {
            case DesignerException.NotFound n -> problem(HttpStatus.NOT_FOUND, "not-found", n.getMessage());
            case DesignerException.BadRequest b -> {
                ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", b.getMessage());
                p.setProperty("field", b.field());
                yield p;
            }
            case DesignerException.PreconditionRequired r -> problem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", r.getMessage());
            case DesignerException.StaleDraft s -> {
                ProblemDetail p = problem(HttpStatus.CONFLICT, "stale-draft", s.getMessage());
                p.setProperty("current", s.current());
                yield p;
            }
            case DesignerException.Conflict c -> {
                ProblemDetail p = problem(HttpStatus.CONFLICT, "conflict", c.getMessage());
                p.setProperty("field", c.field());
                yield p;
            }
            case DesignerException.InvalidGraph g -> {
                ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-graph", g.getMessage());
                p.setProperty("issues", g.issues());
                yield p;
            }
            case DesignerException.TestRunsUnavailable u -> problem(HttpStatus.NOT_IMPLEMENTED, "test-runs-unavailable", u.getMessage());
            case DesignerException.DeployFailed d -> problem(HttpStatus.BAD_GATEWAY, "deploy-failed", d.getMessage());
        };
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                    .collect(Collectors.joining("/", "/", ""));
            ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Field " + field + " is invalid: " + m.getOriginalMessage());
            p.setProperty("field", field);
            return p;
        }
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request body is not valid JSON for this endpoint.");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'.");
        p.setProperty("field", e.getName());
        return p;
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ProblemDetail missing(MissingServletRequestParameterException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Parameter '" + e.getParameterName() + "' is required.");
        p.setProperty("field", e.getParameterName());
        return p;
    }
}
