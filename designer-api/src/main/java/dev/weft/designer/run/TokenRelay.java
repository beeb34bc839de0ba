package dev.weft.designer.run;

import java.net.URI;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Relays the live LLM tokens the workers publish for a process instance on Redis channel
 * {@code weft:run:<processInstanceKey>:tokens} (JSON {@code {processInstanceKey, elementId, elementInstanceKey,
 * jobKey, seq, delta}}). One subscription per open test-run stream, on its own connection and virtual thread, held
 * only while the stream is open. Without Redis (no URL, or unreachable) nothing is relayed and nothing fails: the
 * node's whole output still arrives with node_finished.
 */
public class TokenRelay {

    private static final Logger LOG = Logger.getLogger(TokenRelay.class.getName());

    /** An open subscription; close it when the stream ends. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final URI redisUrl;

    /** @param redisUrl {@code redis://host:port}, or null for no relay */
    public TokenRelay(URI redisUrl) {
        this.redisUrl = redisUrl;
    }

    public static String channel(long processInstanceKey) {
        return "weft:run:" + processInstanceKey + ":tokens";
    }

    /** Calls {@code onMessage} with each message's JSON text (on the relay's thread) until closed. */
    public Subscription subscribe(long processInstanceKey, Consumer<String> onMessage) {
        if (redisUrl == null) {
            return () -> { };
        }
        String channel = channel(processInstanceKey);
        Relay relay = new Relay(channel, onMessage);
        Thread.ofVirtual().name("weft-designer-tokens-" + processInstanceKey).start(relay::run);
        return relay::close;
    }

    private final class Relay extends JedisPubSub {
        private final String channel;
        private final Consumer<String> onMessage;
        private volatile boolean closed;
        private volatile Jedis jedis;

        Relay(String channel, Consumer<String> onMessage) {
            this.channel = channel;
            this.onMessage = onMessage;
        }

        void run() {
            try (Jedis j = new Jedis(redisUrl)) {
                jedis = j;
                if (!closed) {
                    j.subscribe(this, channel);
                }
            } catch (RuntimeException unavailable) {
                if (!closed) {
                    LOG.log(Level.FINE, "No live tokens for " + channel + ": Redis is not available ("
                            + unavailable.getMessage() + ")");
                }
            }
        }

        @Override
        public void onMessage(String ch, String message) {
            try {
                onMessage.accept(message);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Dropped a token message of " + ch + ": " + e.getMessage());
            }
        }

        void close() {
            closed = true;
            try {
                if (isSubscribed()) {
                    unsubscribe();
                    return;
                }
            } catch (RuntimeException ignored) {
                // not subscribed yet: closing the connection below ends the subscribe call
            }
            Jedis j = jedis;
            if (j != null) {
                try {
                    j.disconnect();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
    }
}
