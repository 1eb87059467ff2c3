package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.logs.LogsGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * In-memory CloudWatch Logs groups. As the SDK gateway does, creating a group that exists and
 * deleting one that does not are quietly accepted; retention takes only the values AWS allows.
 */
public final class FakeLogsGateway extends FakeGateway implements LogsGateway {
  private static final String SERVICE = "logs";
  /** The retention values PutRetentionPolicy accepts. */
  public static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
      731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  private final Map<String, LogGroup> groups = new LinkedHashMap<>();

  public FakeLogsGateway() {
    this(new Journal());
  }

  public FakeLogsGateway(Journal journal) {
    super(new CallLog(Set.of("findLogGroup", "createLogGroup", "setRetention", "deleteLogGroup"),
        Set.of("createLogGroup")), journal, Set.of("createLogGroup", "setRetention", "deleteLogGroup"));
  }

  @Override
  public synchronized Optional<LogGroup> findLogGroup(String name) {
    log.enter("findLogGroup");
    return group(name);
  }

  @Override
  public synchronized void createLogGroup(String name, Map<String, String> tags) {
    log.enter("createLogGroup");
    if (name == null || !name.matches("^[.\\-_/#A-Za-z0-9]{1,512}$")) {
      throw new AwsFailure(SERVICE, "InvalidParameterException", "Invalid log group name " + name, true, null);
    }
    if (!groups.containsKey(name)) {
      groups.put(name, new LogGroup(name, null, Map.copyOf(tags)));
      journal.record(SERVICE, "createLogGroup", name);
    }
    log.exit("createLogGroup");
  }

  @Override
  public synchronized void setRetention(String name, int days) {
    log.enter("setRetention");
    LogGroup g = groups.get(name);
    if (g == null) {
      throw new AwsFailure(SERVICE, "ResourceNotFoundException", "The specified log group does not exist.", false, null);
    }
    if (!RETENTION_DAYS.contains(days)) {
      throw new AwsFailure(SERVICE, "InvalidParameterException", "Invalid retention " + days, true, null);
    }
    groups.put(name, new LogGroup(name, days, g.tags()));
    journal.record(SERVICE, "setRetention", name);
  }

  @Override
  public synchronized void deleteLogGroup(String name) {
    log.enter("deleteLogGroup");
    if (groups.remove(name) != null) {
      journal.record(SERVICE, "deleteLogGroup", name);
    }
  }

  // ---- knobs and inspection (no call is counted) ------------------------------------------

  /** A group put in place directly, as if by someone outside the operator. */
  public synchronized void put(String name, Integer retentionDays, Map<String, String> tags) {
    groups.put(name, new LogGroup(name, retentionDays, Map.copyOf(tags)));
  }

  public synchronized Optional<LogGroup> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  public synchronized List<LogGroup> groups() {
    return List.copyOf(groups.values());
  }
}
