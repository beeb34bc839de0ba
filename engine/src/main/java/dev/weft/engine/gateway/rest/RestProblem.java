package dev.weft.engine.gateway.rest;

import org.springframework.http.HttpStatus;

/**
 * A failure the REST layer answers with an RFC 9457 problem: the HTTP status, Camunda's title (the error code
 * name, e.g. {@code INVALID_ARGUMENT}) and a detail sentence naming the field, key or element.
 */
final class RestProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    RestProblem(HttpStatus status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    static RestProblem invalid(String detail) {
        return new RestProblem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", detail);
    }

    static RestProblem notFound(String detail) {
        return new RestProblem(HttpStatus.NOT_FOUND, "NOT_FOUND", detail);
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }
}
