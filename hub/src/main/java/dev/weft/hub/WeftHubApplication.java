package dev.weft.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;

/**
 * The Weft hub: the front door of the platform and the all-in-one application.
 *
 * <p>Each feature lives in its own package with its own {@code @Configuration} ({@code security},
 * {@code health}, ...), so other modules (engine, workers, designer) can later be added by importing
 * their configuration next to these.
 */
// Users come from Keycloak only; Boot's generated in-memory user (and the password it logs) must never exist.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class WeftHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(WeftHubApplication.class, args);
    }
}
