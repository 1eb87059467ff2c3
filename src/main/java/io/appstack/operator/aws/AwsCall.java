package io.appstack.operator.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs one SDK call, turning SDK exceptions into {@link AwsFailure} so SDK types stay in aws/. */
public final class AwsCall {
  private AwsCall() {}

  public static <T> T call(String service, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(service, e);
    }
  }

  public static void run(String service, Runnable call) {
    call(service, () -> {
      call.run();
      return null;
    });
  }
}
