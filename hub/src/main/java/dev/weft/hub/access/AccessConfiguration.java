package dev.weft.hub.access;

import dev.weft.hub.security.ApiKeyAuthenticator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Applications and API keys: storage, administration, verification for the APIs that accept keys. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
public class AccessConfiguration {

    @Bean
    AccessRepository accessRepository(JdbcClient jdbc) {
        return new AccessRepository(jdbc);
    }

    @Bean
    ApiKeyCodec apiKeyCodec(AccessProperties properties) {
        return new ApiKeyCodec(properties.keyPrefix());
    }

    @Bean
    AccessAdministration accessAdministration(AccessRepository repository, ApiKeyCodec codec,
                                              AccessProperties properties, ObjectProvider<Clock> clock) {
        return new AccessAdministration(repository, codec, properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ApiKeyVerifier apiKeyVerifier(AccessRepository repository, ApiKeyCodec codec) {
        return new ApiKeyVerifier(repository, codec);
    }

    @Bean
    ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyVerifier verifier, ApiKeyCodec codec) {
        return ApiKeyAuthentication.authenticator(verifier, codec);
    }
}
