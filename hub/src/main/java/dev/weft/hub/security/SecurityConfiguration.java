package dev.weft.hub.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. Health is public (probes and the launcher read it); Prometheus needs role operator
 * or admin; the admin API ({@code /api/admin/**}) role admin; the designer and the engine REST API see
 * {@link #embeddedApis}; everything else needs a valid Keycloak token
 * or, when an {@link ApiKeyAuthenticator} is present, an application's API key (which carries no role). Without Keycloak nobody can be authenticated,
 * so everything but health is refused rather than left open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeycloakProperties.class)
public class SecurityConfiguration {

    @Bean
    @OnKeycloakConfigured
    JwtDecoder keycloakJwtDecoder(KeycloakProperties keycloak, ObjectProvider<Clock> clock) {
        return KeycloakJwtDecoders.create(keycloak, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    SecurityFilterChain hubSecurityFilterChain(HttpSecurity http, KeycloakProperties keycloak,
                                               ObjectProvider<JwtDecoder> jwtDecoder,
                                               ObjectProvider<ApiKeyAuthenticator> apiKeys) throws Exception {
        // Bearer tokens only: no cookies, so no session and no CSRF exposure.
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable);
        http.authorizeHttpRequests(requests -> {
            // Error pages render the status already decided for the original request.
            requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll();
            if (keycloak.configured()) {
                requests.requestMatchers(EndpointRequest.to(PrometheusScrapeEndpoint.class))
                        .hasAnyRole("operator", "admin");
                requests.requestMatchers("/api/admin/**").hasRole("admin");
                // Seeds sample data and a route into the shared registry: an administrator's decision.
                requests.requestMatchers("/api/demo/**").hasRole("admin");
                embeddedApis(requests);
                requests.anyRequest().authenticated();
            } else {
                requests.anyRequest().denyAll();
            }
        });
        if (keycloak.configured()) {
            acceptTokensAndKeys(http, keycloak, jwtDecoder.getObject(), apiKeys.getIfAvailable());
        } else {
            http.exceptionHandling(e -> e.authenticationEntryPoint(noKeycloakEntryPoint()));
        }
        return http.build();
    }

    /** Every realm role may look at flows; operators watch them run, so they read too. */
    private static final String[] FLOW_READERS = {"viewer", "designer", "developer", "operator", "admin"};

    /**
     * The designer ({@code /api/designer/**}) and the engine's REST API ({@code /v2/**}) served in this process.
     * Publishing deploys to the engine, so it is for developers, not for designers who only shape drafts.
     */
    private static void embeddedApis(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.POST, "/api/designer/flows/*/versions").hasAnyRole("developer", "admin");
        requests.requestMatchers(HttpMethod.GET, "/api/designer/**").hasAnyRole(FLOW_READERS);
        // Validation only reads the graph it is sent; the editor calls it for every reader who opens a flow.
        requests.requestMatchers(HttpMethod.POST, "/api/designer/validate").hasAnyRole(FLOW_READERS);
        requests.requestMatchers("/api/designer/**").hasAnyRole("designer", "developer", "admin");
        // The weft-service client carries realm role admin.
        requests.requestMatchers("/v2/**").hasAnyRole("developer", "operator", "admin");
    }

    /** Keycloak tokens for humans and services; API keys for applications when the access feature is present. */
    private static void acceptTokensAndKeys(HttpSecurity http, KeycloakProperties keycloak, JwtDecoder jwtDecoder,
                                            ApiKeyAuthenticator apiKeys) throws Exception {
        if (apiKeys != null) {
            http.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), BearerTokenAuthenticationFilter.class);
        }
        DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();
        TokenCheckFailureHandler failureHandler = new TokenCheckFailureHandler(keycloak);
        http.oauth2ResourceServer(server -> server
                // A bearer value shaped like an API key was handled by the API key filter; it is not a JWT.
                .bearerTokenResolver(request -> {
                    String token = bearerTokens.resolve(request);
                    return token != null && apiKeys != null && apiKeys.recognises(token) ? null : token;
                })
                .jwt(jwt -> jwt
                        .decoder(jwtDecoder)
                        .jwtAuthenticationConverter(new RealmRolesAuthenticationConverter()))
                .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                    @Override
                    public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failureHandler);
                        return filter;
                    }
                }));
    }

    /** Says why every request fails when the hub runs without Keycloak, instead of a bare 401. */
    private static AuthenticationEntryPoint noKeycloakEntryPoint() {
        return (request, response, exception) -> {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"status\":401,\"error\":\"Unauthorized\",\"message\":"
                    + "\"Authentication is not configured: set WEFT_KEYCLOAK_URL to sign in through Keycloak."
                    + " Only /actuator/health is available without it.\"}");
        };
    }
}
