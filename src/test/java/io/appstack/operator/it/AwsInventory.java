package io.appstack.operator.it;

import io.appstack.operator.naming.StackNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * What one stack has in moto, one line per resource, with the names that differ between runs
 * (namespace, stack id, AppStack uid, group ids, random endpoint parts, times) written as placeholders, so
 * that two runs of the same scenario can be compared line by line. A duplicate is a repeated line,
 * an orphan an extra one.
 */
record AwsInventory(List<String> lines) {

  static AwsInventory of(AwsEmulator aws, StackNames names, String uid) {
    String finalSnapshot = uid == null ? "\u0000" : names.finalSnapshotIdentifier(uid);
    UnaryOperator<String> norm = s -> s == null ? null : s.replace(finalSnapshot, "{final-snapshot}")
        .replace(names.stackId(), "{stack}")
        .replace(uid == null ? "\u0000" : uid, "{uid}").replace(names.namespace() + "/", "{ns}/")
        .replace(names.namespace(), "{ns}")
        // moto's random part of an ElastiCache endpoint, the time in an automated snapshot's name
        .replaceAll("\\.[a-z0-9]{6}\\.use1\\.", ".{random}.use1.").replaceAll("\\d{4}(-\\d{2}){4}", "{time}");
    List<String> out = new ArrayList<>();

    aws.secrets.listSecrets(r -> r.includePlannedDeletion(true)).secretList().forEach(s -> out.add(norm.apply(
        "secret " + s.name() + (s.deletedDate() != null ? " (scheduled for deletion)" : "") + " versions="
            + aws.secrets.listSecretVersionIds(r -> r.secretId(s.arn()).includeDeprecated(true)).versions().size()
            + " tags=" + tags(s.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))))));

    List<SecurityGroup> groups = aws.ec2.describeSecurityGroups().securityGroups();
    Map<String, String> groupNames = new HashMap<>();
    groups.forEach(g -> groupNames.put(g.groupId(), g.groupName()));
    groups.stream().filter(g -> !"default".equals(g.groupName())).forEach(g -> out.add(norm.apply("security-group "
        + g.groupName() + " ingress=" + g.ipPermissions().stream().map(p -> rule(p, groupNames)).sorted().toList()
        + " tags=" + tags(g.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))))));

    aws.rds.describeDBSubnetGroups().dbSubnetGroups().forEach(g -> out.add(norm.apply("db-subnet-group "
        + g.dbSubnetGroupName() + " subnets=" + g.subnets().size())));
    aws.rds.describeDBInstances().dbInstances().forEach(d -> out.add(norm.apply("db-instance " + d.dbInstanceIdentifier()
        + " status=" + d.dbInstanceStatus() + " class=" + d.dbInstanceClass() + " tags="
        + tags(d.tagList().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))))));
    aws.rds.describeDBSnapshots().dbSnapshots().forEach(s -> out.add(norm.apply("db-snapshot " + s.dbSnapshotIdentifier()
        + " of " + s.dbInstanceIdentifier() + " type=" + s.snapshotType())));

    aws.elasticache.describeCacheSubnetGroups().cacheSubnetGroups().forEach(g -> out.add(norm.apply(
        "cache-subnet-group " + g.cacheSubnetGroupName())));
    aws.elasticache.describeReplicationGroups().replicationGroups().forEach(g -> out.add(norm.apply(
        "replication-group " + g.replicationGroupId() + " status=" + g.status() + " tls=" + g.transitEncryptionEnabled()
            + " auth=" + g.authTokenEnabled())));

    aws.logs.describeLogGroups().logGroups().forEach(g -> out.add(norm.apply("log-group " + g.logGroupName()
        + " retention=" + g.retentionInDays())));

    for (TaskDefinitionStatus status : List.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE)) {
      aws.ecs.listTaskDefinitions(r -> r.status(status)).taskDefinitionArns().forEach(arn -> out.add(norm.apply(
          "task-definition " + revision(arn) + " " + status)));
    }
    List<String> services = aws.ecs.listServices(r -> r.cluster(AwsEmulator.CLUSTER)).serviceArns();
    if (!services.isEmpty()) {
      aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER).services(services)).services().forEach(s ->
          out.add(norm.apply("service " + s.serviceName() + " status=" + s.status() + " desired=" + s.desiredCount()
              + " revision=" + revision(s.taskDefinition()))));
    }
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      List<String> tasks = aws.ecs.listTasks(r -> r.cluster(AwsEmulator.CLUSTER).desiredStatus(status)).taskArns();
      if (!tasks.isEmpty()) {
        aws.ecs.describeTasks(r -> r.cluster(AwsEmulator.CLUSTER).tasks(tasks)).tasks().stream()
            .filter(t -> t.startedBy() != null && t.startedBy().startsWith("appstack-mig"))
            .forEach(t -> out.add(norm.apply("migration-task " + t.startedBy() + " revision="
                + revision(t.taskDefinitionArn()) + " command="
                + t.overrides().containerOverrides().get(0).command())));
      }
    }
    return new AwsInventory(out.stream().sorted().toList());
  }

  long count(String kind) {
    return lines.stream().filter(l -> l.startsWith(kind + " ")).count();
  }

  /** Lines only in this inventory ("+") or only in {@code expected} ("-"), repeated lines counted. */
  List<String> diff(AwsInventory expected) {
    Map<String, Integer> balance = new TreeMap<>();
    lines.forEach(l -> balance.merge(l, 1, Integer::sum));
    expected.lines.forEach(l -> balance.merge(l, -1, Integer::sum));
    List<String> out = new ArrayList<>();
    balance.forEach((line, n) -> {
      for (int i = 0; i < Math.abs(n); i++) {
        out.add((n > 0 ? "+ " : "- ") + line);
      }
    });
    return out;
  }

  private static String revision(String arn) {
    return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
  }

  private static String rule(IpPermission p, Map<String, String> groupNames) {
    return p.ipProtocol() + ":" + p.fromPort() + "-" + p.toPort() + "<-" + p.userIdGroupPairs().stream()
        .map(u -> groupNames.getOrDefault(u.groupId(), "?")).sorted().toList() + p.ipRanges().stream()
        .map(r -> r.cidrIp()).sorted().toList();
  }

  private static String tags(Map<String, String> tags) {
    return new TreeMap<>(tags).toString();
  }
}
