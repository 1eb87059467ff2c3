package io.appstack.operator.aws.logs;

import static io.appstack.operator.aws.AwsCall.call;
import static io.appstack.operator.aws.AwsCall.run;

import io.appstack.operator.aws.AwsFailure;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** {@link LogsGateway} on the AWS SDK. */
public final class SdkLogsGateway implements LogsGateway {
  private static final String SERVICE = "logs";
  private final CloudWatchLogsClient logs;

  public SdkLogsGateway(CloudWatchLogsClient logs) {
    this.logs = logs;
  }

  @Override
  public Optional<LogGroup> findLogGroup(String name) {
    return call(SERVICE, () -> logs.describeLogGroups(r -> r.logGroupNamePrefix(name))).logGroups().stream()
        .filter(g -> g.logGroupName().equals(name)).findFirst()
        .map(g -> new LogGroup(g.logGroupName(), g.retentionInDays(),
            call(SERVICE, () -> logs.listTagsLogGroup(r -> r.logGroupName(name))).tags()));
  }

  @Override
  public void createLogGroup(String name, Map<String, String> tags) {
    try {
      call(SERVICE, () -> logs.createLogGroup(r -> r.logGroupName(name).tags(tags)));
    } catch (AwsFailure e) {
      if (!"ResourceAlreadyExistsException".equals(e.code())) {
        throw e;
      }
    }
  }

  @Override
  public void setRetention(String name, int days) {
    run(SERVICE, () -> logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(days)));
  }

  @Override
  public void deleteLogGroup(String name) {
    try {
      call(SERVICE, () -> logs.deleteLogGroup(r -> r.logGroupName(name)));
    } catch (AwsFailure e) {
      if (!"ResourceNotFoundException".equals(e.code())) {
        throw e;
      }
    }
  }
}
