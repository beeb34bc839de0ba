package dev.weft.hub.observability;

import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Tracing base of the hub. Boot does the heavy lifting: Micrometer Observation bridged to OpenTelemetry,
 * W3C trace context in and out, trace and span ids in every log line, OTLP export once
 * {@code management.otlp.tracing.endpoint} is set. This adds what Boot does not: the trace id in responses.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    /** After Boot's server observation filter (HIGHEST_PRECEDENCE + 1), before Spring Security (-100). */
    static final int TRACE_ID_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    // An ObjectProvider, not @ConditionalOnBean: the Tracer comes from auto-configuration, which is evaluated
    // after this class, and tracing may be switched off (management.tracing.enabled=false).
    @Bean
    FilterRegistrationBean<TraceIdResponseFilter> traceIdResponseFilter(ObjectProvider<Tracer> tracer) {
        FilterRegistrationBean<TraceIdResponseFilter> registration =
                new FilterRegistrationBean<>(new TraceIdResponseFilter(tracer));
        registration.setOrder(TRACE_ID_FILTER_ORDER);
        return registration;
    }
}
