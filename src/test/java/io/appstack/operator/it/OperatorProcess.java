package io.appstack.operator.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own JVM, as it runs in a cluster: so that it can die as a process does (the
 * crash harness) and so that its RSS, heap, CPU time and start-up are its own and not the
 * harness's (the benchmarks). Its settings come from the environment it is given, none from the
 * harness's; /readyz and /metrics are read over loopback, the process's figures from /proc.
 */
public final class OperatorProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Process process;
  private final long startedNanos;
  private final URI base;

  private OperatorProcess(Process process, long startedNanos, int port) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Starts {@code java <jvmFlags> <main...>} with {@code env} on top of this process's environment
   * less its APPSTACK_* settings and JAVA_TOOL_OPTIONS, serving HTTP on {@code httpPort} (0: any
   * free port, then /readyz and /metrics cannot be read), its output to {@code log}.
   */
  public static OperatorProcess start(List<String> jvmFlags, List<String> main, Map<String, String> env, int httpPort,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(main);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("APPSTACK_") || k.startsWith("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    pb.environment().put("APPSTACK_HTTP_PORT", String.valueOf(httpPort));
    long t0 = System.nanoTime();
    try {
      return new OperatorProcess(pb.start(), t0, httpPort);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the operator process", e);
    }
  }

  /** The classpath this JVM was given (failsafe hides it behind a manifest-only jar). */
  public static String testClasspath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return String.join(File.pathSeparator, cp.split(File.pathSeparator));
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public int exitCode() {
    return process.exitValue();
  }

  /** Seconds from process start until /readyz answers 200 (informers synced, event sources healthy). */
  public double awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("operator exited with " + process.exitValue() + " before it was ready");
      }
      if (status("/readyz") == 200) {
        return (System.nanoTime() - startedNanos) / 1e9;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("operator not ready within " + timeout);
  }

  /** The text of its /metrics. */
  public String metricsText() {
    try {
      return HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot scrape the operator", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Resident set size from /proc, in MiB. */
  public double rssMiB() throws IOException {
    return statusMiB("VmRSS");
  }

  /**
   * A memory figure of /proc/PID/status in MiB: VmRSS, and its parts RssAnon (heap, metaspace,
   * stacks: what only this process can hold) and RssFile (mapped files such as a class-data-sharing
   * archive: shared, and reclaimable under pressure).
   */
  public double statusMiB(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no " + field + " for " + pid());
  }

  /** User + system CPU seconds the process has used (clock ticks of 1/100 s). */
  public double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /** Runs a jcmd command against the process and returns its output. */
  public String jcmd(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(pid())));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  /** SIGTERM (the operator's shutdown hook runs), SIGKILL after 15 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
