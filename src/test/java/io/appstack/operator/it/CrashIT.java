package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.RedisSpec;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #7's crash harness. For each scenario an uninterrupted run counts the operator's mutating
 * AWS calls (M) and takes the AWS inventory; then for every k in 1..M the same scenario runs with
 * an operator process that dies right after its k-th mutating call took effect ({@link CrashPoint},
 * exit 137 as under kill -9), a fresh operator process takes over, and once the stack has
 * converged AWS must hold exactly what the uninterrupted run left: nothing twice, nothing left
 * over, one migration task per migration, the final snapshot once.
 *
 * <p>Each run is a fresh moto account and a fresh namespace (stack names are normalised in the
 * inventory). {@code -Dcrash.scenarios=bring-up,...} and {@code -Dcrash.points=1,4} narrow a run.
 */
class CrashIT {
  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(150);
  private static final String STACK = "shop";
  private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:";
  private static final String ELASTICACHE = "redis:\n    mode: elasticache\n    elasticache: {nodeType: cache.t3.micro, replicas: 1}\n";
  private static final String SIDECAR = "redis:\n    mode: sidecar\n";
  private static final Path DIR = Path.of("target", "crash");

  private static KubernetesClient kube;
  private static MotoServer moto;
  private static AwsEmulator aws;
  private static Path kubeconfig;
  private static final List<String> TABLE = new ArrayList<>();

  @BeforeAll
  static void startRig() throws IOException {
    kube = KubeControlPlane.shared().client();
    moto = MotoServer.shared();
    aws = new AwsEmulator(moto);
    Files.createDirectories(DIR);
    kubeconfig = DIR.resolve("kubeconfig");
    Files.writeString(kubeconfig, KubeControlPlane.shared().kubeconfig());
  }

  @AfterAll
  static void printTable() {
    aws.close();
    String table = String.format("%-22s %3s  %-48s %-8s %s%n", "scenario", "k", "operation crashed after", "result",
        "converged in") + String.join("\n", TABLE);
    System.out.println("\nCrash harness (" + TABLE.stream().filter(r -> r.contains(" crashed after ")).count()
        + " crash points)\n" + table);
    try {
      Files.writeString(DIR.resolve("table.txt"), table + "\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    OperatorTestBase.assertCallsAllowedByIamPolicy();
  }

  @Test
  void bringUpOfAFullStackWithAMigration() {
    check(new Scenario("bring-up", null, run -> run.create(withMigration(ELASTICACHE, "Delete", "1.4.2")), Run::ready));
  }

  @Test
  void switchFromSidecarToElastiCache() {
    check(new Scenario("sidecar->elasticache", withMigration(SIDECAR, "Delete", "1.4.2"), run -> run.edit(s -> {
      s.getSpec().redis = new RedisSpec();
      s.getSpec().redis.mode = RedisSpec.Mode.elasticache;
      s.getSpec().redis.elasticache = new RedisSpec.ElastiCacheSpec();
    }), Run::ready));
  }

  @Test
  void switchFromElastiCacheToSidecar() {
    check(new Scenario("elasticache->sidecar", withMigration(ELASTICACHE, "Delete", "1.4.2"), run -> run.edit(s -> {
      s.getSpec().redis = new RedisSpec();
      s.getSpec().redis.mode = RedisSpec.Mode.sidecar;
    }), Run::ready));
  }

  @Test
  void imageBumpWithAMigration() {
    check(new Scenario("image-bump", withMigration(SIDECAR, "Delete", "1.4.2"),
        run -> run.edit(s -> s.getSpec().api.image = IMAGE + "1.5.0"), Run::ready));
  }

  @Test
  void deletionWithAFinalSnapshot() {
    check(new Scenario("delete-snapshot", withMigration(ELASTICACHE, "Snapshot", "1.4.2"),
        run -> run.stack().delete(), Run::gone));
  }

  @Test
  void deletionWithoutASnapshot() {
    check(new Scenario("delete", withMigration(SIDECAR, "Delete", "1.4.2"), run -> run.stack().delete(), Run::gone));
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code precondition}: the manifest brought to Ready before the change, or null. */
  record Scenario(String name, String precondition, java.util.function.Consumer<Run> change,
      java.util.function.Predicate<Run> done) {}

  private void check(Scenario scenario) {
    String only = System.getProperty("crash.scenarios", "");
    if (!only.isBlank() && !Arrays.asList(only.split(",")).contains(scenario.name())) {
      return;
    }
    Run reference = new Run(scenario, OptionalInt.empty(), "reference");
    List<String> calls = reference.execute();
    int m = calls.size();
    TABLE.add(String.format("%-22s %3s  %-48s %-8s %s", scenario.name(), "-", "uninterrupted: " + m
        + " mutating calls", "OK", reference.seconds + " s"));
    assertTrue(m > 0, scenario.name() + ": the uninterrupted run made no mutating call");
    checkInvariants(scenario, reference.inventory);

    Set<Integer> points = points(m);
    List<String> failures = new ArrayList<>();
    for (int k = 1; k <= m; k++) {
      if (!points.contains(k)) {
        continue;
      }
      Run run = new Run(scenario, OptionalInt.of(k), "k" + k);
      String result;
      try {
        run.execute();
        List<String> diff = run.inventory.diff(reference.inventory);
        checkInvariants(scenario, run.inventory);
        result = diff.isEmpty() ? "OK" : "DIFF";
        if (!diff.isEmpty()) {
          failures.add(scenario.name() + " k=" + k + " (after " + run.crashedAfter + "): AWS differs from the "
              + "uninterrupted run:\n  " + String.join("\n  ", diff));
        }
      } catch (AssertionError | RuntimeException e) {
        result = "FAIL";
        failures.add(scenario.name() + " k=" + k + " (after " + run.crashedAfter + "): " + e.getMessage());
      }
      TABLE.add(String.format("%-22s %3d  %-48s %-8s %s", scenario.name(), k,
          run.crashedAfter == null ? "(no crash)" : "crashed after " + run.crashedAfter, result,
          run.seconds + " s"));
      System.out.println(TABLE.get(TABLE.size() - 1));
    }
    assertEquals(List.of(), failures, scenario.name());
  }

  private static void checkInvariants(Scenario scenario, AwsInventory inventory) {
    Map<String, Long> perMarker = inventory.lines().stream().filter(l -> l.startsWith("migration-task "))
        .collect(Collectors.groupingBy(l -> l.split(" ")[1], Collectors.counting()));
    perMarker.forEach((marker, n) -> assertEquals(1L, n, "tasks of migration " + marker));
    if (scenario.name().equals("delete")) {
      assertEquals(List.of(), inventory.lines().stream().filter(l -> l.startsWith("db-") || l.startsWith("secret ")
          || l.startsWith("security-group ") || l.startsWith("log-group ") || l.endsWith(" ACTIVE")).toList(),
          "left after deletion with policy Delete");
    }
    if (scenario.name().equals("delete-snapshot")) {
      // RDS keeps its automated snapshots too (deleteAutomatedBackups=false with a final snapshot).
      assertEquals(1, inventory.lines().stream().filter(l -> l.startsWith("db-snapshot ") && l.endsWith("type=manual"))
          .count(), "final snapshots: " + inventory.lines());
    }
  }

  private static Set<Integer> points(int m) {
    String only = System.getProperty("crash.points", "");
    if (only.isBlank()) {
      return java.util.stream.IntStream.rangeClosed(1, m).boxed().collect(Collectors.toSet());
    }
    return Arrays.stream(only.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toSet());
  }

  private static String withMigration(String redis, String deletionPolicy, String tag) {
    return "%s\n  migrations:\n    command: [sh, -c, \"exit 0\"]\n".formatted(
        Manifests.stack("NAMESPACE", STACK, new AwsEmulator.Network("VPC", List.of("SUBNET_A", "SUBNET_B")),
            deletionPolicy, redis).stripTrailing().replace("shop-api:1.4.2", "shop-api:" + tag));
  }

  /** One run of a scenario in a fresh namespace and a fresh moto account. */
  static final class Run {
    final Scenario scenario;
    final OptionalInt crashAfter;
    final String label;
    final String namespace = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    AwsEmulator.Network network;
    AwsInventory inventory;
    String crashedAfter;
    long seconds;
    private String uid;

    Run(Scenario scenario, OptionalInt crashAfter, String label) {
      this.scenario = scenario;
      this.crashAfter = crashAfter;
      this.label = label;
    }

    /** Runs the scenario; returns the mutating calls of the run that applied the change. */
    List<String> execute() {
      moto.reset();
      network = aws.createNetwork();
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      try {
        if (scenario.precondition() != null) {
          create(scenario.precondition());
          try (CrashingOperator op = operator("pre", OptionalInt.empty())) {
            await(op, "the precondition", Run::ready);
          }
        }
        scenario.change().accept(this);
        uid = stack().get().getMetadata().getUid();
        List<String> calls;
        long start = System.nanoTime();
        if (crashAfter.isPresent()) {
          try (CrashingOperator op = operator("crash", crashAfter)) {
            awaitCrash(op);
            List<String> made = op.mutatingCalls();
            crashedAfter = made.isEmpty() ? null : made.get(made.size() - 1);
            if (op.alive()) {
              crashedAfter = null;
              throw new AssertionError("converged after " + made.size() + " mutating calls, before call "
                  + crashAfter.getAsInt());
            }
            assertEquals(CrashPoint.EXIT, op.exitCode(), "exit code of the crashing operator");
          }
          start = System.nanoTime();
        }
        try (CrashingOperator op = operator("run", OptionalInt.empty())) {
          await(op, "convergence", scenario.done());
          settle(op);
          calls = op.mutatingCalls();
        }
        seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        inventory = AwsInventory.of(aws, StackNames.of(namespace, STACK), uid);
        return calls;
      } finally {
        release();
      }
    }

    void create(String manifest) {
      String yaml = manifest.replace("NAMESPACE", namespace).replace("VPC", network.vpcId())
          .replace("SUBNET_A", network.subnetIds().get(0)).replace("SUBNET_B", network.subnetIds().get(1));
      kube.genericKubernetesResources("appstack.io/v1alpha1", "AppStack").inNamespace(namespace)
          .resource(Manifests.parse(yaml)).create();
    }

    void edit(java.util.function.Consumer<AppStack> change) {
      stack().edit(s -> {
        change.accept(s);
        return s;
      });
    }

    Resource<AppStack> stack() {
      return kube.resources(AppStack.class).inNamespace(namespace).withName(STACK);
    }

    boolean ready() {
      AppStack s = stack().get();
      return s != null && s.getStatus() != null && s.getMetadata().getGeneration().equals(s.getStatus().observedGeneration)
          && s.getStatus().conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    boolean gone() {
      return stack().get() == null;
    }

    private CrashingOperator operator(String phase, OptionalInt crash) {
      String base = scenario.name().replace(">", "") + "-" + label + "-" + phase;
      return new CrashingOperator(kubeconfig, moto, namespace, DIR.resolve(base + ".calls"), DIR.resolve(base + ".log"),
          crash);
    }

    /** Until the operator died, or converged without reaching call k (then it is still alive). */
    private void awaitCrash(CrashingOperator op) {
      long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
      long doneSince = 0;
      while (op.alive() && System.nanoTime() < deadline) {
        if (scenario.done().test(this)) {
          doneSince = doneSince == 0 ? System.nanoTime() : doneSince;
          if (System.nanoTime() - doneSince > Duration.ofSeconds(10).toNanos()) {
            return;
          }
        } else {
          doneSince = 0;
        }
        pause();
      }
      if (op.alive() && System.nanoTime() >= deadline) {
        throw new AssertionError("neither crashed nor converged within " + CONVERGE_TIMEOUT.toSeconds() + " s");
      }
    }

    private void await(CrashingOperator op, String what, java.util.function.Predicate<Run> done) {
      long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
      BooleanSupplier reached = () -> done.test(this);
      while (!reached.getAsBoolean()) {
        if (!op.alive()) {
          throw new AssertionError("the operator exited with " + op.exitCode() + " before " + what);
        }
        if (System.nanoTime() > deadline) {
          AppStack s = stack().get();
          throw new AssertionError("no " + what + " within " + CONVERGE_TIMEOUT.toSeconds() + " s; status: "
              + (s == null ? null : io.fabric8.kubernetes.client.utils.Serialization.asJson(s.getStatus())));
        }
        pause();
      }
    }

    /**
     * Until the operator has made no mutating call for 3 s. "Ready" may have been written by the
     * operator that crashed; the restarted one reconciles the stack as soon as it starts, and
     * whatever it still does must be in the inventory.
     */
    private void settle(CrashingOperator op) {
      int seen = -1;
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
        int now = op.mutatingCalls().size();
        if (now != seen) {
          seen = now;
          quietSince = System.nanoTime();
        }
        pause();
      }
    }

    /** The stack is dropped without the operator, so that nothing of this run reaches the next one. */
    private void release() {
      AppStack s = stack().get();
      if (s != null) {
        stack().edit(a -> {
          a.getMetadata().setFinalizers(List.of());
          return a;
        });
        stack().delete();
      }
    }

    private static void pause() {
      try {
        Thread.sleep(250);  // polling the apiserver from the test, not operator code
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
