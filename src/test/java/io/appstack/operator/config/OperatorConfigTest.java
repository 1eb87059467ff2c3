package io.appstack.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigTest {
  private static final String[] NO_FLAGS = {};

  @Test
  void defaultsApplyWhenNothingIsSet() {
    OperatorConfig c = OperatorConfig.from(NO_FLAGS, Map.of());
    assertEquals("us-east-1", c.defaultRegion());
    assertEquals(Set.of(), c.watchNamespaces());
    assertEquals(Optional.empty(), c.awsEndpoint());
    assertEquals(Duration.ofSeconds(15), c.progressInterval());
    assertEquals(Duration.ofSeconds(60), c.resyncInterval());
    assertEquals(8080, c.httpPort());
    assertEquals("default", c.defaultCluster());
    assertEquals(Optional.empty(), c.defaultExecutionRoleArn());
    assertEquals(16, c.reconcileThreads());
  }

  @Test
  void environmentSetsEverySetting() {
    OperatorConfig c = OperatorConfig.from(NO_FLAGS, Map.of(
        "APPSTACK_WATCH_NAMESPACES", "staging, prod",
        "APPSTACK_DEFAULT_REGION", "eu-west-1",
        "APPSTACK_AWS_ENDPOINT", "http://localhost:5000",
        "APPSTACK_PROGRESS_INTERVAL", "500ms",
        "APPSTACK_RESYNC_INTERVAL", "5m",
        "APPSTACK_HTTP_PORT", "0",
        "APPSTACK_DEFAULT_CLUSTER", "apps",
        "APPSTACK_DEFAULT_EXECUTION_ROLE_ARN", "arn:aws:iam::123456789012:role/exec",
        "APPSTACK_RECONCILE_THREADS", "4"));
    assertEquals(Set.of("staging", "prod"), c.watchNamespaces());
    assertEquals("eu-west-1", c.defaultRegion());
    assertEquals(Optional.of(URI.create("http://localhost:5000")), c.awsEndpoint());
    assertEquals(Duration.ofMillis(500), c.progressInterval());
    assertEquals(Duration.ofMinutes(5), c.resyncInterval());
    assertEquals(0, c.httpPort());
    assertEquals("apps", c.defaultCluster());
    assertEquals(Optional.of("arn:aws:iam::123456789012:role/exec"), c.defaultExecutionRoleArn());
    assertEquals(4, c.reconcileThreads());
  }

  @Test
  void flagsOverrideEnvironment() {
    OperatorConfig c = OperatorConfig.from(new String[] {"--default-region=ap-southeast-2", "--resync-interval=1h"},
        Map.of("APPSTACK_DEFAULT_REGION", "eu-west-1", "APPSTACK_RESYNC_INTERVAL", "2m"));
    assertEquals("ap-southeast-2", c.defaultRegion());
    assertEquals(Duration.ofHours(1), c.resyncInterval());
  }

  @Test
  void awsRegionIsTheFallbackForDefaultRegion() {
    assertEquals("eu-central-1", OperatorConfig.from(NO_FLAGS, Map.of("AWS_REGION", "eu-central-1")).defaultRegion());
  }

  @Test
  void appstackDefaultRegionWinsOverAwsRegion() {
    OperatorConfig c = OperatorConfig.from(NO_FLAGS,
        Map.of("AWS_REGION", "eu-central-1", "APPSTACK_DEFAULT_REGION", "us-west-2"));
    assertEquals("us-west-2", c.defaultRegion());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--default-region=useast1        | default-region",
      "--default-region=US-EAST-1      | default-region",
      "--progress-interval=fast        | progress-interval",
      "--progress-interval=10          | progress-interval",
      "--resync-interval=1d            | resync-interval",
      "--progress-interval=0s          | progress-interval",
      "--http-port=eighty              | http-port",
      "--http-port=70000               | http-port",
      "--reconcile-threads=0           | reconcile-threads",
      "--reconcile-threads=many        | reconcile-threads",
      "--watch-namespaces=Staging      | watch-namespaces",
      "--aws-endpoint=localhost        | aws-endpoint",
      "--colour=blue                   | colour",
      "shop                            | shop"})
  void badSettingIsRejectedNamingTheSetting(String flag, String setting) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OperatorConfig.from(new String[] {flag}, Map.of()));
    assertTrue(e.getMessage().contains(setting), "message should name " + setting + ": " + e.getMessage());
  }

  @Test
  void malformedAwsEndpointNamesTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OperatorConfig.from(new String[] {"--aws-endpoint=not a url"}, Map.of()));
    assertTrue(e.getMessage().contains("aws-endpoint"), e.getMessage());
  }

  @Test
  void misspelledFlagIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OperatorConfig.from(new String[] {"--default-regoin=us-east-1"}, Map.of()));
    assertTrue(e.getMessage().contains("default-regoin"), e.getMessage());
  }

  @Test
  void resyncShorterThanProgressIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OperatorConfig.from(new String[] {"--progress-interval=2m", "--resync-interval=30s"}, Map.of()));
    assertTrue(e.getMessage().contains("resync-interval") && e.getMessage().contains("progress-interval"),
        e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OperatorConfig.from(new String[] {"--default-region=nowhere", "--http-port=-1"}, Map.of()));
    assertTrue(e.getMessage().contains("default-region") && e.getMessage().contains("http-port"), e.getMessage());
  }

  @Test
  void unrelatedEnvironmentIsIgnored() {
    OperatorConfig c = OperatorConfig.from(NO_FLAGS, Map.of("HOME", "/root", "AWS_PROFILE", "dev", "PATH", "/bin"));
    assertEquals("us-east-1", c.defaultRegion());
  }

  /**
   * The kubelet injects {@code <SERVICE>_SERVICE_HOST}, {@code <SERVICE>_PORT...} for every Service in
   * the pod's namespace (enableServiceLinks defaults to true), and the Makefile exports APPSTACK_CACHE
   * (hack/demo.sh has to start the operator under {@code env -u APPSTACK_CACHE}; APPSTACK_DEMO_HTTP_PORT
   * set by a user would still reach it). Such APPSTACK_* variables are not settings.
   */
  @Test
  void serviceLinkAndToolVariablesDoNotStopStartup() {
    OperatorConfig c = OperatorConfig.from(NO_FLAGS, Map.of(
        "APPSTACK_OPERATOR_SERVICE_HOST", "10.96.0.12",
        "APPSTACK_OPERATOR_SERVICE_PORT", "8080",
        "APPSTACK_OPERATOR_PORT", "tcp://10.96.0.12:8080",
        "APPSTACK_CACHE", "/home/dev/.cache/appstack-operator",
        "APPSTACK_DEFAULT_REGION", "eu-west-1"));
    assertEquals("eu-west-1", c.defaultRegion());
  }
}
