package dev.weft.engine.gateway.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.weft.engine.api.EngineRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * Every failure of the {@code /v2} controllers as RFC 9457 {@code application/problem+json}, shaped like
 * Camunda's: {@code title} is the error code name, {@code detail} a sentence naming the field or key,
 * {@code instance} the request path. Scoped to these controllers so it never changes the host application's
 * own error handling.
 */
@RestControllerAdvice(basePackageClasses = RestErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class RestErrors {

    private static final Logger LOG = LoggerFactory.getLogger(RestErrors.class);

    @ExceptionHandler(Throwable.class)
    ResponseEntity<ProblemDetail> handle(Throwable failure, HttpServletRequest request) {
        Throwable cause = unwrap(failure);
        return switch (cause) {
            case RestProblem problem -> problem(problem.status(), problem.title(), problem.getMessage(), request);
            case EngineRejectedException rejected -> problem(HttpStatus.valueOf(rejected.type().httpStatus()),
                    rejected.type().grpcCode(), rejected.getMessage(), request);
            case IllegalArgumentException invalid -> problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", invalid.getMessage(), request);
            case TimeoutException timeout -> problem(HttpStatus.GATEWAY_TIMEOUT, "DEADLINE_EXCEEDED",
                    "The request did not complete in time" + (timeout.getMessage() == null ? "" : ": " + timeout.getMessage()), request);
            case HttpMessageNotReadableException unreadable -> problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    unreadableDetail(unreadable), request);
            case MethodArgumentTypeMismatchException mismatch -> problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    "Expected property '" + mismatch.getName() + "' to be a " + typeName(mismatch.getRequiredType())
                            + ", but was '" + mismatch.getValue() + "'", request);
            case MissingServletRequestPartException missing -> problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    "Expected the multipart request to have part '" + missing.getRequestPartName() + "', but it is missing", request);
            case MissingServletRequestParameterException missing -> problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    "Expected parameter '" + missing.getParameterName() + "', but it is missing", request);
            case MaxUploadSizeExceededException tooLarge -> problem(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "The upload is larger than the server accepts (" + tooLarge.getMaxUploadSize() + " bytes)", request);
            case HttpMediaTypeNotSupportedException unsupported -> problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "Content type '" + unsupported.getContentType() + "' is not supported here; expected one of "
                            + unsupported.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", ")), request);
            case org.springframework.web.ErrorResponse framework -> problem(HttpStatus.valueOf(framework.getStatusCode().value()),
                    HttpStatus.valueOf(framework.getStatusCode().value()).name(), framework.getBody().getDetail(), request);
            default -> {
                LOG.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), cause);
                yield problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL",
                        "The request failed inside the Weft engine; the engine log has the details", request);
            }
        };
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String unreadableDetail(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return "Property '" + field + "' is invalid: " + mapping.getOriginalMessage().lines().findFirst().orElse("");
        }
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return "The request body is not valid JSON: " + json.getOriginalMessage();
        }
        return "The request body is missing or unreadable";
    }

    private static String typeName(Class<?> type) {
        return type == null ? "value" : type == long.class || type == Long.class ? "number (a key)" : type.getSimpleName();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
