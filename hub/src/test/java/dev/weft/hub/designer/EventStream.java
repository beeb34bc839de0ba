package dev.weft.hub.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a test run's Server-Sent Events over real HTTP, as a browser's EventSource would, up to run_finished. */
final class EventStream {

    record Event(String id, String name, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventStream() {
    }

    static List<Event> read(int port, String path, String bearerToken) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + bearerToken).build();
        CompletableFuture<List<Event>> events = CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + String.join("\n", r.body().toList()));
                }
                List<Event> out = new ArrayList<>();
                try (Stream<String> lines = r.body()) {
                    String id = null;
                    String name = "message";
                    StringBuilder data = new StringBuilder();
                    for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                        String line = it.next();
                        if (line.isEmpty()) {
                            if (!data.isEmpty()) {
                                out.add(new Event(id, name, JSON.readTree(data.toString())));
                                if (name.equals("run_finished")) {
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
                            data.append(line.substring(5).trim());
                        }
                    }
                }
                return out;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return events.get(150, TimeUnit.SECONDS);
    }

    static List<Event> named(List<Event> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    static JsonNode finished(List<Event> events, String nodeId) {
        return named(events, "node_finished").stream().filter(e -> e.data().path("nodeId").asText().equals(nodeId))
                .findFirst().orElseThrow(() -> new AssertionError("no node_finished for " + nodeId + " in " + events)).data();
    }
}
