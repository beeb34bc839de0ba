package dev.weft.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry an API key; leaves all others to the JWT filter that follows. A key that
 * does not verify is refused here with 401, without saying whether it was unknown, wrong, revoked or expired.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> key = presentedKey(request);
        if (key.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Authentication> authentication = authenticator.authenticate(key.get());
        if (authentication.isEmpty()) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"The API key is not valid\"");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"status\":401,\"title\":\"Unauthorized\","
                    + "\"detail\":\"The API key is unknown, revoked or expired.\"}");
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication.get());
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    private Optional<String> presentedKey(HttpServletRequest request) {
        String header = request.getHeader(ApiKeyAuthenticator.HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String credential = authorization.substring(BEARER.length()).strip();
            if (authenticator.recognises(credential)) {
                return Optional.of(credential);
            }
        }
        return Optional.empty();
    }
}
