package io.appstack.operator.aws.logs;

import java.util.Map;
import java.util.Optional;

/** The CloudWatch Logs calls the operator makes for the API's log group. */
public interface LogsGateway {

  Optional<LogGroup> findLogGroup(String name);

  void createLogGroup(String name, Map<String, String> tags);

  void setRetention(String name, int days);

  void deleteLogGroup(String name);

  /** A log group as read from AWS; retentionDays null means "never expire". */
  record LogGroup(String name, Integer retentionDays, Map<String, String> tags) {}
}
