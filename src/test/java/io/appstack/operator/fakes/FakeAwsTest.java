package io.appstack.operator.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.aws.ecs.EcsGateway.Container;
import io.appstack.operator.aws.ecs.EcsGateway.LogConfig;
import io.appstack.operator.aws.ecs.EcsGateway.ServiceSpec;
import io.appstack.operator.aws.ecs.EcsGateway.TaskDefinition;
import io.appstack.operator.aws.ecs.EcsGateway.LoadBalancer;
import io.appstack.operator.aws.ecs.EcsGateway.OneOffTask;
import io.appstack.operator.aws.elasticache.ElastiCacheGateway.ReplicationGroupSpec;
import io.appstack.operator.aws.elb.LoadBalancerGateway.TargetHealth;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.aws.rds.RdsGateway.DbModification;
import io.appstack.operator.naming.StackNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fakes as one account: shared finishing, security groups held across services, call totals. */
class FakeAwsTest {
  private static final String VPC = "vpc-1";
  private final FakeAws aws = new FakeAws();

  private static TaskDefinition definition() {
    return new TaskDefinition("shop-api", "256", "512", "arn:aws:iam::123456789012:role/exec", null,
        List.of(new Container("api", "img:1", true, List.of(3000), Map.of(), Map.of(), List.of(),
            new LogConfig("/a", "us-east-1", "api"))), Map.of());
  }

  @Test
  void factoryHandsOutTheSameGatewaysForEveryRegion() {
    assertSame(aws.factory().forRegion("us-east-1"), aws.factory().forRegion("eu-west-1"));
    assertSame(aws.rds, aws.gateways().rds());
    assertSame(aws.ecs, aws.gateways().ecs());
    assertSame(aws.logs, aws.gateways().logs());
    assertSame(aws.elasticache, aws.gateways().elasticache());
    assertSame(aws.elb, aws.gateways().elb());
    assertEquals(List.of("us-east-1", "eu-west-1"), aws.regionsAsked());
  }

  @Test
  void finishPendingFinishesEveryService() {
    aws.rds.createSubnetGroup("s", "d", List.of("subnet-a"), Map.of());
    aws.rds.createInstance(new DbInstanceSpec("db1", "postgres", "16", "db.t3.micro", 20, "gp3", false, 7, false, "s",
        List.of("sg-1"), "shop", "appstack", Map.of()), "password-123");
    aws.elasticache.createSubnetGroup("c", "d", List.of("subnet-a"), Map.of());
    aws.elasticache.createReplicationGroup(new ReplicationGroupSpec("shop", "d", "cache.t3.micro", 0, "c",
        List.of("sg-2"), Map.of()), "t".repeat(32));
    String td = aws.ecs.registerTaskDefinition(definition());
    aws.ecs.createService(new ServiceSpec("default", "shop-api", td, 1, List.of("subnet-a"), List.of("sg-3"),
        Optional.empty(), Map.of()), "t");
    aws.finishPending();
    assertEquals("available", aws.rds.instance("db1").orElseThrow().status());
    assertEquals("available", aws.elasticache.group("shop").orElseThrow().status());
    assertEquals("COMPLETED", aws.ecs.service("default", "shop-api").orElseThrow().primary().orElseThrow()
        .rolloutState());
  }

  @Test
  void securityGroupIsHeldByAnInstanceACacheOrAService() {
    String db = aws.ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    String cache = aws.ec2.createSecurityGroup(VPC, "cache", "d", Map.of());
    String api = aws.ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    aws.rds.createSubnetGroup("s", "d", List.of("subnet-a"), Map.of());
    aws.rds.createInstance(new DbInstanceSpec("db1", "postgres", "16", "db.t3.micro", 20, "gp3", false, 7, false, "s",
        List.of(db), "shop", "appstack", Map.of()), "password-123");
    aws.elasticache.createSubnetGroup("c", "d", List.of("subnet-a"), Map.of());
    aws.elasticache.createReplicationGroup(new ReplicationGroupSpec("shop", "d", "cache.t3.micro", 0, "c",
        List.of(cache), Map.of()), "t".repeat(32));
    String td = aws.ecs.registerTaskDefinition(definition());
    aws.ecs.createService(new ServiceSpec("default", "shop-api", td, 1, List.of("subnet-a"), List.of(api),
        Optional.empty(), Map.of()), "t");
    aws.finishPending();
    assertFalse(aws.ec2.deleteSecurityGroup(db), "the instance holds it");
    assertFalse(aws.ec2.deleteSecurityGroup(cache), "the replication group holds it");
    assertFalse(aws.ec2.deleteSecurityGroup(api), "the service's tasks hold it");
    aws.rds.deleteInstance("db1", Optional.empty());
    aws.elasticache.deleteReplicationGroup("shop");
    aws.ecs.deleteService("default", "shop-api");
    aws.finishPending();
    assertTrue(aws.ec2.deleteSecurityGroup(db));
    assertTrue(aws.ec2.deleteSecurityGroup(cache));
    assertTrue(aws.ec2.deleteSecurityGroup(api));
  }

  @Test
  void mutatingCallsCountEveryChangeInEveryServiceAndNoRead() {
    int changes = 0;
    String sg = aws.ec2.createSecurityGroup(VPC, "db", "d", Map.of());
    String api = aws.ec2.createSecurityGroup(VPC, "api", "d", Map.of());
    aws.ec2.allowFromGroup(sg, 5432, api);
    aws.ec2.revokeFromGroup(sg, 5432, api);
    changes += 4;
    var secret = aws.secrets.create("s", "d", "v", Map.of());
    aws.secrets.putValue(secret.arn(), "v2", Map.of());
    aws.secrets.restore(secret.arn());
    changes += 3;
    aws.rds.createSubnetGroup("s", "d", List.of("subnet-a"), Map.of());
    aws.rds.modifySubnetGroup("s", List.of("subnet-a", "subnet-b"));
    aws.rds.createInstance(new DbInstanceSpec("db1", "postgres", "16", "db.t3.micro", 20, "gp3", false, 7, false, "s",
        List.of(sg), "shop", "appstack", Map.of()), "password-123");
    aws.finishPending();
    aws.rds.modifyInstance("db1", new DbModification("db.t3.small", null, false, null, null, null, null, null, null));
    aws.finishPending();
    aws.rds.deleteInstance("db1", Optional.empty());
    aws.finishPending();
    aws.rds.deleteSubnetGroup("s");
    changes += 6;
    aws.logs.createLogGroup("/a", Map.of());
    aws.logs.setRetention("/a", 30);
    aws.logs.deleteLogGroup("/a");
    changes += 3;
    aws.elasticache.createSubnetGroup("c", "d", List.of("subnet-a"), Map.of());
    aws.elasticache.createReplicationGroup(new ReplicationGroupSpec("shop", "d", "cache.t3.micro", 0, "c",
        List.of(sg), Map.of()), "t".repeat(32));
    aws.finishPending();
    aws.elasticache.deleteReplicationGroup("shop");
    aws.finishPending();
    aws.elasticache.deleteSubnetGroup("c");
    changes += 4;
    String td = aws.ecs.registerTaskDefinition(definition());
    aws.ecs.createService(new ServiceSpec("default", "shop-api", td, 1, List.of("subnet-a"), List.of(api),
        Optional.empty(), Map.of()), "t");
    aws.ecs.updateService("default", "shop-api", null, 2, false);
    aws.ecs.deleteService("default", "shop-api");
    aws.ecs.deregisterTaskDefinition(td);
    changes += 5;
    aws.secrets.deleteNow(secret.arn());
    aws.ec2.deleteSecurityGroup(sg);
    changes += 2;
    int before = aws.mutatingCalls();
    aws.ec2.findSecurityGroup(VPC, "api");
    aws.secrets.find("s");
    aws.rds.findInstance("db1");
    aws.rds.findSubnetGroup("s");
    aws.logs.findLogGroup("/a");
    aws.elasticache.findReplicationGroup("shop");
    aws.elasticache.findSubnetGroup("c");
    aws.ecs.findService("default", "shop-api");
    aws.ecs.activeRevisions("shop-api");
    aws.ecs.describeTaskDefinition(td);
    assertEquals(changes, before, aws.describeCalls());
    assertEquals(before, aws.mutatingCalls(), "reads are not changes: " + aws.describeCalls());
  }

  @Test
  void ownedByListsOnlyTheStacksResources() {
    StackNames names = StackNames.of("staging", "shop");
    aws.ec2.createSecurityGroup(VPC, names.apiSecurityGroupName(), "d", names.tags());
    aws.ec2.createSecurityGroup(VPC, "someone-elses", "d", Map.of());
    aws.logs.createLogGroup(names.logGroupName(), names.tags());
    aws.secrets.create(names.dbCredentialsSecretName(), "d", "v", names.tags());
    assertEquals(List.of("log-group " + names.logGroupName(), "secret " + names.dbCredentialsSecretName(),
        "security-group " + names.apiSecurityGroupName()), List.copyOf(aws.ownedBy(names)));
  }

  @Test
  void targetGroupListsTheRunningTasksOfItsServiceHealthyUnlessToldOtherwise() {
    String tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/1";
    String td = aws.ecs.registerTaskDefinition(definition());
    aws.ecs.createService(new ServiceSpec("default", "shop-api", td, 2, List.of("subnet-a"), List.of("sg-3"),
        Optional.of(new LoadBalancer(tg, "api", 3000)), Map.of()), "t");
    assertEquals(List.of(), aws.elb.targetHealth(tg), "no task runs yet");
    aws.finishPending();
    assertEquals(List.of("healthy", "healthy"), aws.elb.targetHealth(tg).stream().map(TargetHealth::state).toList());
    aws.elb.targetsAre(tg, "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]");
    assertEquals(List.of("Target.ResponseCodeMismatch", "Target.ResponseCodeMismatch"),
        aws.elb.targetHealth(tg).stream().map(TargetHealth::reason).toList());
    aws.elb.targetsHealthy(tg);
    assertEquals("healthy", aws.elb.targetHealth(tg).get(0).state());
  }

  @Test
  void runningTaskOfTheStackIsOwnedUntilItStops() {
    StackNames names = StackNames.of("staging", "shop");
    String td = aws.ecs.registerTaskDefinition(definition());
    aws.ecs.runTask(new OneOffTask("default", td, "api", List.of("migrate"), List.of("subnet-a"), List.of("sg-3"),
        "marker-1", names.tags()), "marker-1");
    assertTrue(aws.ownedBy(names).contains("task marker-1"), aws.ownedBy(names).toString());
    aws.ecs.settleTasks();
    assertFalse(aws.ownedBy(names).contains("task marker-1"), aws.ownedBy(names).toString());
  }
}
