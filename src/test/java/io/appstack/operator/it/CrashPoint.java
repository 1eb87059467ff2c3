package io.appstack.operator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * For the crash harness (CrashIT): an SDK interceptor every client on the test classpath loads
 * (software/amazon/awssdk/global/handlers/execution.interceptors), inert unless the operator's JVM
 * is started with {@code -Dappstack.crash.journal=FILE}. It then appends every successful mutating
 * call to FILE, and with {@code -Dappstack.crash.afterMutatingCall=N} halts the JVM with 137 right
 * after the N-th one took effect: what kill -9 does at that instant. The call changed AWS, the
 * operator saw no response and recorded nothing, no shutdown hook runs.
 *
 * <p>Mutating means every operation that is not Describe*, List* or Get*: the operator makes no
 * other read calls.
 */
public final class CrashPoint implements ExecutionInterceptor {
  public static final String JOURNAL = "appstack.crash.journal";
  public static final String AFTER = "appstack.crash.afterMutatingCall";
  public static final int EXIT = 137;

  private static final AtomicInteger MUTATING = new AtomicInteger();
  private final Path journal = System.getProperty(JOURNAL) == null ? null : Path.of(System.getProperty(JOURNAL));
  private final int crashAfter = Integer.getInteger(AFTER, 0);

  static boolean mutating(String operation) {
    return !(operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get"));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (journal == null) {
      return;
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (operation == null || !mutating(operation)) {
      return;
    }
    String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":" + operation;
    // One call at a time, so that the N-th call is the last line of the journal when the JVM halts.
    synchronized (MUTATING) {
      int n = MUTATING.incrementAndGet();
      try {
        Files.writeString(journal, n + " " + call + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new IllegalStateException("cannot write the crash journal " + journal, e);
      }
      if (n == crashAfter) {
        Runtime.getRuntime().halt(EXIT);
      }
    }
  }
}
