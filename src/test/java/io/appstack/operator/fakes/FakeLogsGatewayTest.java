package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.AwsFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CloudWatch Logs fake: groups, tags and retention as the SDK gateway presents them. */
class FakeLogsGatewayTest {
  private final FakeLogsGateway logs = new FakeLogsGateway();

  @Test
  void createdGroupNeverExpiresUntilRetentionIsSet() {
    logs.createLogGroup("/appstack/staging/shop", Map.of("k", "v"));
    assertNull(logs.findLogGroup("/appstack/staging/shop").orElseThrow().retentionDays());
    logs.setRetention("/appstack/staging/shop", 30);
    assertEquals(30, logs.findLogGroup("/appstack/staging/shop").orElseThrow().retentionDays());
    assertEquals(Map.of("k", "v"), logs.findLogGroup("/appstack/staging/shop").orElseThrow().tags());
  }

  @Test
  void creatingAnExistingGroupOrDeletingAMissingOneIsQuietlyAccepted() {
    logs.createLogGroup("/a", Map.of("first", "1"));
    logs.createLogGroup("/a", Map.of("second", "2"));
    assertEquals(Map.of("first", "1"), logs.group("/a").orElseThrow().tags(), "the first group is kept");
    logs.deleteLogGroup("/a");
    logs.deleteLogGroup("/a");
    assertTrue(logs.group("/a").isEmpty());
  }

  @Test
  void retentionOnlyTakesValuesAwsAllows() {
    logs.createLogGroup("/a", Map.of());
    assertTrue(assertThrows(AwsFailure.class, () -> logs.setRetention("/a", 31)).terminal());
    assertEquals("ResourceNotFoundException",
        assertThrows(AwsFailure.class, () -> logs.setRetention("/missing", 30)).code());
  }
}
