package io.appstack.operator.it;

import io.appstack.operator.AppStackOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * For the crash harness: the operator as its own JVM with the test classpath (which carries
 * {@link CrashPoint}, journaling each mutating AWS call and halting after the k-th), against the
 * real apiserver (through a kubeconfig file) and moto, watching one namespace, with the tests'
 * short intervals.
 */
final class CrashingOperator implements AutoCloseable {
  private final OperatorProcess process;
  private final Path journal;

  /** {@code crashAfter}: halt after this many mutating AWS calls; empty runs to the end. */
  CrashingOperator(Path kubeconfig, MotoServer moto, String namespace, Path journal, Path log, OptionalInt crashAfter) {
    this.journal = journal;
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-D" + CrashPoint.JOURNAL + "=" + journal));
    crashAfter.ifPresent(n -> jvm.add("-D" + CrashPoint.AFTER + "=" + n));
    List<String> main = List.of("-cp", OperatorProcess.testClasspath(), AppStackOperator.class.getName(),
        "--watch-namespaces=" + namespace, "--default-region=" + AwsEmulator.REGION,
        "--aws-endpoint=" + moto.endpoint(), "--progress-interval=500ms", "--resync-interval=5s",
        "--default-cluster=" + AwsEmulator.CLUSTER, "--default-execution-role-arn=" + AwsEmulator.EXECUTION_ROLE);
    try {
      Files.deleteIfExists(journal);
      Files.createFile(journal);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the crash journal", e);
    }
    process = OperatorProcess.start(jvm, main, Map.of("KUBECONFIG", kubeconfig.toString(),
        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"), 0, log);
  }

  boolean alive() {
    return process.alive();
  }

  int exitCode() {
    return process.exitCode();
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
    process.close();
  }
}
