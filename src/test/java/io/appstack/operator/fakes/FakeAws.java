package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.naming.StackNames;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fake gateways as one AWS account: the same gateways for every region, one
 * {@link Journal} of what happened, security groups held while an RDS instance, a replication
 * group or an ECS service uses them, and helpers that put resources in place without ownership
 * tags, as someone else's would be.
 */
public final class FakeAws {
  private final Journal journal = new Journal();
  public final FakeRdsGateway rds = new FakeRdsGateway(journal);
  public final FakeSecretsGateway secrets = new FakeSecretsGateway(journal);
  public final FakeEcsGateway ecs;
  public final FakeLogsGateway logs = new FakeLogsGateway(journal);
  public final FakeElastiCacheGateway elasticache = new FakeElastiCacheGateway(journal);
  public final FakeEc2Gateway ec2;
  public final FakeLoadBalancerGateway elb;
  private final AwsGateways gateways;
  private final List<String> regionsAsked = new ArrayList<>();

  /** An account whose clock stands at 2025-03-01T10:00:00Z. */
  public FakeAws() {
    this(Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
  }

  /** @param clock the time ECS gives its tasks */
  public FakeAws(Clock clock) {
    ecs = new FakeEcsGateway(journal, clock);
    ec2 = new FakeEc2Gateway(journal,
        id -> rds.usesSecurityGroup(id) || elasticache.usesSecurityGroup(id) || ecs.usesSecurityGroup(id));
    elb = new FakeLoadBalancerGateway(journal, tg -> ecs.services().stream()
        .filter(s -> "ACTIVE".equals(s.status()) && s.targetGroupArns().contains(tg))
        .mapToInt(s -> s.runningCount()).sum());
    gateways = new AwsGateways(rds, secrets, ec2, ecs, logs, elasticache, elb);
  }

  public AwsGateways gateways() {
    return gateways;
  }

  public Journal journal() {
    return journal;
  }

  /** Hands out the same gateways for every region and remembers which regions were asked for. */
  public AwsGateways.Factory factory() {
    return region -> {
      synchronized (regionsAsked) {
        regionsAsked.add(region);
      }
      return gateways;
    };
  }

  public List<String> regionsAsked() {
    synchronized (regionsAsked) {
      return List.copyOf(regionsAsked);
    }
  }

  /** AWS finishes whatever it was doing, in every service. */
  public void finishPending() {
    rds.finishPending();
    elasticache.finishPending();
    ecs.finishPending();
  }

  private List<FakeGateway> all() {
    return List.of(rds, secrets, ec2, ecs, logs, elasticache, elb);
  }

  /** Every call that changes AWS made to any gateway, summed; reads are left out. */
  public int mutatingCalls() {
    return all().stream().mapToInt(FakeGateway::mutatingCalls).sum();
  }

  /** The calls of every gateway, for failure messages. */
  public String describeCalls() {
    return "rds=" + rds.calls() + " secrets=" + secrets.calls() + " ec2=" + ec2.calls() + " ecs=" + ecs.calls()
        + " logs=" + logs.calls() + " elasticache=" + elasticache.calls() + " elb=" + elb.calls();
  }

  /**
   * Everything in the account tagged as the stack's, as "kind name" lines: what a teardown must
   * leave empty (or only what a deletion policy keeps). Task definitions count while ACTIVE,
   * services until they are gone, one-off tasks until they are stopped.
   */
  public TreeSet<String> ownedBy(StackNames names) {
    TreeSet<String> owned = new TreeSet<>();
    ec2.groups().stream().filter(g -> names.ownedBy(g.tags())).forEach(g -> owned.add("security-group " + g.name()));
    secrets.secrets().stream().filter(s -> names.ownedBy(s.tags())).forEach(s -> owned.add("secret " + s.name()));
    rds.instanceIdentifiers().stream().filter(id -> names.ownedBy(rds.instance(id).orElseThrow().tags()))
        .forEach(id -> owned.add("db-instance " + id));
    rds.subnetGroupNames().stream().filter(n -> names.ownedBy(rds.subnetGroup(n).orElseThrow().tags()))
        .forEach(n -> owned.add("db-subnet-group " + n));
    elasticache.groupIds().stream().filter(id -> names.ownedBy(elasticache.group(id).orElseThrow().tags()))
        .forEach(id -> owned.add("replication-group " + id));
    elasticache.subnetGroupNames().stream()
        .filter(n -> names.ownedBy(elasticache.subnetGroup(n).orElseThrow().tags()))
        .forEach(n -> owned.add("cache-subnet-group " + n));
    logs.groups().stream().filter(g -> names.ownedBy(g.tags())).forEach(g -> owned.add("log-group " + g.name()));
    ecs.services().stream().filter(s -> names.ownedBy(s.tags())).forEach(s -> owned.add("service " + s.name()));
    ecs.activeRevisionsOf(names.taskFamily()).stream()
        .filter(arn -> names.ownedBy(ecs.revision(arn).orElseThrow().tags()))
        .forEach(arn -> owned.add("task-definition " + arn.substring(arn.lastIndexOf('/') + 1)));
    ecs.runningTaskRequests().stream().filter(t -> names.ownedBy(t.task().tags()))
        .forEach(t -> owned.add("task " + t.task().startedBy()));
    return owned;
  }

  /** An available RDS instance with the stack's identifier but no tags. */
  public void untaggedInstance(StackNames names) {
    String sg = ec2.put("vpc-0ffe0000", "someone-elses-db", Map.of());
    rds.seedSubnetGroup("someone-elses-subnets", List.of("subnet-0ccc3333", "subnet-0ddd4444"), Map.of());
    rds.seedInstance(new DbInstanceSpec(names.dbInstanceIdentifier(), "postgres", "15.7", "db.m5.large", 100, "gp2",
        true, 1, false, "someone-elses-subnets", List.of(sg), "legacy", "admin", Map.of("team", "legacy")),
        "available");
  }

  /** A secret with the stack's credentials secret name but no ownership tags; returns its ARN. */
  public String untaggedSecret(StackNames names, String value) {
    return secrets.put(names.dbCredentialsSecretName(), value, Map.of("team", "legacy"));
  }

  /** A security group with the stack's database group name in the VPC but no ownership tags; returns its id. */
  public String untaggedSecurityGroup(StackNames names, String vpcId) {
    return ec2.put(vpcId, names.dbSecurityGroupName(), Map.of("team", "legacy"));
  }

  /** A log group with the stack's log group name but no ownership tags. */
  public void untaggedLogGroup(StackNames names) {
    logs.put(names.logGroupName(), 7, Map.of("team", "legacy"));
  }
}
