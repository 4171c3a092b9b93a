package dev.wsshowcase.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final Logger logger = Logger.getAnonymousLogger();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicLong now = new AtomicLong(1_000);

    @BeforeEach
    void capture() {
        logger.setUseParentHandlers(false);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    @Test
    void oneLinePerIntervalThenTheCountOfThoseLeftOut() {
        RateLimitedLog log = new RateLimitedLog(logger, Level.INFO, Duration.ofMinutes(1), now::get);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            log.log(() -> "bad request " + n);
            now.addAndGet(Duration.ofMillis(10).toNanos());
        }
        assertEquals(1, records.size(), "1000 requests in 10 s give one line");
        assertEquals("bad request 0", records.get(0).getMessage());
        assertEquals(Level.INFO, records.get(0).getLevel());

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        log.log(() -> "bad request again");
        assertEquals(2, records.size());
        assertEquals("bad request again (999 more like it since the last such line were not logged)", records.get(1).getMessage());

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        log.log(() -> "and once more");
        assertEquals("and once more", records.get(2).getMessage(), "nothing was left out this time");
    }

    @Test
    void theMessageIsBuiltOnlyWhenWritten() {
        RateLimitedLog log = new RateLimitedLog(logger, Level.INFO, Duration.ofMinutes(1), now::get);
        AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            log.log(() -> "built " + built.incrementAndGet());
        }
        assertEquals(1, built.get());
    }

    @Test
    void concurrentCallersWriteOneLine() throws Exception {
        RateLimitedLog log = new RateLimitedLog(logger, Level.INFO, Duration.ofMinutes(1), now::get);
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    log.log(() -> "bad request");
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, records.size());
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        log.log(() -> "next");
        assertEquals("next (7999 more like it since the last such line were not logged)", records.get(1).getMessage());
    }
}
