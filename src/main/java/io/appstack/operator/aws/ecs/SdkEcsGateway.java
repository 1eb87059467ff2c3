package io.appstack.operator.aws.ecs;

import static io.appstack.operator.aws.AwsCall.call;
import static io.appstack.operator.aws.AwsCall.run;

import io.appstack.operator.aws.AwsFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** {@link EcsGateway} on the AWS SDK. */
public final class SdkEcsGateway implements EcsGateway {
  private static final String SERVICE = "ecs";
  private final EcsClient ecs;

  public SdkEcsGateway(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public String registerTaskDefinition(TaskDefinition d) {
    return call(SERVICE, () -> ecs.registerTaskDefinition(r -> r.family(d.family()).cpu(d.cpu()).memory(d.memory())
        .networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
        .executionRoleArn(d.executionRoleArn()).taskRoleArn(d.taskRoleArn())
        .containerDefinitions(d.containers().stream().map(SdkEcsGateway::toSdk).toList())
        .tags(tags(d.tags())))).taskDefinition().taskDefinitionArn();
  }

  @Override
  public Optional<TaskDefinition> describeTaskDefinition(String arn) {
    try {
      var response = call(SERVICE, () -> ecs.describeTaskDefinition(r -> r.taskDefinition(arn).includeWithStrings("TAGS")));
      var t = response.taskDefinition();
      return Optional.of(new TaskDefinition(t.family(), t.cpu(), t.memory(), t.executionRoleArn(), t.taskRoleArn(),
          t.containerDefinitions().stream().map(SdkEcsGateway::fromSdk).toList(), fromTags(response.tags())));
    } catch (AwsFailure e) {
      if ("ClientException".equals(e.code()) || "InvalidParameterException".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<String> activeRevisions(String family) {
    return call(SERVICE, () -> {
      List<String> arns = new ArrayList<>();
      for (var page : ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE))) {
        // familyPrefix also matches longer families; keep this family's own revisions.
        page.taskDefinitionArns().stream().filter(a -> a.contains(":task-definition/" + family + ":")).forEach(arns::add);
      }
      return arns;
    });
  }

  @Override
  public void deregisterTaskDefinition(String arn) {
    run(SERVICE, () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
  }

  @Override
  public Optional<Service> findService(String cluster, String serviceName) {
    return describe(cluster, List.of(serviceName)).stream().findFirst();
  }

  @Override
  public List<Service> findServices(String cluster, List<String> serviceNames) {
    List<Service> all = new ArrayList<>();
    for (int i = 0; i < serviceNames.size(); i += 10) {
      all.addAll(describe(cluster, serviceNames.subList(i, Math.min(serviceNames.size(), i + 10))));
    }
    return all;
  }

  private List<Service> describe(String cluster, List<String> names) {
    var response = call(SERVICE, () -> ecs.describeServices(r -> r.cluster(cluster).services(names)
        .includeWithStrings("TAGS")));
    return response.services().stream().filter(s -> !"INACTIVE".equals(s.status())).map(s -> new Service(
        s.serviceArn(), s.serviceName(), s.status(), s.taskDefinition(), s.desiredCount(), s.runningCount(),
        awsvpc(s).map(a -> a.subnets().stream().sorted().toList()).orElse(List.of()),
        awsvpc(s).map(a -> a.securityGroups().stream().sorted().toList()).orElse(List.of()),
        s.loadBalancers().stream().map(lb -> lb.targetGroupArn()).toList(),
        s.deployments().stream().map(d -> new Deployment(d.id(), d.status(), d.taskDefinition(),
            d.rolloutStateAsString(), nz(d.desiredCount()), nz(d.runningCount()), d.rolloutStateReason())).toList(),
        fromTags(s.tags()))).toList();
  }

  private static Optional<software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration> awsvpc(
      software.amazon.awssdk.services.ecs.model.Service s) {
    return Optional.ofNullable(s.networkConfiguration()).map(n -> n.awsvpcConfiguration());
  }

  @Override
  public void createService(ServiceSpec s, String clientToken) {
    run(SERVICE, () -> ecs.createService(r -> r.cluster(s.cluster()).serviceName(s.serviceName())
        .taskDefinition(s.taskDefinitionArn()).desiredCount(s.desiredCount()).launchType(LaunchType.FARGATE)
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(s.subnetIds())
            .securityGroups(s.securityGroupIds()).assignPublicIp(AssignPublicIp.DISABLED)))
        .deploymentConfiguration(c -> c.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))
            .minimumHealthyPercent(100).maximumPercent(200))
        .loadBalancers(s.loadBalancer().map(lb -> List.of(software.amazon.awssdk.services.ecs.model.LoadBalancer
            .builder().targetGroupArn(lb.targetGroupArn()).containerName(lb.containerName())
            .containerPort(lb.containerPort()).build())).orElse(List.of()))
        .propagateTags(PropagateTags.SERVICE).enableECSManagedTags(true).clientToken(clientToken)
        .tags(tags(s.tags()))));
  }

  @Override
  public void updateService(String cluster, String serviceName, String taskDefinitionArn, Integer desiredCount,
      boolean forceNewDeployment) {
    run(SERVICE, () -> ecs.updateService(r -> r.cluster(cluster).service(serviceName)
        .taskDefinition(taskDefinitionArn).desiredCount(desiredCount).forceNewDeployment(forceNewDeployment)));
  }

  @Override
  public void deleteService(String cluster, String serviceName) {
    try {
      call(SERVICE, () -> ecs.deleteService(r -> r.cluster(cluster).service(serviceName).force(true)));
    } catch (AwsFailure e) {
      if (!"ServiceNotFoundException".equals(e.code()) && !"ServiceNotActiveException".equals(e.code())) {
        throw e;
      }
    }
  }

  @Override
  public String runTask(OneOffTask t, String clientToken) {
    var response = call(SERVICE, () -> ecs.runTask(r -> r.cluster(t.cluster()).taskDefinition(t.taskDefinitionArn())
        .launchType(LaunchType.FARGATE).count(1).startedBy(t.startedBy()).clientToken(clientToken)
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(t.subnetIds())
            .securityGroups(t.securityGroupIds()).assignPublicIp(AssignPublicIp.DISABLED)))
        .overrides(o -> o.containerOverrides(c -> c.name(t.containerName()).command(t.command())))
        .propagateTags(PropagateTags.TASK_DEFINITION).tags(tags(t.tags()))));
    if (response.tasks().isEmpty()) {
      String why = response.failures().stream().map(f -> f.reason() + " " + f.detail()).findFirst().orElse("no task");
      throw new AwsFailure(SERVICE, "RunTaskFailure", why, false, null);
    }
    return response.tasks().get(0).taskArn();
  }

  @Override
  public Optional<Task> describeTask(String cluster, String taskArn) {
    return call(SERVICE, () -> ecs.describeTasks(r -> r.cluster(cluster).tasks(taskArn))).tasks().stream()
        .findFirst().map(t -> new Task(t.taskArn(), t.lastStatus(), t.stopCodeAsString(), t.stoppedReason(),
            t.createdAt(), t.startedAt(), t.stoppedAt(), t.containers().stream().filter(c -> c.exitCode() != null)
                .collect(Collectors.toMap(c -> c.name(), c -> c.exitCode(), (a, b) -> a))));
  }

  @Override
  public List<String> tasksStartedBy(String cluster, String startedBy) {
    return call(SERVICE, () -> ecs.listTasks(r -> r.cluster(cluster).startedBy(startedBy))).taskArns();
  }

  @Override
  public void stopTask(String cluster, String taskArn, String reason) {
    run(SERVICE, () -> ecs.stopTask(r -> r.cluster(cluster).task(taskArn).reason(reason)));
  }

  private static ContainerDefinition toSdk(Container c) {
    return ContainerDefinition.builder().name(c.name()).image(c.image()).essential(c.essential())
        .portMappings(c.ports().stream().map(p -> PortMapping.builder().containerPort(p)
            .protocol(TransportProtocol.TCP).build()).toList())
        .environment(c.environment().entrySet().stream()
            .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
        .secrets(c.secrets().entrySet().stream()
            .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build()).toList())
        .command(c.command().isEmpty() ? null : c.command())
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", c.log().group(),
            "awslogs-region", c.log().region(), "awslogs-stream-prefix", c.log().streamPrefix())))
        .build();
  }

  private static Container fromSdk(ContainerDefinition c) {
    Map<String, String> options = c.logConfiguration() == null ? Map.of() : c.logConfiguration().options();
    return new Container(c.name(), c.image(), Boolean.TRUE.equals(c.essential()),
        c.portMappings().stream().map(PortMapping::containerPort).toList(),
        new TreeMap<>(c.environment().stream().collect(Collectors.toMap(KeyValuePair::name,
            kv -> kv.value() == null ? "" : kv.value()))),
        new TreeMap<>(c.secrets().stream().collect(Collectors.toMap(Secret::name, Secret::valueFrom))),
        c.command() == null ? List.of() : c.command(),
        new LogConfig(options.get("awslogs-group"), options.get("awslogs-region"), options.get("awslogs-stream-prefix")));
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  private static Map<String, String> fromTags(List<Tag> tags) {
    return tags == null ? Map.of() : tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
  }
}
