package dev.weft.hub.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code weft.keycloak.url} is set to a non-blank value. {@code @ConditionalOnProperty} is not
 * enough: the property is always present (as {@code ${WEFT_KEYCLOAK_URL:}}), just empty when Keycloak is off.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnKeycloakConfigured.Condition.class)
public @interface OnKeycloakConfigured {

    final class Condition extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("weft.keycloak.url", "");
            return url.isBlank()
                    ? ConditionOutcome.noMatch("weft.keycloak.url is blank (WEFT_KEYCLOAK_URL unset)")
                    : ConditionOutcome.match("weft.keycloak.url is " + url);
        }
    }
}
