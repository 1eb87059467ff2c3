package io.appstack.operator.aws.ecs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ECS calls the operator makes for the API service. */
public interface EcsGateway {

  /** Registers a new revision of the family and returns its ARN. */
  String registerTaskDefinition(TaskDefinition definition);

  Optional<TaskDefinition> describeTaskDefinition(String arn);

  /** ARNs of the family's ACTIVE revisions, oldest first. */
  List<String> activeRevisions(String family);

  void deregisterTaskDefinition(String arn);

  Optional<Service> findService(String cluster, String serviceName);

  /** The named services of a cluster, 10 per DescribeServices call; missing ones are left out. */
  default List<Service> findServices(String cluster, List<String> serviceNames) {
    throw new UnsupportedOperationException("this gateway does not describe services in batches");
  }

  /** Creates the service; {@code clientToken} makes a retried create return the first one. */
  void createService(ServiceSpec spec, String clientToken);

  /** Points the service at a revision and count; null fields are left as they are. */
  void updateService(String cluster, String serviceName, String taskDefinitionArn, Integer desiredCount,
      boolean forceNewDeployment);

  void deleteService(String cluster, String serviceName);

  /**
   * Starts a one-off Fargate task with the api container's command overridden. {@code startedBy}
   * marks it so it can be found again; AWS returns the first task for a repeated clientToken.
   */
  String runTask(OneOffTask task, String clientToken);

  Optional<Task> describeTask(String cluster, String taskArn);

  /**
   * Running tasks started with this marker. ListTasks takes startedBy only as its sole filter;
   * a stopped one is found through the ARN kept in status, or RunTask's clientToken returns it.
   */
  List<String> tasksStartedBy(String cluster, String startedBy);

  void stopTask(String cluster, String taskArn, String reason);

  /** A task definition as the operator sets it; compared field by field with the registered one. */
  record TaskDefinition(String family, String cpu, String memory, String executionRoleArn, String taskRoleArn,
      List<Container> containers, Map<String, String> tags) {}

  /**
   * One container. {@code environment} holds plain values only; {@code secrets} maps a variable to
   * the ARN ECS reads it from, so no secret value ever appears in the task definition.
   */
  record Container(String name, String image, boolean essential, List<Integer> ports,
      Map<String, String> environment, Map<String, String> secrets, List<String> command, LogConfig log) {}

  /** awslogs driver settings. */
  record LogConfig(String group, String region, String streamPrefix) {}

  /** What CreateService is given. */
  record ServiceSpec(String cluster, String serviceName, String taskDefinitionArn, int desiredCount,
      List<String> subnetIds, List<String> securityGroupIds, Optional<LoadBalancer> loadBalancer,
      Map<String, String> tags) {}

  /** A target group the service registers a container port in. */
  record LoadBalancer(String targetGroupArn, String containerName, int containerPort) {}

  /** A service as read from AWS; {@code deployments} PRIMARY first. */
  record Service(String arn, String name, String status, String taskDefinitionArn, int desiredCount,
      int runningCount, List<String> subnetIds, List<String> securityGroupIds, List<String> targetGroupArns,
      List<Deployment> deployments, Map<String, String> tags) {

    public Optional<Deployment> primary() {
      return deployments.stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    }
  }

  /** What RunTask is given. */
  record OneOffTask(String cluster, String taskDefinitionArn, String containerName, List<String> command,
      List<String> subnetIds, List<String> securityGroupIds, String startedBy, Map<String, String> tags) {}

  /** A task as read from AWS; {@code exitCodes} by container (absent when it never ran). */
  record Task(String arn, String lastStatus, String stopCode, String stoppedReason, java.time.Instant createdAt,
      java.time.Instant startedAt, java.time.Instant stoppedAt, Map<String, Integer> exitCodes) {

    public boolean stopped() {
      return "STOPPED".equals(lastStatus);
    }

    /** The id part of the ARN, which names the task's log stream. */
    public String id() {
      return arn.substring(arn.lastIndexOf('/') + 1);
    }
  }

  /** One deployment of a service. rolloutState: IN_PROGRESS, COMPLETED or FAILED. */
  record Deployment(String id, String status, String taskDefinitionArn, String rolloutState, int desiredCount,
      int runningCount, String rolloutStateReason) {}
}
