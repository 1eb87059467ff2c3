package io.appstack.operator.bench;

import io.appstack.operator.it.AwsEmulator;
import io.appstack.operator.it.KubeControlPlane;
import io.appstack.operator.it.MotoServer;
import io.appstack.operator.it.OperatorProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: the shipped operator's memory with N stacks on AWS through the real SDK (moto), for
 * several JVM settings. N stacks are brought up once (by an operator with the shipped flags);
 * then for each variant a fresh operator process takes them over, as after a restart or an
 * upgrade: it reconciles every stack once (finding everything in place), runs drift polls until
 * steady, and then its heap after a full GC, RSS and the JVM's native memory tracking by category
 * are read. Prints a table and writes {@code target/bench/memory-<time>.md}.
 *
 * <p>Settings: bench.memory.stacks (1000), bench.memory.variants ("label=flags;label=flags",
 * default the shipped flags), bench.resync (60s), bench.drift.samples (0: after each variant's
 * memory, that many services changed behind its back and timed to Drifted, as ScaleBenchmark does),
 * bench.memory.nmt (true: native memory tracking on, which itself takes a few MiB),
 * bench.memory.histogram (false: true writes each variant's live objects by class to
 * {@code target/bench/memory-<variant>-histogram.txt}).
 */
public final class MemoryBenchmark {
  private static final Pattern NMT = Pattern.compile("^-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)",
      Pattern.MULTILINE);
  private final KubernetesClient kube = KubeControlPlane.shared().client();
  private final MotoServer moto = MotoServer.shared();
  private final Path out = Path.of("target", "bench");
  private final int n = Integer.getInteger("bench.memory.stacks", 1000);
  private final int driftSamples = Integer.getInteger("bench.drift.samples", 0);
  private final boolean nmt = Boolean.parseBoolean(System.getProperty("bench.memory.nmt", "true"));
  private final Duration resync = ScaleBenchmark.resync();
  private final boolean histogram = Boolean.getBoolean("bench.memory.histogram");

  public static void main(String[] args) {
    ScaleBenchmark.runAndExit(() -> new MemoryBenchmark().run());
  }

  private void run() throws Exception {
    ScaleBenchmark.prepare(out);
    Map<String, String> variants = new LinkedHashMap<>();
    for (String v : System.getProperty("bench.memory.variants", "shipped=" + ScaleBenchmark.SHIPPED_JVM_FLAGS)
        .split(";")) {
      variants.put(v.substring(0, v.indexOf('=')).trim(), v.substring(v.indexOf('=') + 1).trim());
    }
    String ns = "mem-" + Long.toString(System.currentTimeMillis() % 100_000, 36);
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    AwsEmulator.Network net;
    try (AwsEmulator aws = new AwsEmulator(moto)) {
      moto.reset();
      net = aws.createNetwork();
    }
    long t0 = System.nanoTime();
    // The bring-up operator also writes a class-data-sharing archive at exit, as the image's build
    // does (hack/cds-train.sh), for a variant with -XX:SharedArchiveFile=target/bench/operator.jsa.
    try (OperatorProcess op = start(ns, "bringup", ScaleBenchmark.SHIPPED_JVM_FLAGS + " -XX:ArchiveClassesAtExit="
        + out.resolve("operator.jsa"))) {
      op.awaitReady(Duration.ofMinutes(2));
      ScaleBenchmark.createStacks(kube, ns, net, 0, n);
      if (!ScaleBenchmark.awaitReady(kube, ns, n, Duration.ofMinutes(40))) {
        throw new IllegalStateException("not every stack Ready");
      }
    }
    ScaleBenchmark.progress("%d stacks Ready after %.0f s", n, (System.nanoTime() - t0) / 1e9);
    List<String> rows = new ArrayList<>();
    rows.add("| variant | JVM flags | takeover CPU s | RSS before / after a full GC MiB | RssAnon / RssFile MiB | heap after GC MiB | heap committed MiB | metaspace MiB | code cache MiB "
        + "| threads | NMT committed by category, MiB |" + (driftSamples > 0 ? " drift latency |" : ""));
    rows.add("|---|---|---|---|---|---|---|---|---|---|---|" + (driftSamples > 0 ? "---|" : ""));
    for (var v : variants.entrySet()) {
      try (OperatorProcess op = start(ns, v.getKey(), v.getValue() + (nmt ? " -XX:NativeMemoryTracking=summary" : ""))) {
        op.awaitReady(Duration.ofMinutes(2));
        awaitTakeover(op);
        // CPU of start-up, one reconcile of every stack and two polls: what the JIT settings cost.
        double cpu = op.cpuSeconds();
        Map<String, Object> m = ScaleBenchmark.memory(op);
        String nmt = this.nmt ? nmt(op.jcmd("VM.native_memory", "summary")) : "-";
        if (histogram) {
          Files.writeString(out.resolve("memory-" + v.getKey() + "-histogram.txt"), op.jcmd("GC.class_histogram"));
        }
        rows.add("| %s | `%s` | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s |".formatted(v.getKey(), v.getValue(),
            ScaleBenchmark.round(cpu), m.get("rss_before_gc_mib") + " / " + m.get("rss_mib"), m.get("rss_anon_mib"), m.get("rss_file_mib"), m.get("heap_after_gc_mib"),
            m.get("heap_committed_mib"), m.get("metaspace_mib"), m.get("code_cache_mib"), m.get("threads"), nmt));
        ScaleBenchmark.progress("%s: takeover CPU %.1f s; %s; NMT %s", v.getKey(), cpu, m, nmt);
        if (driftSamples > 0) {
          List<Double> drift = ScaleBenchmark.driftLatency(kube, moto, ns, n, resync, driftSamples);
          rows.set(rows.size() - 1, rows.get(rows.size() - 1) + " drift to Drifted, s: " + drift + " |");
        }
      }
    }
    String table = "## Memory benchmark: %d stacks on moto, taken over by a fresh operator (%s)%n%n- machine: %s%n"
        .formatted(n, Instant.now(), Machine.describe())
        + (nmt ? "- NMT (-XX:NativeMemoryTracking=summary) is on in every variant; it costs a few MiB itself\n\n"
            : "- NMT off (bench.memory.nmt=false)\n\n")
        + String.join("\n", rows) + "\n";
    Path file = out.resolve("memory-" + Instant.now().toString().replaceAll("[:.]", "").substring(0, 17) + ".md");
    Files.writeString(file, table);
    System.out.println(table);
    System.out.println("written: " + file);
    kube.namespaces().withName(ns).delete();
  }

  private OperatorProcess start(String ns, String name, String flags) throws java.io.IOException {
    Map<String, String> env = ScaleBenchmark.operatorEnv(out.resolve("kubeconfig"), ns, resync);
    ScaleBenchmark.onMoto(env, moto);
    return OperatorProcess.start(ScaleBenchmark.flags(flags),
        List.of("-jar", ScaleBenchmark.operatorJar().toString()), env, ScaleBenchmark.freePort(),
        out.resolve("memory-" + name + ".log"));
  }

  /** Until every stack was reconciled once, then two drift polls and a quiet moment. */
  private void awaitTakeover(OperatorProcess op) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (PromText.scrape(op).sum(Metrics.RECONCILE_CPU + "_count") < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the operator did not reconcile every stack in time");
      }
      Thread.sleep(1000);
    }
    double polls = PromText.scrape(op).sum(Metrics.POLLS);
    while (PromText.scrape(op).sum(Metrics.POLLS) < polls + 2) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no drift poll in time");
      }
      Thread.sleep(1000);
    }
    ScaleBenchmark.settle(op);
  }

  /** "Java Heap 62, Class 80, ..." from a VM.native_memory summary: committed MiB by category, the largest first. */
  static String nmt(String summary) {
    Map<String, Long> kb = new LinkedHashMap<>();
    Matcher m = NMT.matcher(summary);
    while (m.find()) {
      kb.put(m.group(1).trim(), Long.parseLong(m.group(2)));
    }
    return kb.entrySet().stream().filter(e -> e.getValue() >= 1024).sorted(Map.Entry.comparingByValue((a, b) -> Long.compare(b, a)))
        .map(e -> e.getKey() + " " + Math.round(e.getValue() / 1024.0)).reduce((a, b) -> a + ", " + b).orElse(summary);
  }
}
