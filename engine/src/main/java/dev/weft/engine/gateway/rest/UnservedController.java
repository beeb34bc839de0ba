package dev.weft.engine.gateway.rest;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Everything under {@code /v2} that no other controller maps: Camunda endpoints Weft does not serve (decisions,
 * batch operations, identity ...). Answers 501 with a sentence naming the request, the REST counterpart of the
 * gateway's UNIMPLEMENTED, instead of a bare 404 that reads like a wrong address. More specific mappings always
 * win, so this never shadows a served endpoint.
 */
@RestController
public final class UnservedController {

    @RequestMapping("/v2/**")
    public void unserved(HttpServletRequest request) {
        throw new RestProblem(HttpStatus.NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "Weft does not serve "
                + request.getMethod() + " " + request.getRequestURI() + " of the Camunda v2 REST API");
    }
}
