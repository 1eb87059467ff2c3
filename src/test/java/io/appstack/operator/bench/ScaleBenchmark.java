package io.appstack.operator.bench;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.config.OperatorConfig;
import io.appstack.operator.it.AwsEmulator;
import io.appstack.operator.it.KubeControlPlane;
import io.appstack.operator.it.MotoServer;
import io.appstack.operator.it.OperatorProcess;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: what the operator costs as the number of stacks grows. The operator runs as its own
 * JVM (the shipped jar against moto, or {@link FakeAwsOperator} on the in-memory fakes, which
 * separates moto's own time) against the real local apiserver. For each backend: start-up to
 * ready (three starts), memory with no stacks, then for each size the stacks are created (the
 * first ones one by one, timing creation to the first AWS call; the rest at once), followed to
 * Ready, and one drift-poll interval of steady state is measured: AWS calls from the operator's
 * /metrics, Kubernetes writes from the apiserver's /metrics, reconciles; then heap after a full
 * GC and RSS. On moto, drift latency: services changed behind the operator's back, time to a
 * Drifted condition. Writes {@code target/bench/results-<time>.md} and {@code .json}.
 *
 * <p>Settings (system properties): bench.backends (moto,fakes), bench.sizes (10,100,1000),
 * bench.moto.max (100: larger sizes on moto are skipped), bench.resync (60s), bench.jvm (the
 * operator's JVM flags, space separated), bench.env (NAME=value pairs for its environment),
 * bench.label (a name for the run), bench.drift.samples (10).
 */
public final class ScaleBenchmark {
  /**
   * The flags the image's entrypoint runs the operator with (hack/operator-jvm-flags), plus the
   * heap cap the chart's jvmOptions sets. Before this benchmark they were -XX:MaxRAMPercentage=75
   * under a 640Mi limit, i.e. -XX:MaxRAM=640m here: G1, C2, a 480 MiB heap.
   */
  static final String SHIPPED_JVM_FLAGS = shippedJvmFlags() + " -Xmx128m";
  /** Environment the image sets for the JVM, as NAME=value pairs. */
  static final String SHIPPED_ENV = "MALLOC_ARENA_MAX=2";

  private final KubernetesClient kube = KubeControlPlane.shared().client();
  private final MotoServer moto = MotoServer.shared();
  private final Path out = Path.of("target", "bench");
  private final Duration resync = resync();
  private final List<String> jvmFlags = flags(System.getProperty("bench.jvm", SHIPPED_JVM_FLAGS));
  private final List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "10,100,1000").split(","))
      .map(String::trim).map(Integer::parseInt).toList();
  private final int motoMax = Integer.getInteger("bench.moto.max", 100);
  private final int driftSamples = Integer.getInteger("bench.drift.samples", 10);
  private final Results results = new Results(System.getProperty("bench.label", "run"));

  public static void main(String[] args) {
    ScaleBenchmark.runAndExit(() -> new ScaleBenchmark().run());
  }

  private void run() throws Exception {
    ScaleBenchmark.prepare(out);
    results.settings.put("jvm_flags", String.join(" ", jvmFlags));
    results.settings.put("jvm_env", System.getProperty("bench.env", SHIPPED_ENV));
    results.settings.put("resync_interval_s", resync.toSeconds());
    results.settings.put("reconcile_threads", OperatorConfig.DEFAULT_RECONCILE_THREADS + " (the default of --reconcile-threads)");
    results.settings.put("rate_limit", "none (JOSDK default); AWS SDK ADAPTIVE_V2 retries");
    results.settings.put("machine", Machine.describe());
    for (String backend : System.getProperty("bench.backends", "moto,fakes").split(",")) {
      runBackend(backend.trim());
    }
    results.write(out);
  }

  private void runBackend(String backend) throws Exception {
    boolean onMoto = backend.equals("moto");
    String ns = "bench-" + backend + "-" + Long.toString(System.currentTimeMillis() % 100_000, 36);
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    AwsEmulator.Network net;
    try (AwsEmulator aws = new AwsEmulator(moto)) {
      moto.reset();
      net = onMoto ? aws.createNetwork()
          : new AwsEmulator.Network(io.appstack.operator.fakes.Stacks.VPC_ID, io.appstack.operator.fakes.Stacks.SUBNET_IDS);
    }
    Map<String, Object> backendResult = results.backend(backend);
    List<Double> startups = new ArrayList<>();
    OperatorProcess op = null;
    for (int i = 0; i < 3; i++) {
      if (op != null) {
        op.close();
      }
      op = start(backend, ns, "startup-" + i);
      startups.add(op.awaitReady(Duration.ofSeconds(120)));
    }
    progress("%s: start to ready %s s", backend, startups);
    backendResult.put("startup_s", startups);
    backendResult.put("gc", op.jcmd("VM.flags").lines().filter(l -> l.contains("-XX")).findFirst().orElse("")
        .replaceAll(".*(-XX:\\+Use\\w+GC).*", "$1"));
    try {
      Thread.sleep(2000);
      backendResult.put("memory_0", memory(op));
      int created = 0;
      for (int n : sizes) {
        if (onMoto && n > motoMax) {
          progress("%s: %d stacks skipped (bench.moto.max=%d)", backend, n, motoMax);
          continue;
        }
        Map<String, Object> tier = results.tier(backend, n);
        if (created == 0) {
          tier.put("first_call_latency_ms", createOneByOne(op, ns, net, n));
        } else {
          tier.putAll(createAtOnce(op, ns, net, created, n, onMoto));
        }
        created = n;
        tier.putAll(steadyState(op, n));
        tier.put("memory", memory(op));
        progress("%s: %d stacks: %s", backend, n, tier);
        results.write(out);
      }
      if (onMoto && created > 0) {
        backendResult.put("drift_latency_s", driftLatency(kube, moto, ns, created, resync, driftSamples));
      }
    } finally {
      op.close();
      kube.namespaces().withName(ns).delete();
    }
  }

  private OperatorProcess start(String backend, String ns, String name) throws IOException {
    Map<String, String> env = operatorEnv(out.resolve("kubeconfig"), ns, resync);
    List<String> main;
    if (backend.equals("moto")) {
      onMoto(env, moto);
      main = List.of("-jar", operatorJar().toString());
    } else {
      main = List.of("-cp", System.getProperty("java.class.path"), FakeAwsOperator.class.getName());
    }
    return OperatorProcess.start(jvmFlags, main, env, freePort(), out.resolve("operator-" + backend + "-" + name + ".log"));
  }

  /**
   * The operator's settings for a run against the local apiserver (through {@code kubeconfig}),
   * watching {@code ns}, with the image's environment ({@code bench.env}).
   */
  static Map<String, String> operatorEnv(Path kubeconfig, String ns, Duration resync) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    env.put("APPSTACK_WATCH_NAMESPACES", ns);
    env.put("APPSTACK_RESYNC_INTERVAL", resync.toSeconds() + "s");
    // The default progress interval (15 s) unless a short trial resync is asked for.
    env.put("APPSTACK_PROGRESS_INTERVAL", Math.min(15, resync.toSeconds()) + "s");
    env.put("APPSTACK_DEFAULT_CLUSTER", AwsEmulator.CLUSTER);
    env.put("APPSTACK_DEFAULT_EXECUTION_ROLE_ARN", AwsEmulator.EXECUTION_ROLE);
    env.put("APPSTACK_DEFAULT_REGION", AwsEmulator.REGION);
    for (String pair : System.getProperty("bench.env", SHIPPED_ENV).trim().split("\\s+")) {
      if (pair.contains("=")) {
        env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    return env;
  }

  /** The settings that point the shipped jar's SDK at moto. */
  static void onMoto(Map<String, String> env, MotoServer moto) {
    env.put("APPSTACK_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("AWS_ACCESS_KEY_ID", "bench");
    env.put("AWS_SECRET_ACCESS_KEY", "bench");
    env.put("AWS_REGION", AwsEmulator.REGION);
  }

  /** The first stacks, one by one on an idle operator: creation to the operator's first AWS call. */
  private List<Double> createOneByOne(OperatorProcess op, String ns, AwsEmulator.Network net, int n)
      throws InterruptedException {
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double before = PromText.scrape(op).sum(Metrics.AWS_CALLS);
      long t0 = System.nanoTime();
      kube.resources(AppStack.class).inNamespace(ns).resource(stack(ns, "s" + i, net)).create();
      while (PromText.scrape(op).sum(Metrics.AWS_CALLS) <= before) {
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
          throw new IllegalStateException("no AWS call within 30 s of creating stack s" + i);
        }
        Thread.sleep(2);
      }
      latencies.add((System.nanoTime() - t0) / 1e6);
      Thread.sleep(500);
    }
    awaitReady(kube, ns, n, Duration.ofMinutes(5));
    progress("creation to first AWS call, ms: %s", latencies);
    return latencies;
  }

  /** Stacks {@code from..to-1} created at once (8 client threads): time until requested and Ready, CPU. */
  private Map<String, Object> createAtOnce(OperatorProcess op, String ns, AwsEmulator.Network net, int from, int to,
      boolean onMoto) throws Exception {
    String createDb = onMoto ? "CreateDBInstance" : "createInstance";
    PromText m0 = PromText.scrape(op);
    double requested0 = m0.sum(Metrics.AWS_CALLS, s -> s.label("operation").equals(createDb));
    double cpu0 = op.cpuSeconds();
    long t0 = System.nanoTime();
    createStacks(kube, ns, net, from, to);
    double createdS = (System.nanoTime() - t0) / 1e9;
    double requestedS = Double.NaN;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
    while (System.nanoTime() < deadline) {
      double requested = PromText.scrape(op).sum(Metrics.AWS_CALLS, s -> s.label("operation").equals(createDb)) - requested0;
      if (requested >= to - from) {
        requestedS = (System.nanoTime() - t0) / 1e9;
        break;
      }
      Thread.sleep(250);
    }
    progress("%d stacks created in %.1f s; every database requested after %.1f s", to - from, createdS, requestedS);
    double readyS = awaitReady(kube, ns, to, Duration.ofMinutes(20)) ? (System.nanoTime() - t0) / 1e9 : Double.NaN;
    PromText m1 = PromText.scrape(op);
    double reconciles = m1.sum(Metrics.RECONCILE_CPU + "_count") - m0.sum(Metrics.RECONCILE_CPU + "_count");
    double cpu = op.cpuSeconds() - cpu0;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("created_stacks", to - from);
    r.put("api_create_s", round(createdS));
    r.put("all_databases_requested_s", round(requestedS));
    r.put("all_ready_s", round(readyS));
    r.put("bringup_reconciles", reconciles);
    r.put("bringup_cpu_s", round(cpu));
    r.put("process_cpu_ms_per_reconcile", round(cpu * 1000 / Math.max(1, reconciles)));
    r.put("reconcile_cpu_ms_p50", round(1000 * m1.sum(Metrics.RECONCILE_CPU, s -> s.label("quantile").equals("0.5"))));
    r.put("reconcile_cpu_ms_p95", round(1000 * m1.sum(Metrics.RECONCILE_CPU, s -> s.label("quantile").equals("0.95"))));
    r.put("aws_calls_bringup", round(m1.sum(Metrics.AWS_CALLS) - m0.sum(Metrics.AWS_CALLS)));
    return r;
  }

  /** The drift interval the benchmarks run the operator with (bench.resync, 60s). */
  static Duration resync() {
    return Duration.ofSeconds(Long.parseLong(System.getProperty("bench.resync", "60s").replace("s", "")));
  }

  /** Space-separated JVM flags as a list. */
  static List<String> flags(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  /** Creates stacks s{from}..s{to-1} with 8 client threads. */
  static void createStacks(KubernetesClient kube, String ns, AwsEmulator.Network net, int from, int to)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = from; i < to; i++) {
      AppStack s = stack(ns, "s" + i, net);
      pool.submit(() -> kube.resources(AppStack.class).inNamespace(ns).resource(s).create());
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }

  /** Waits for {@code n} stacks with Ready=True; false on timeout. */
  static boolean awaitReady(KubernetesClient kube, String ns, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastReport = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long ready = kube.resources(AppStack.class).inNamespace(ns).list().getItems().stream()
          .filter(ScaleBenchmark::isReady).count();
      if (ready >= n) {
        return true;
      }
      if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
        progress("  %d of %d stacks Ready", ready, n);
        lastReport = System.nanoTime();
      }
      Thread.sleep(1000);
    }
    progress("  timed out: not every stack Ready within %s", timeout);
    return false;
  }

  private static boolean isReady(AppStack s) {
    return condition(s, "Ready");
  }

  private static boolean condition(AppStack s, String type) {
    return s.getStatus() != null && s.getStatus().conditions != null && s.getStatus().conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * One drift-poll interval of steady state: after a poll that finds every stack already known
   * (and the reconciles it caused are over), from the end of one poll to the end of the next.
   */
  private Map<String, Object> steadyState(OperatorProcess op, int n) throws Exception {
    awaitPolls(op, 1);
    settle(op);
    awaitPolls(op, 1);
    settle(op);
    PromText m0 = PromText.scrape(op);
    Map<String, Double> kube0 = apiserverWrites();
    long t0 = System.nanoTime();
    awaitPolls(op, 1);
    settle(op);
    PromText m1 = PromText.scrape(op);
    Map<String, Double> kubeWrites = PromText.delta(kube0, apiserverWrites());
    double windowS = (System.nanoTime() - t0) / 1e9;
    double polls = m1.sum(Metrics.POLLS) - m0.sum(Metrics.POLLS);
    Map<String, Double> calls = PromText.delta(awsCalls(m0), awsCalls(m1));
    double total = calls.values().stream().mapToDouble(Double::doubleValue).sum();
    double mutating = calls.entrySet().stream().filter(e -> Metrics.mutating(e.getKey()))
        .mapToDouble(Map.Entry::getValue).sum();
    double operatorWrites = kubeWrites.entrySet().stream().filter(e -> e.getKey().startsWith("appstacks")
        || e.getKey().startsWith("events")).mapToDouble(Map.Entry::getValue).sum();
    double perHour = 3600.0 / resync.toSeconds();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("window_s", round(windowS));
    r.put("polls", polls);
    r.put("aws_calls_per_poll", round(total / Math.max(1, polls)));
    r.put("aws_calls_per_stack_hour", round(total / Math.max(1, polls) * perHour / n));
    r.put("aws_mutating_calls", mutating);
    r.put("aws_calls_by_operation", calls);
    r.put("reconciles", m1.sum(Metrics.RECONCILE_CPU + "_count") - m0.sum(Metrics.RECONCILE_CPU + "_count"));
    r.put("kube_writes_by_resource", kubeWrites);
    r.put("kube_writes_operator", operatorWrites);
    r.put("kube_writes_per_stack_hour", round(operatorWrites / Math.max(1, polls) * perHour / n));
    r.put("poll_s", round(m1.sum(Metrics.POLLS.replace("_count", "_sum")) / Math.max(1, m1.sum(Metrics.POLLS))));
    return r;
  }

  private static Map<String, Double> awsCalls(PromText m) {
    return m.sumBy(Metrics.AWS_CALLS, s -> true, s -> s.label("service") + ":" + s.label("operation"));
  }

  /** Write requests the apiserver served, by resource[/subresource]:verb. */
  private Map<String, Double> apiserverWrites() {
    return PromText.parse(kube.raw("/metrics")).sumBy("apiserver_request_total",
        s -> !List.of("GET", "LIST", "WATCH", "WATCHLIST", "CONNECT").contains(s.label("verb")),
        s -> s.label("resource") + (s.label("subresource").isEmpty() ? "" : "/" + s.label("subresource")) + ":"
            + s.label("verb"));
  }

  private void awaitPolls(OperatorProcess op, int k) throws InterruptedException {
    double target = PromText.scrape(op).sum(Metrics.POLLS) + k;
    long deadline = System.nanoTime() + resync.multipliedBy(3).toNanos() + TimeUnit.MINUTES.toNanos(5);
    while (PromText.scrape(op).sum(Metrics.POLLS) < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no drift poll finished in time");
      }
      Thread.sleep(500);
    }
  }

  /** Waits until no reconcile has run for 3 s (at most 5 minutes). */
  static void settle(OperatorProcess op) throws InterruptedException {
    double last = -1;
    long quietSince = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      double now = PromText.scrape(op).sum(Metrics.RECONCILE_CPU + "_count");
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(3)) {
        return;
      }
      Thread.sleep(500);
    }
  }

  /** Heap after a full GC (jcmd GC.run), non-heap, and RSS, in MiB. */
  static Map<String, Object> memory(OperatorProcess op) throws Exception {
    // RSS as the process left it, before the full collection below gives back heap it had grown.
    double rssBeforeGc = op.rssMiB();
    op.jcmd("GC.run");
    Thread.sleep(500);
    PromText m = PromText.scrape(op);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("heap_after_gc_mib", round(m.sum("jvm_memory_used_bytes", s -> s.label("area").equals("heap")) / 1048576));
    r.put("nonheap_mib", round(m.sum("jvm_memory_used_bytes", s -> s.label("area").equals("nonheap")) / 1048576));
    r.put("heap_committed_mib", round(m.sum("jvm_memory_committed_bytes", s -> s.label("area").equals("heap")) / 1048576));
    r.put("nonheap_committed_mib",
        round(m.sum("jvm_memory_committed_bytes", s -> s.label("area").equals("nonheap")) / 1048576));
    r.put("metaspace_mib", round(m.sum("jvm_memory_used_bytes", s -> s.label("id").equals("Metaspace")) / 1048576));
    r.put("code_cache_mib", round(m.sum("jvm_memory_used_bytes", s -> s.label("id").startsWith("CodeHeap")
        || s.label("id").equals("CodeCache")) / 1048576));
    r.put("threads", m.sum("jvm_threads_live_threads"));
    r.put("heap_max_mib", round(m.sum("jvm_memory_max_bytes", s -> s.label("area").equals("heap")) / 1048576));
    r.put("rss_mib", round(op.rssMiB()));
    r.put("rss_before_gc_mib", round(rssBeforeGc));
    r.put("rss_anon_mib", round(op.statusMiB("RssAnon")));
    r.put("rss_file_mib", round(op.statusMiB("RssFile")));
    return r;
  }

  /**
   * Changes the desired count of {@code samples} services behind the operator's back, at
   * random moments spread over one drift interval, and times each until its stack shows Drifted.
   */
  static List<Double> driftLatency(KubernetesClient kube, MotoServer moto, String ns, int stacks, Duration resync,
      int samples) throws Exception {
    Map<String, Long> changedAt = new ConcurrentHashMap<>();
    Map<String, Double> latency = new ConcurrentHashMap<>();
    SharedIndexInformer<AppStack> informer = kube.resources(AppStack.class).inNamespace(ns).inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(AppStack s) {
            check(s);
          }

          @Override
          public void onUpdate(AppStack before, AppStack s) {
            check(s);
          }

          @Override
          public void onDelete(AppStack s, boolean unknown) {}

          private void check(AppStack s) {
            Long t = changedAt.get(s.getMetadata().getName());
            if (t != null && condition(s, "Drifted")) {
              latency.putIfAbsent(s.getMetadata().getName(), (System.nanoTime() - t) / 1e9);
            }
          }
        });
    Random random = new Random(8);
    List<Long> offsets = random.longs(samples, 0, resync.toMillis()).sorted().boxed().toList();
    try (AwsEmulator aws = new AwsEmulator(moto)) {
      long t0 = System.currentTimeMillis();
      for (int i = 0; i < samples; i++) {
        Thread.sleep(Math.max(0, t0 + offsets.get(i) - System.currentTimeMillis()));
        String name = "s" + random.nextInt(stacks);
        while (changedAt.containsKey(name)) {
          name = "s" + random.nextInt(stacks);
        }
        String service = StackNames.of(ns, name).serviceName();
        aws.ecs.updateService(r -> r.cluster(AwsEmulator.CLUSTER).service(service).desiredCount(5));
        changedAt.put(name, System.nanoTime());
      }
      long deadline = System.nanoTime() + resync.multipliedBy(3).toNanos();
      while (latency.size() < samples && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
    } finally {
      informer.close();
    }
    List<Double> sorted = latency.values().stream().sorted().map(ScaleBenchmark::round).toList();
    progress("drift to Drifted, s (%d of %d seen): %s", sorted.size(), samples, sorted);
    return sorted;
  }

  static AppStack stack(String ns, String name, AwsEmulator.Network net) {
    AppStack s = Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: %s, namespace: %s}
        spec:
          network: {vpcId: %s, privateSubnetIds: [%s, %s]}
          api: {image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.4.2", port: 3000, cpu: 256, memory: 512, replicas: 2}
          database: {engineVersion: "16", instanceClass: db.t3.micro, allocatedStorageGiB: 20, deletionPolicy: Delete}
          redis: {mode: sidecar}
        """.formatted(name, ns, net.vpcId(), net.subnetIds().get(0), net.subnetIds().get(1)), AppStack.class);
    return s;
  }

  private static String shippedJvmFlags() {
    try {
      return String.join(" ", Files.readAllLines(Path.of("hack", "operator-jvm-flags")).stream()
          .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("run the benchmark from the repository's root", e);
    }
  }

  static Path operatorJar() throws IOException {
    try (var files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("appstack-operator-.*\\.jar")
          && !p.getFileName().toString().contains("original")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/appstack-operator-*.jar: run mvn package first"));
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  interface Run {
    void run() throws Exception;
  }

  /** A benchmark's main: runs it (the control plane and moto are the tests' shared ones) and exits 0, or 1 on failure. */
  static void runAndExit(Run benchmark) {
    int status = 0;
    try {
      benchmark.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** The output folder, with the kubeconfig of the shared control plane that operator processes use. */
  static void prepare(Path out) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("kubeconfig"), KubeControlPlane.shared().kubeconfig());
  }

  static void progress(String format, Object... args) {
    System.out.printf("[%s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
  }
}
