package io.appstack.operator.aws.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.appstack.operator.aws.ecs.EcsGateway.OneOffTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The one-off task calls of the SDK gateway against a client that answers as ECS does: what the
 * requests carry and how the answers are read. ListTasks lists only tasks whose desired status is
 * RUNNING unless asked for STOPPED ones.
 */
class SdkEcsGatewayTaskTest {
  private static final String CLUSTER = "default";
  private static final String RUNNING_ARN = "arn:aws:ecs:us-east-1:123456789012:task/default/aaaa";
  private static final String STOPPED_ARN = "arn:aws:ecs:us-east-1:123456789012:task/default/bbbb";

  /** Answers RunTask, DescribeTasks and ListTasks from fixed data; records the requests. */
  private static final class Ecs implements EcsClient {
    final List<RunTaskRequest> runs = new ArrayList<>();
    final List<ListTasksRequest> lists = new ArrayList<>();

    @Override
    public RunTaskResponse runTask(RunTaskRequest request) {
      runs.add(request);
      return RunTaskResponse.builder().tasks(Task.builder().taskArn(RUNNING_ARN).build()).build();
    }

    @Override
    public ListTasksResponse listTasks(ListTasksRequest request) {
      lists.add(request);
      boolean stopped = request.desiredStatus() == DesiredStatus.STOPPED;
      return ListTasksResponse.builder().taskArns(stopped ? STOPPED_ARN : RUNNING_ARN).build();
    }

    @Override
    public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
      if (request.tasks().contains(STOPPED_ARN)) {
        return DescribeTasksResponse.builder().tasks(Task.builder().taskArn(STOPPED_ARN).lastStatus("STOPPED")
            .stopCode("EssentialContainerExited").containers(
                Container.builder().name("api").exitCode(3).build(),
                Container.builder().name("redis").build()).build()).build();
      }
      return DescribeTasksResponse.builder().failures(Failure.builder().arn(request.tasks().get(0))
          .reason("MISSING").build()).build();
    }

    @Override
    public String serviceName() {
      return "ecs";
    }

    @Override
    public void close() {}
  }

  private final Ecs client = new Ecs();
  private final SdkEcsGateway ecs = new SdkEcsGateway(client);

  @Test
  void runTaskOverridesTheCommandInPrivateSubnetsWithTheMarkerAndClientToken() {
    String arn = ecs.runTask(new OneOffTask(CLUSTER, "arn:td:1", "api", List.of("npm", "run", "migrate"),
        List.of("subnet-a"), List.of("sg-api"), "appstack-mig-x-g1", Map.of("appstack.io/owner", "staging/shop")),
        "appstack-mig-x-g1");
    assertEquals(RUNNING_ARN, arn);
    RunTaskRequest sent = client.runs.get(0);
    assertEquals(List.of("appstack-mig-x-g1", "appstack-mig-x-g1", "FARGATE", 1, "DISABLED"),
        List.of(sent.startedBy(), sent.clientToken(), sent.launchTypeAsString(), sent.count(),
            sent.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString()));
    assertEquals(List.of("api", List.of("npm", "run", "migrate")),
        List.of(sent.overrides().containerOverrides().get(0).name(),
            sent.overrides().containerOverrides().get(0).command()));
  }

  @Test
  void describeTaskReadsExitCodesOfTheContainersThatHaveOne() {
    EcsGateway.Task t = ecs.describeTask(CLUSTER, STOPPED_ARN).orElseThrow();
    assertEquals(List.of("STOPPED", "EssentialContainerExited", Map.of("api", 3)),
        List.of(t.lastStatus(), t.stopCode(), t.exitCodes()));
  }

  @Test
  void describeTaskOfATaskEcsNoLongerKnowsIsEmpty() {
    assertEquals(Optional.empty(), ecs.describeTask(CLUSTER, "arn:aws:ecs:us-east-1:123456789012:task/default/zz"));
  }

  /** ECS takes startedBy only as the sole filter, so the gateway asks for running tasks with it alone. */
  @Test
  void tasksStartedByAsksWithStartedByAloneAndGetsTheRunningTask() {
    assertEquals(List.of(RUNNING_ARN), ecs.tasksStartedBy(CLUSTER, "appstack-mig-x-g1"));
    assertEquals(1, client.lists.size(), "one ListTasks call");
    assertEquals("appstack-mig-x-g1", client.lists.get(0).startedBy());
    assertEquals(null, client.lists.get(0).desiredStatus(), "no second filter beside startedBy");
  }
}
