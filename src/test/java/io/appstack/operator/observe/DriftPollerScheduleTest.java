package io.appstack.operator.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Polls start one interval apart, whatever a poll took; a poll longer than the interval is followed after 1 s. */
class DriftPollerScheduleTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  @Test
  void theNextPollStartsOneIntervalAfterThisOneStarted() {
    assertEquals(60_000, DriftPoller.nextDelayMillis(MINUTE, 0, 0));
    assertEquals(22_000, DriftPoller.nextDelayMillis(MINUTE, 38_000, 0), "a 38 s poll: the next one 22 s after it");
    assertEquals(25_000, DriftPoller.nextDelayMillis(MINUTE, 38_000, 3_000), "jitter moves it");
  }

  @Test
  void aPollLongerThanTheIntervalIsFollowedAfterOneSecondNotAtOnce() {
    assertEquals(1_000, DriftPoller.nextDelayMillis(MINUTE, 75_000, 0));
    assertEquals(1_000, DriftPoller.nextDelayMillis(MINUTE, 60_000, -6_000));
  }
}
