package dev.weft.workers.llm.step;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.workers.job.JobContext;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Streams {@code weft.llm} answer deltas to the run trace over Redis pub/sub: each delta is one
 * {@code PUBLISH weft:run:<processInstanceKey>:tokens} with the JSON payload
 * <pre>{"processInstanceKey":..,"elementId":"..","elementInstanceKey":..,"jobKey":..,"seq":n,"delta":".."}</pre>
 * ({@code seq} from 0 per job). The designer's SSE stream subscribes to that channel; the contract is fixed.
 *
 * <p>The worker never waits for Redis: {@link #onToken} only puts the message in a bounded queue that one
 * publisher thread drains, in order. When the queue is full (Redis slow or down) the delta is dropped and
 * counted ({@link #dropped()}); a publish that fails is counted too ({@link #failed()}). The job never fails
 * because of the trace.
 */
public final class RedisTokenSink implements TokenSink, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisTokenSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object STOP = new Object();

    /** Default number of deltas held while Redis is slow. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private record Message(String channel, String payload) {
    }

    private final JedisPooled redis;
    private final BlockingQueue<Object> queue;
    private final Thread publisher;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    public RedisTokenSink(URI redisUrl, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.redis = new JedisPooled(redisUrl);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.publisher = Thread.ofPlatform().daemon().name("weft-token-sink").start(this::publishLoop);
    }

    /** The Redis channel of a process instance's token stream. */
    public static String channel(long processInstanceKey) {
        return "weft:run:" + processInstanceKey + ":tokens";
    }

    @Override
    public void onToken(JobContext context, int seq, String delta) {
        try {
            ObjectNode n = JSON.createObjectNode()
                    .put("processInstanceKey", context.processInstanceKey())
                    .put("elementId", context.elementId())
                    .put("elementInstanceKey", context.elementInstanceKey())
                    .put("jobKey", context.jobKey())
                    .put("seq", seq)
                    .put("delta", delta);
            if (closed || !queue.offer(new Message(channel(context.processInstanceKey()), JSON.writeValueAsString(n)))) {
                long d = dropped.incrementAndGet();
                if (Long.bitCount(d) == 1) { // 1, 2, 4, 8, ...: visible without flooding the log
                    LOG.warn("Run trace is behind: {} streamed deltas dropped so far", d);
                }
            }
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            dropped.incrementAndGet();
        }
    }

    private void publishLoop() {
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            Message m = (Message) next;
            try {
                redis.publish(m.channel(), m.payload());
                published.incrementAndGet();
            } catch (JedisException e) {
                long f = failed.incrementAndGet();
                if (Long.bitCount(f) == 1) {
                    LOG.warn("Could not publish streamed deltas to Redis ({} so far): {}", f, e.getMessage());
                }
            }
        }
    }

    /** Deltas published to Redis. */
    public long published() {
        return published.get();
    }

    /** Deltas dropped because the queue was full (Redis slower than the model) or the sink was closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Deltas whose PUBLISH failed (Redis unreachable). */
    public long failed() {
        return failed.get();
    }

    /** Publishes what is queued (waiting up to {@code drain}), then stops. */
    public void close(Duration drain) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(STOP, drain.toMillis(), TimeUnit.MILLISECONDS)) {
                publisher.interrupt();
            }
            publisher.join(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.interrupt();
            redis.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
