package io.appstack.operator.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's settings, read once at start-up from flags ({@code --default-region=...}) or the
 * environment ({@code APPSTACK_DEFAULT_REGION}), flags winning, and validated. Nothing else reads
 * the environment.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param defaultRegion region for stacks that do not name one
 * @param awsEndpoint endpoint override for every AWS service (an emulator); empty for real AWS
 * @param progressInterval how soon to look again while AWS is still working (creating, modifying)
 * @param resyncInterval how often a Ready stack is compared with AWS again
 * @param httpPort port of /healthz, /readyz and /metrics
 * @param defaultCluster ECS cluster for stacks that do not name one
 * @param defaultExecutionRoleArn ECS task execution role for stacks that do not name one
 * @param leaderElectionNamespace where the Lease lives when more than one replica runs; empty: no election
 * @param reconcileThreads stacks reconciled at once
 */
public record OperatorConfig(Set<String> watchNamespaces, String defaultRegion, Optional<URI> awsEndpoint,
    Duration progressInterval, Duration resyncInterval, int httpPort, String defaultCluster,
    Optional<String> defaultExecutionRoleArn, Optional<String> leaderElectionNamespace, int reconcileThreads) {

  /**
   * Enough to bring 1,000 new stacks up in minutes, each reconcile being a few AWS calls one after
   * another; more would mostly meet AWS's request rate limits, and each thread costs memory.
   */
  public static final int DEFAULT_RECONCILE_THREADS = 16;

  /** Without leader election, as one replica runs it. */
  public OperatorConfig(Set<String> watchNamespaces, String defaultRegion, Optional<URI> awsEndpoint,
      Duration progressInterval, Duration resyncInterval, int httpPort, String defaultCluster,
      Optional<String> defaultExecutionRoleArn) {
    this(watchNamespaces, defaultRegion, awsEndpoint, progressInterval, resyncInterval, httpPort, defaultCluster,
        defaultExecutionRoleArn, Optional.empty(), DEFAULT_RECONCILE_THREADS);
  }

  private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$");
  private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  public OperatorConfig {
    List<String> problems = new ArrayList<>();
    for (String ns : watchNamespaces) {
      if (!NAMESPACE.matcher(ns).matches()) {
        problems.add("watch-namespaces: '" + ns + "' is not a namespace name");
      }
    }
    if (defaultRegion == null || !REGION.matcher(defaultRegion).matches()) {
      problems.add("default-region: '" + defaultRegion + "' is not an AWS region such as us-east-1");
    }
    awsEndpoint.ifPresent(u -> {
      if (u.getScheme() == null || u.getHost() == null) {
        problems.add("aws-endpoint: '" + u + "' is not an absolute http(s) URL");
      }
    });
    if (progressInterval.isNegative() || progressInterval.isZero()) {
      problems.add("progress-interval must be positive");
    }
    if (resyncInterval.compareTo(progressInterval) < 0) {
      problems.add("resync-interval must not be shorter than progress-interval");
    }
    if (httpPort < 0 || httpPort > 65535) {
      problems.add("http-port must be 0-65535");
    }
    if (reconcileThreads < 1 || reconcileThreads > 200) {
      problems.add("reconcile-threads must be 1-200");
    }
    leaderElectionNamespace.filter(ns -> !NAMESPACE.matcher(ns).matches())
        .ifPresent(ns -> problems.add("leader-election-namespace: '" + ns + "' is not a namespace name"));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Reads flags ({@code --name=value}) over environment variables ({@code APPSTACK_NAME}). */
  public static OperatorConfig from(String[] args, Map<String, String> env) {
    Set<String> known = Set.of("watch-namespaces", "default-region", "aws-endpoint", "progress-interval",
        "resync-interval", "http-port", "default-cluster", "default-execution-role-arn", "leader-election-namespace",
        "reconcile-threads");
    Map<String, String> values = new HashMap<>();
    // Only known names are read from the environment: Kubernetes injects APPSTACK_OPERATOR_SERVICE_*
    // variables for a Service of that name, and tools share the prefix. Flags are checked strictly.
    for (String key : known) {
      String name = "APPSTACK_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
      if (env.containsKey(name)) {
        values.put(key, env.get(name));
      }
    }
    if (!values.containsKey("default-region") && env.containsKey("AWS_REGION")) {
      values.put("default-region", env.get("AWS_REGION"));
    }
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "': flags take the form --name=value");
      }
      values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    List<String> unknown = values.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown setting(s) " + unknown + "; known: " + known.stream().sorted().toList());
    }
    return new OperatorConfig(
        Arrays.stream(values.getOrDefault("watch-namespaces", "").split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
        values.getOrDefault("default-region", "us-east-1"),
        Optional.ofNullable(values.get("aws-endpoint")).filter(s -> !s.isBlank()).map(OperatorConfig::uri),
        duration(values.getOrDefault("progress-interval", "15s"), "progress-interval"),
        duration(values.getOrDefault("resync-interval", "60s"), "resync-interval"),
        integer(values.getOrDefault("http-port", "8080"), "http-port"),
        values.getOrDefault("default-cluster", "default"),
        Optional.ofNullable(values.get("default-execution-role-arn")).filter(s -> !s.isBlank()),
        Optional.ofNullable(values.get("leader-election-namespace")).filter(s -> !s.isBlank()),
        integer(values.getOrDefault("reconcile-threads", String.valueOf(DEFAULT_RECONCILE_THREADS)), "reconcile-threads"));
  }

  /** Parses 90s, 5m, 1h or 500ms. */
  static Duration duration(String text, String name) {
    var m = Pattern.compile("^([0-9]+)(ms|s|m|h)$").matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(name + ": '" + text + "' is not a duration like 30s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static URI uri(String text) {
    try {
      return new URI(text.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("aws-endpoint: '" + text + "' is not a URL: " + e.getReason(), e);
    }
  }

  private static int integer(String text, String name) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + text + "' is not a number", e);
    }
  }
}
