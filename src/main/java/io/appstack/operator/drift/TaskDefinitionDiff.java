package io.appstack.operator.drift;

import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure: what differs between the desired task definition and a registered revision. Any
 * difference means a new revision; none means the registered one is reused. Tags are left out:
 * they do not change what runs. Secret valueFrom ARNs are compared, never secret values.
 */
public final class TaskDefinitionDiff {
  private TaskDefinitionDiff() {}

  /** Names of the fields that differ, e.g. "cpu", "api.image", "api.environment.NODE_ENV". */
  public static List<String> compare(TaskDefinition want, TaskDefinition have) {
    List<String> diffs = new ArrayList<>();
    check(diffs, "family", want.family(), have.family());
    check(diffs, "cpu", want.cpu(), have.cpu());
    check(diffs, "memory", want.memory(), have.memory());
    check(diffs, "executionRoleArn", want.executionRoleArn(), have.executionRoleArn());
    check(diffs, "taskRoleArn", want.taskRoleArn(), have.taskRoleArn());
    Map<String, Container> haveByName = byName(have.containers());
    Map<String, Container> wantByName = byName(want.containers());
    for (String name : haveByName.keySet()) {
      if (!wantByName.containsKey(name)) {
        diffs.add("containers." + name + " (removed)");
      }
    }
    for (Container w : want.containers()) {
      Container h = haveByName.get(w.name());
      if (h == null) {
        diffs.add("containers." + w.name() + " (added)");
        continue;
      }
      String p = w.name() + ".";
      check(diffs, p + "image", w.image(), h.image());
      check(diffs, p + "essential", w.essential(), h.essential());
      check(diffs, p + "ports", w.ports(), h.ports());
      check(diffs, p + "command", w.command(), h.command());
      check(diffs, p + "log", w.log(), h.log());
      keys(diffs, p + "environment.", w.environment(), h.environment());
      keys(diffs, p + "secrets.", w.secrets(), h.secrets());
    }
    return diffs;
  }

  private static Map<String, Container> byName(List<Container> containers) {
    return containers.stream().collect(Collectors.toMap(Container::name, Function.identity(), (a, b) -> a,
        java.util.TreeMap::new));
  }

  private static void keys(List<String> diffs, String prefix, Map<String, String> want, Map<String, String> have) {
    java.util.Set<String> all = new java.util.TreeSet<>(want.keySet());
    all.addAll(have.keySet());
    for (String k : all) {
      if (!Objects.equals(want.get(k), have.get(k))) {
        diffs.add(prefix + k);
      }
    }
  }

  private static void check(List<String> diffs, String field, Object want, Object have) {
    if (!Objects.equals(want, have)) {
      diffs.add(field);
    }
  }
}
