package dev.weft.workers.llm.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testsupport.WeftServices;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.job.JobContext;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.runtime.WeftAi;
import dev.weft.workers.testing.PooledTestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** Streaming {@code weft.llm} answers reach the run trace channel in Redis, and a slow Redis never holds a job up. */
class RedisTokenSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStreamingLlmStepPublishesItsDeltasInOrderOnTheRunChannel() throws Exception {
        long processInstanceKey = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        URI redisUrl = WeftServices.get().redisUrl();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub subscriber = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                received.add(message);
            }
        };
        Thread listener = Thread.ofPlatform().daemon().start(() -> {
            try (Jedis jedis = new Jedis(redisUrl)) {
                jedis.subscribe(subscriber, "weft:run:" + processInstanceKey + ":tokens");
            }
        });
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();

        String answer = "Reset it from the Settings page, then sign in again.";
        try (HikariDataSource ds = PooledTestDatabase.create("workers_token_sink");
             FakeOpenAiServer llm = FakeOpenAiServer.start();
             RedisTokenSink sink = new RedisTokenSink(redisUrl, 100);
             WeftAi ai = new WeftAi(new WeftAi.Config(ds, null, new CredentialResolver(Map.<String, String>of()::get,
                     () -> null), null, null, null).withTokens(sink))) {
            ai.registry().putProvider(ProviderSpec.of("local", ProviderKind.OPENAI, llm.baseUrl(), null));
            ai.registry().putModel(ModelSpec.chat("local/m", "local", "m", 8_000));
            ai.registry().putRoute(RouteSpec.of("chat", List.of(new RouteSpec.Target("local/m", 1)), List.of()));
            llm.enqueue(FakeReply.text(answer));
            LlmStep step = (LlmStep) ai.steps().stream().filter(s -> s instanceof LlmStep).findFirst().orElseThrow();

            StepOutcome outcome = StepJobHandler.run(step, new StepInput(Map.of("model", "chat", "prompt", "{{q}}",
                    "stream", "true"), Map.of("q", "How do I reset my password?"),
                    new JobContext(77, processInstanceKey, "support", "answer", "<default>", 3, 555)));

            assertThat(outcome).isInstanceOf(StepOutcome.Completed.class);
            assertThat(llm.requests().getFirst().json().path("stream").asBoolean()).isTrue();
            List<String> pieces = FakeReply.text(answer).pieces();
            List<JsonNode> messages = new ArrayList<>();
            while (messages.size() < pieces.size()) {
                String m = received.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("delta %d of %d", messages.size(), pieces.size()).isNotNull();
                messages.add(JSON.readTree(m));
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                assertThat(m.path("processInstanceKey").asLong()).isEqualTo(processInstanceKey);
                assertThat(m.path("elementId").asText()).isEqualTo("answer");
                assertThat(m.path("elementInstanceKey").asLong()).isEqualTo(555);
                assertThat(m.path("jobKey").asLong()).isEqualTo(77);
                assertThat(m.path("seq").asInt()).isEqualTo(i);
                assertThat(m.path("delta").asText()).isEqualTo(pieces.get(i));
                text.append(m.path("delta").asText());
            }
            assertThat(text.toString().strip()).isEqualTo(answer);
            assertThat(sink.published()).isEqualTo(pieces.size());
            assertThat(sink.dropped()).isZero();
        } finally {
            subscriber.unsubscribe();
            listener.join(5_000);
        }
    }

    @Test
    void aRedisThatDoesNotAnswerCostsDroppedDeltasNotABlockedWorker() throws Exception {
        // A "Redis" that accepts connections and never replies: the publisher thread hangs on its first PUBLISH.
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            RedisTokenSink sink = new RedisTokenSink(URI.create("redis://127.0.0.1:" + silent.getLocalPort()), 2);
            JobContext job = new JobContext(1, 2, "flow", "answer", "<default>", 3, 4);

            for (int i = 0; i < 50; i++) {
                sink.onToken(job, i, "word ");
            }

            // At most one delta is with the publisher and two wait in the queue; the others were dropped and counted.
            assertThat(sink.dropped()).isGreaterThanOrEqualTo(47);
            assertThat(sink.published()).isZero();
            sink.close(java.time.Duration.ofMillis(100));
            acceptor.interrupt();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
