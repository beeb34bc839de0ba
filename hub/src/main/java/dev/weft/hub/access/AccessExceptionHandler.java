package dev.weft.hub.access;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals of the access API as RFC 9457 problem details, naming the field when the input was at fault. */
@RestControllerAdvice(assignableTypes = AdminApplicationsController.class)
class AccessExceptionHandler {

    @ExceptionHandler(AccessException.class)
    ResponseEntity<ProblemDetail> refused(AccessException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        return ResponseEntity.status(e.status()).body(problem);
    }
}
