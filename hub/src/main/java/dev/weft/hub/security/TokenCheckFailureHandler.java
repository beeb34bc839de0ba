package dev.weft.hub.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A bad token is the caller's problem (401); a token that cannot be checked because Keycloak does not answer is
 * ours. Spring Security would turn the latter into a 500 with a stack trace; this answers 503 with the reason,
 * so clients retry and operators see which dependency is missing.
 */
final class TokenCheckFailureHandler implements AuthenticationFailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCheckFailureHandler.class);

    private final BearerTokenAuthenticationEntryPoint invalidToken = new BearerTokenAuthenticationEntryPoint();
    private final KeycloakProperties keycloak;

    TokenCheckFailureHandler(KeycloakProperties keycloak) {
        this.keycloak = keycloak;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException, ServletException {
        if (!(exception instanceof AuthenticationServiceException)) {
            invalidToken.commence(request, response, exception);
            return;
        }
        String reason = rootMessage(exception);
        LOG.warn("Cannot check a bearer token: Keycloak at {} is not usable ({})", keycloak.url(), reason);
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", "5");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String detail = "The token cannot be checked now: Keycloak at " + keycloak.url() + " is not usable ("
                + reason + "). Try again shortly.";
        response.getWriter().write("{\"status\":503,\"title\":\"Service Unavailable\",\"detail\":"
                + jsonString(detail) + "}");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
