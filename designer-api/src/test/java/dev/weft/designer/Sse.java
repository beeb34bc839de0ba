package dev.weft.designer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream over real HTTP until an event of a given name (or the stream's end). */
public final class Sse {

    public record Event(String id, String name, JsonNode data) {
    }

    /** What the stream answered: its status, content type and the events up to the stop event. */
    public record Result(int status, String contentType, List<Event> events, String body) {
        public List<Event> named(String name) {
            return events.stream().filter(e -> e.name().equals(name)).toList();
        }
    }

    private Sse() {
    }

    public static Result read(int port, String path, String lastEventId, String stopAt, String... headers) {
        return read(port, path, lastEventId, stopAt, e -> { }, headers);
    }

    /** {@code onEvent} sees each event as it arrives (e.g. to act while the stream is open). */
    public static Result read(int port, String path, String lastEventId, String stopAt, Consumer<Event> onEvent,
                              String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<Result> f = CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<Stream<String>> r = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
                String type = r.headers().firstValue("Content-Type").orElse("");
                List<Event> events = new ArrayList<>();
                if (!type.startsWith("text/event-stream")) {
                    return new Result(r.statusCode(), type, events, String.join("\n", r.body().toList()));
                }
                try (Stream<String> lines = r.body()) {
                    String id = null;
                    String name = "message";
                    StringBuilder data = new StringBuilder();
                    for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                        String line = it.next();
                        if (line.isEmpty()) {
                            if (!data.isEmpty()) {
                                Event e = new Event(id, name, TestJson.JSON.readTree(data.toString()));
                                events.add(e);
                                onEvent.accept(e);
                                if (name.equals(stopAt)) {
                                    break;
                                }
                            }
                            id = null;
                            name = "message";
                            data.setLength(0);
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                        }
                    }
                }
                return new Result(r.statusCode(), type, events, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The event stream " + path + " did not reach '" + stopAt + "'", e);
        }
    }
}
