package dev.weft.hub.access;

import org.springframework.http.HttpStatus;

/**
 * A request the access feature refuses, with the status to answer and, for bad input, the offending field
 * (a JSON pointer-like path such as {@code scopes[1]}).
 */
final class AccessException extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    private AccessException(HttpStatus status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static AccessException invalid(String field, String message) {
        return new AccessException(HttpStatus.BAD_REQUEST, field, field + " " + message);
    }

    static AccessException notFound(String message) {
        return new AccessException(HttpStatus.NOT_FOUND, null, message);
    }

    static AccessException conflict(String field, String message) {
        return new AccessException(HttpStatus.CONFLICT, field, message);
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }
}
