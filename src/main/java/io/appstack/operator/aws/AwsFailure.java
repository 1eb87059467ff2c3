package io.appstack.operator.aws;

/**
 * An AWS call that failed, without SDK types. {@code terminal} failures (invalid parameter, access
 * denied, quota) need a change by a person; the others are retried by rescheduling.
 */
public class AwsFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String service;
  private final String code;
  private final boolean terminal;

  public AwsFailure(String service, String code, String message, boolean terminal, Throwable cause) {
    super(service + " " + code + ": " + message, cause);
    this.service = service;
    this.code = code;
    this.terminal = terminal;
  }

  public String service() {
    return service;
  }

  public String code() {
    return code;
  }

  public boolean terminal() {
    return terminal;
  }
}
