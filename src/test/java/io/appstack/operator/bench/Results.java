package io.appstack.operator.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of one benchmark run, written as JSON (to compare runs) and as Markdown tables. */
final class Results {
  final String label;
  final String started = Instant.now().toString();
  final Map<String, Object> settings = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> backends = new LinkedHashMap<>();

  Results(String label) {
    this.label = label;
  }

  Map<String, Object> backend(String name) {
    return backends.computeIfAbsent(name, k -> {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("tiers", new TreeMap<Integer, Map<String, Object>>());
      return b;
    });
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> tier(String backend, int stacks) {
    return ((Map<Integer, Map<String, Object>>) backend(backend).get("tiers"))
        .computeIfAbsent(stacks, k -> new LinkedHashMap<>());
  }

  void write(Path dir) throws IOException {
    String stamp = started.replace(":", "").replaceAll("\\..*", "");
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("label", label);
    all.put("started", started);
    all.put("settings", settings);
    all.put("backends", backends);
    Files.writeString(dir.resolve("results-" + stamp + ".json"), Serialization.asJson(all));
    String md = markdown();
    Files.writeString(dir.resolve("results-" + stamp + ".md"), md);
    System.out.println(md);
    System.out.println("written: " + dir.resolve("results-" + stamp + ".md") + " and .json");
  }

  @SuppressWarnings("unchecked")
  String markdown() {
    StringBuilder md = new StringBuilder("## Scale benchmark: " + label + " (" + started + ")\n\n");
    settings.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append("\n| backend | stacks | AWS calls/poll | AWS calls/stack-h | mutating AWS calls | K8s writes (window) "
        + "| K8s writes/stack-h | reconciles (window) | poll s | all DBs requested s | all Ready s "
        + "| reconcile CPU ms p50/p95 | process CPU ms/reconcile | heap after GC MiB | RSS MiB |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    backends.forEach((backend, b) -> {
      md.append("| ").append(backend).append(" | 0 | | | | | | | | | | | | ")
          .append(mem(b.get("memory_0"), "heap_after_gc_mib")).append(" | ").append(mem(b.get("memory_0"), "rss_mib"))
          .append(" |\n");
      ((Map<Integer, Map<String, Object>>) b.get("tiers")).forEach((n, t) -> md.append("| ").append(backend)
          .append(" | ").append(n).append(" | ").append(v(t, "aws_calls_per_poll")).append(" | ")
          .append(v(t, "aws_calls_per_stack_hour")).append(" | ").append(v(t, "aws_mutating_calls")).append(" | ")
          .append(v(t, "kube_writes_operator")).append(" | ").append(v(t, "kube_writes_per_stack_hour")).append(" | ")
          .append(v(t, "reconciles")).append(" | ").append(v(t, "poll_s")).append(" | ")
          .append(v(t, "all_databases_requested_s")).append(" | ").append(v(t, "all_ready_s")).append(" | ")
          .append(v(t, "reconcile_cpu_ms_p50")).append(" / ").append(v(t, "reconcile_cpu_ms_p95")).append(" | ")
          .append(v(t, "process_cpu_ms_per_reconcile")).append(" | ").append(mem(t.get("memory"), "heap_after_gc_mib"))
          .append(" | ").append(mem(t.get("memory"), "rss_mib")).append(" |\n"));
    });
    md.append('\n');
    backends.forEach((backend, b) -> {
      md.append("- ").append(backend).append(": start to ready ").append(b.get("startup_s")).append(" s; ")
          .append(b.get("gc"));
      Map<Integer, Map<String, Object>> tiers = (Map<Integer, Map<String, Object>>) b.get("tiers");
      tiers.values().stream().filter(t -> t.containsKey("first_call_latency_ms")).findFirst().ifPresent(t -> {
        List<Double> l = (List<Double>) t.get("first_call_latency_ms");
        md.append("; creation to first AWS call p50 ").append(pct(l, 50)).append(" ms, p95 ").append(pct(l, 95))
            .append(" ms (").append(l.size()).append(" stacks)");
      });
      if (b.get("drift_latency_s") instanceof List<?> d) {
        md.append("; drift to Drifted p50 ").append(pct((List<Double>) d, 50)).append(" s, p95 ")
            .append(pct((List<Double>) d, 95)).append(" s (").append(d.size()).append(" changes seen)");
      }
      List<Integer> ns = new ArrayList<>(tiers.keySet());
      if (ns.size() >= 2) {
        int lo = ns.get(ns.size() - 2);
        int hi = ns.get(ns.size() - 1);
        md.append("; per stack ").append(slope(tiers, lo, hi, "heap_after_gc_mib")).append(" KiB heap, ")
            .append(slope(tiers, lo, hi, "rss_mib")).append(" KiB RSS (").append(lo).append(" to ").append(hi)
            .append(")");
      }
      md.append('\n');
    });
    md.append("\nAWS calls in one steady-state poll interval, by operation:\n\n");
    backends.forEach((backend, b) -> ((Map<Integer, Map<String, Object>>) b.get("tiers")).forEach((n, t) ->
        md.append("- ").append(backend).append(", ").append(n).append(" stacks: ").append(t.get("aws_calls_by_operation"))
            .append("; K8s writes: ").append(t.get("kube_writes_by_resource")).append('\n')));
    return md.toString();
  }

  private static Object v(Map<String, Object> t, String key) {
    Object o = t.get(key);
    return o == null ? "" : o;
  }

  @SuppressWarnings("unchecked")
  private static Object mem(Object memory, String key) {
    return memory instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(key) : "";
  }

  @SuppressWarnings("unchecked")
  private static double slope(Map<Integer, Map<String, Object>> tiers, int lo, int hi, String key) {
    double a = ((Number) ((Map<String, Object>) tiers.get(lo).get("memory")).get(key)).doubleValue();
    double b = ((Number) ((Map<String, Object>) tiers.get(hi).get("memory")).get(key)).doubleValue();
    return ScaleBenchmark.round((b - a) * 1024 / (hi - lo));
  }

  /** Nearest-rank percentile. */
  static double pct(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
