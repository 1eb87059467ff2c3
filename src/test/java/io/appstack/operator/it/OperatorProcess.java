package io.appstack.operator.it;

import io.appstack.operator.AppStackOperator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own JVM, as it runs in a cluster, so that it can die as a process does:
 * started with the test classpath (which carries {@link CrashPoint}) against the real apiserver
 * (through a kubeconfig file) and moto, watching one namespace, with the tests' short intervals.
 */
final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path journal;

  /** {@code crashAfter}: halt after this many mutating AWS calls; empty runs to the end. */
  OperatorProcess(Path kubeconfig, MotoServer moto, String namespace, Path journal, Path log, OptionalInt crashAfter) {
    this.journal = journal;
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-D" + CrashPoint.JOURNAL + "=" + journal));
    crashAfter.ifPresent(n -> command.add("-D" + CrashPoint.AFTER + "=" + n));
    command.addAll(List.of("-cp", classpath(), AppStackOperator.class.getName(),
        "--watch-namespaces=" + namespace, "--default-region=" + AwsEmulator.REGION,
        "--aws-endpoint=" + moto.endpoint(), "--progress-interval=500ms", "--resync-interval=5s", "--http-port=0",
        "--default-cluster=" + AwsEmulator.CLUSTER, "--default-execution-role-arn=" + AwsEmulator.EXECUTION_ROLE));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("AWS_ACCESS_KEY_ID", "testing");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
    pb.environment().keySet().removeIf(k -> k.startsWith("APPSTACK_"));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Files.deleteIfExists(journal);
      Files.createFile(journal);
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the operator process", e);
    }
  }

  /** The classpath this test JVM was given (failsafe hides it behind a manifest-only jar). */
  private static String classpath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return String.join(File.pathSeparator, cp.split(File.pathSeparator));
  }

  boolean alive() {
    return process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  /** The mutating calls made so far, "service:operation" in order. */
  List<String> mutatingCalls() {
    try {
      return Files.readAllLines(journal).stream().filter(l -> !l.isBlank()).map(l -> l.substring(l.indexOf(' ') + 1))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the process; its mutating calls join those checked against the IAM policy. */
  @Override
  public void close() {
    mutatingCalls().forEach(c -> RunningOperator.CALLS_MADE.add(c.replace(':', '/')));
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
