package dev.weft.workers.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP side shared by all providers: one pooled {@link HttpClient} (HTTP/1.1 keep-alive, which every
 * OpenAI-compatible server speaks), timeouts, SSE reading with an idle watchdog, and the mapping of transport
 * errors and status codes to {@link LlmFailure}s.
 */
public final class ProviderHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weft-llm-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient client;

    public ProviderHttp(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Default: 10 s to connect; request timeouts come from each endpoint. */
    public static ProviderHttp defaults() {
        return new ProviderHttp(Duration.ofSeconds(10));
    }

    /** Sends and returns the body of a 2xx answer; anything else throws a classified {@link LlmException}. */
    JsonNode sendJson(HttpRequest request, Duration timeout) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LlmException(classify(e, timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(new LlmFailure.ConnectionFailed("interrupted"), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new LlmException(classifyStatus(response.statusCode(),
                    response.headers().firstValue("retry-after").orElse(null), response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LlmException(new LlmFailure.InvalidResponse("answer is not valid JSON: " + abbreviate(response.body())), e);
        }
    }

    /** Receives SSE events of a 2xx stream; the handler returns false to stop reading (end event seen). */
    void sendStream(HttpRequest request, Duration idleTimeout, SseHandler handler) {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new LlmException(classify(e, idleTimeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(new LlmFailure.ConnectionFailed("interrupted"), e);
        }
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw new LlmException(classifyStatus(response.statusCode(),
                    response.headers().firstValue("retry-after").orElse(null), body));
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        InputStream in = response.body();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = new StringBuilder();
            ScheduledFuture<?> watchdog = arm(in, idleTimeout, timedOut);
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    watchdog.cancel(false);
                    watchdog = arm(in, idleTimeout, timedOut);
                    if (line.isEmpty()) {
                        if (!data.isEmpty() && !handler.onEvent(event, data.toString())) {
                            return;
                        }
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        if (!data.isEmpty()) {
                            data.append('\n');
                        }
                        data.append(line.substring(5).stripLeading());
                    }
                }
                if (!data.isEmpty() && !handler.onEvent(event, data.toString())) {
                    return;
                }
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new LlmException(new LlmFailure.Timeout(idleTimeout, "stream was silent for " + idleTimeout), e);
            }
            throw new LlmException(new LlmFailure.InvalidResponse("stream broke: " + e.getMessage()), e);
        }
        throw new LlmException(new LlmFailure.InvalidResponse("stream ended before its final event"));
    }

    private static ScheduledFuture<?> arm(InputStream in, Duration idle, AtomicBoolean timedOut) {
        return WATCHDOG.schedule(() -> {
            timedOut.set(true);
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how the blocked reader is woken; nothing else to do
            }
        }, idle.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One SSE event: {@code event} is null for unnamed events (OpenAI), {@code data} joined by newlines. */
    @FunctionalInterface
    interface SseHandler {
        boolean onEvent(String event, String data);
    }

    static LlmFailure classify(IOException e, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return new LlmFailure.ConnectionFailed("connect timed out: " + e.getMessage());
        }
        if (e instanceof HttpTimeoutException) {
            return new LlmFailure.Timeout(timeout, "no answer within " + timeout);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException) {
                return new LlmFailure.ConnectionFailed("could not connect: " + t.getClass().getSimpleName());
            }
        }
        return new LlmFailure.ConnectionFailed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /**
     * Maps an error answer. Both OpenAI's {@code {"error":{"message","type","code"}}} and Anthropic's
     * {@code {"type":"error","error":{"type","message"}}} are read; context-length and content-policy errors
     * come as 400s and are recognised by code or by the wording providers use.
     */
    static LlmFailure classifyStatus(int status, String retryAfter, String body) {
        String message = body == null ? "" : body;
        String code = "";
        String type = "";
        try {
            JsonNode error = JSON.readTree(message).path("error");
            if (error.isObject()) {
                message = error.path("message").asText(message);
                code = error.path("code").asText("");
                type = error.path("type").asText("");
            }
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        message = abbreviate(message);
        String lower = (message + " " + code + " " + type).toLowerCase(Locale.ROOT);
        if (status == 429) {
            return new LlmFailure.RateLimited(parseRetryAfter(retryAfter), message);
        }
        if (status >= 500) {
            return new LlmFailure.ServerError(status, message);
        }
        if (status == 401 || status == 403) {
            return new LlmFailure.AuthenticationFailed(status, message);
        }
        if (lower.contains("context_length_exceeded") || lower.contains("maximum context length")
                || lower.contains("prompt is too long") || lower.contains("context window")) {
            return new LlmFailure.ContextLengthExceeded(message);
        }
        if (lower.contains("content_policy") || lower.contains("content_filter") || lower.contains("safety system")) {
            return new LlmFailure.ContentPolicy(message);
        }
        if (status == 408) {
            return new LlmFailure.Timeout(null, message);
        }
        return new LlmFailure.BadRequest(status, message);
    }

    /** Seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
