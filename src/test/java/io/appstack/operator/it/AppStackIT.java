package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The database slice end to end: real kube-apiserver + etcd, moto, the operator in this JVM. */
class AppStackIT extends OperatorTestBase {
  @Test
  void stackReachesReadyWithCredentialsSecretAndDatabaseInAws() throws Exception {
    apply("shop", "Delete");
    AppStack ready = awaitReady("shop");

    assertEquals(ready.getMetadata().getGeneration(), ready.getStatus().observedGeneration, "observedGeneration");
    assertEquals("Ready", ready.getStatus().phase);
    assertEquals("Healthy", ArgoHealth.status(ready), "Argo CD health of a Ready stack");
    assertCondition(ready, "DatabaseReady", "True");
    assertCondition(ready, "Reconciling", "False");
    assertCondition(ready, "Stalled", "False");

    StackNames names = StackNames.of(namespace, "shop");
    DBInstance db = aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier()))
        .dbInstances().get(0);
    assertEquals("db.t3.micro", db.dbInstanceClass());
    assertEquals(20, db.allocatedStorage());
    assertEquals("postgres", db.engine());
    assertEquals(7, db.backupRetentionPeriod());
    assertFalse(db.publiclyAccessible(), "database must not be public");
    assertEquals(names.dbSubnetGroupName(), db.dbSubnetGroup().dbSubnetGroupName());
    assertEquals(Map.of(StackNames.OWNER_TAG, namespace + "/shop", StackNames.MANAGED_BY_TAG, "appstack-operator"),
        tags(db.tagList()));
    assertEquals(names.dbInstanceIdentifier(), ready.getStatus().database.identifier);
    assertEquals(db.endpoint().address(), ready.getStatus().database.endpoint);
    assertEquals(db.endpoint().port(), ready.getStatus().database.port);

    var secret = aws.secrets.describeSecret(r -> r.secretId(names.dbCredentialsSecretName()));
    assertEquals(secret.arn(), ready.getStatus().database.credentialsSecretArn);
    assertEquals(namespace + "/shop", secret.tags().stream()
        .filter(t -> t.key().equals(StackNames.OWNER_TAG)).findFirst().orElseThrow().value());
    String password = new ObjectMapper().readTree(
        aws.secrets.getSecretValue(r -> r.secretId(secret.arn())).secretString()).path("password").asText();
    assertTrue(password.length() >= 32, "generated password is long");

    var groups = aws.ec2.describeSecurityGroups(r -> r.filters(
        Filter.builder().name("group-name").values(names.dbSecurityGroupName()).build())).securityGroups();
    assertEquals(1, groups.size(), "one database security group");
    assertEquals(network.vpcId(), groups.get(0).vpcId());
    assertEquals(List.of(groups.get(0).groupId()), db.vpcSecurityGroups().stream()
        .map(g -> g.vpcSecurityGroupId()).toList());
    var subnetGroup = aws.rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(names.dbSubnetGroupName()))
        .dbSubnetGroups().get(0);
    assertEquals(network.subnetIds().stream().sorted().toList(),
        subnetGroup.subnets().stream().map(s -> s.subnetIdentifier()).sorted().toList());

    String stackJson = Serialization.asJson(stack("shop").get());
    String eventsJson = Serialization.asJson(events());
    assertFalse(stackJson.contains(password), "the password leaked into the AppStack");
    assertFalse(eventsJson.contains(password), "the password leaked into an Event");
    assertTrue(events().stream().anyMatch(e -> "DatabaseCreating".equals(e.getReason())),
        "a Normal event tells that the database is being created: " + reasons());

    String metrics = http("/metrics");
    assertTrue(metrics.contains("appstack_aws_calls_total{") && metrics.contains("operation=\"CreateDBInstance\""),
        "AWS calls are metered by operation");
    assertEquals("ok\n", http("/readyz"));
  }

  @Test
  void changingTheInstanceClassModifiesTheInstanceInPlace() {
    apply("shop", "Delete");
    AppStack ready = awaitReady("shop");
    String arn = aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(ready.getStatus().database.identifier))
        .dbInstances().get(0).dbInstanceArn();

    stack("shop").edit(s -> {
      s.getSpec().database.instanceClass = "db.t3.small";
      s.getSpec().database.backupRetentionDays = 14;
      return s;
    });
    long generation = stack("shop").get().getMetadata().getGeneration();
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      DBInstance db = aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(ready.getStatus().database.identifier))
          .dbInstances().get(0);
      assertEquals("db.t3.small", db.dbInstanceClass());
      assertEquals(14, db.backupRetentionPeriod());
    });
    AppStack after = awaitReady("shop");
    assertEquals(generation, after.getStatus().observedGeneration);
    List<DBInstance> all = aws.rds.describeDBInstances().dbInstances();
    assertEquals(1, all.size(), "modified in place, not replaced");
    assertEquals(arn, all.get(0).dbInstanceArn());
  }

  @Test
  void restartedOperatorFindsWhatItCreatedAndCreatesNothingTwice() {
    apply("shop", "Delete");
    awaitReady("shop");
    operator.close();
    operator = new RunningOperator(kube, moto);
    RunningOperator second = operator;
    await().atMost(READY_TIMEOUT).until(() -> second.calls("Rds", "DescribeDBInstances") >= 2);

    assertEquals(Map.of(), second.mutatingCalls(), "a restarted operator changed nothing in AWS");
    assertEquals(1, aws.rds.describeDBInstances().dbInstances().size());
    assertEquals(1, aws.secrets.listSecrets().secretList().size());
    assertEquals(1, aws.rds.describeDBSubnetGroups().dbSubnetGroups().size());
    StackNames names = StackNames.of(namespace, "shop");
    assertEquals(List.of(names.apiSecurityGroupName(), names.dbSecurityGroupName()),
        aws.ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("vpc-id").values(network.vpcId()).build()))
            .securityGroups().stream().map(g -> g.groupName()).filter(n -> n.startsWith("appstack-")).sorted().toList());
    assertEquals(1, aws.ecs.listServices(r -> r.cluster(AwsEmulator.CLUSTER)).serviceArns().size());
    assertEquals(1, aws.ecs.listTaskDefinitions(r -> r.familyPrefix(names.taskFamily()).status("ACTIVE"))
        .taskDefinitionArns().size(), "no second revision");
    assertCondition(awaitReady("shop"), "Ready", "True");
  }

  @Test
  void deletionPolicyDeleteRemovesInstanceSecretAndNetwork() {
    apply("shop", "Delete");
    awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    stack("shop").delete();
    await().atMost(READY_TIMEOUT).until(() -> stack("shop").get() == null);

    assertGone(() -> aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier())));
    assertGone(() -> aws.secrets.describeSecret(r -> r.secretId(names.dbCredentialsSecretName())));
    assertEquals(0, aws.rds.describeDBSubnetGroups().dbSubnetGroups().size());
    assertEquals(List.of(), manualSnapshots(), "Delete takes no snapshot");
    assertTrue(aws.ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name")
        .values(names.dbSecurityGroupName()).build())).securityGroups().isEmpty());
  }

  @Test
  void deletionPolicySnapshotTakesAFinalSnapshotAndKeepsTheCredentials() {
    apply("shop", "Snapshot");
    AppStack ready = awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    stack("shop").delete();
    await().atMost(READY_TIMEOUT).until(() -> stack("shop").get() == null);

    assertGone(() -> aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier())));
    assertEquals(List.of(names.finalSnapshotIdentifier(ready.getMetadata().getUid())), manualSnapshots(),
        "exactly one final snapshot");
    assertNotNull(aws.secrets.describeSecret(r -> r.secretId(names.dbCredentialsSecretName())).arn(),
        "the credentials of the snapshot are kept");
  }

  @Test
  void deletionPolicyRetainLeavesInstanceAndSecret() {
    apply("shop", "Retain");
    awaitReady("shop");
    StackNames names = StackNames.of(namespace, "shop");
    stack("shop").delete();
    await().atMost(READY_TIMEOUT).until(() -> stack("shop").get() == null);

    assertEquals("available", aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier()))
        .dbInstances().get(0).dbInstanceStatus());
    assertNotNull(aws.secrets.describeSecret(r -> r.secretId(names.dbCredentialsSecretName())).arn());
    assertEquals(List.of(), manualSnapshots(), "Retain takes no snapshot");
  }

  @Test
  void anUntaggedInstanceWithTheStacksNameIsNeverTouched() {
    StackNames names = StackNames.of(namespace, "shop");
    aws.rds.createDBInstance(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier()).engine("postgres")
        .dbInstanceClass("db.t3.large").allocatedStorage(50).masterUsername("someone").masterUserPassword("elsewhere1"));
    apply("shop", "Delete");

    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertNotNull(s.getStatus(), "status written");
      assertCondition(s, "Stalled", "True");
      assertEquals("NotOwned", condition(s, "Stalled").getReason());
      assertCondition(s, "Reconciling", "False");
    });
    assertTrue(events().stream().anyMatch(e -> "Warning".equals(e.getType()) && "NotOwned".equals(e.getReason())),
        "a Warning event names the problem: " + reasons());
    String argo = ArgoHealth.of(stack("shop").get());
    assertTrue(argo.startsWith("Degraded\tNotOwned: "), "Argo CD health of a stalled stack: " + argo);

    stack("shop").delete();
    await().atMost(READY_TIMEOUT).until(() -> stack("shop").get() == null);
    DBInstance db = aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier(names.dbInstanceIdentifier()))
        .dbInstances().get(0);
    assertEquals("db.t3.large", db.dbInstanceClass(), "not modified");
    assertEquals("available", db.dbInstanceStatus(), "not deleted");
  }

  /** Snapshots the operator asked for; RDS's automated backups are not ours. */
  private static List<String> manualSnapshots() {
    return aws.rds.describeDBSnapshots().dbSnapshots().stream().filter(s -> "manual".equals(s.snapshotType()))
        .map(s -> s.dbSnapshotIdentifier()).toList();
  }

  private static Map<String, String> tags(List<Tag> tags) {
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static void assertGone(Runnable describe) {
    try {
      describe.run();
    } catch (DbInstanceNotFoundException | ResourceNotFoundException expected) {
      return;
    }
    throw new AssertionError("still exists in AWS");
  }

  private static String http(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + operator.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
