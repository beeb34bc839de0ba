package dev.weft.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The hub's clock for tests: the system clock, which a test may move forward to see what the hub does with a
 * token that has expired, without waiting for it to expire.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    AdjustableClock adjustableClock() {
        return new AdjustableClock();
    }

    /** System time plus an offset that tests set and reset. */
    public static final class AdjustableClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        public void advance(Duration by) {
            offset = offset.plus(by);
        }

        public void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            if (zone.normalized().equals(ZoneOffset.UTC)) {
                return this;
            }
            throw new UnsupportedOperationException("the hub keeps time in UTC, asked for " + zone);
        }
    }
}
