package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.AppStackOperator;
import io.appstack.operator.naming.StackNames;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election: one holds the Lease and reconciles; when it stops, the other
 * takes over and carries on, and nothing in AWS is done twice.
 */
class LeaderElectionIT extends OperatorTestBase {
  private static final String LEASE_NAMESPACE = "appstack-system";

  @Test
  void theStandbyTakesOverWhenTheLeaderStops() {
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(LEASE_NAMESPACE).endMetadata().build())
        .serverSideApply();
    operator.close();
    RunningOperator a = new RunningOperator(kube, moto, Optional.of(LEASE_NAMESPACE));
    RunningOperator b = new RunningOperator(kube, moto, Optional.of(LEASE_NAMESPACE));
    try {
      apply("shop", "Delete");
      awaitReady("shop");
      String holder = holder();
      RunningOperator leader = holder.equals(a.identity()) ? a : b;
      RunningOperator standby = leader == a ? b : a;
      assertTrue(holder.equals(leader.identity()), "the Lease names one of the two replicas: " + holder);
      assertEquals(Map.of(), standby.mutatingCalls(), "the standby changed nothing in AWS");

      leader.close();
      long stopped = System.nanoTime();
      stack("shop").edit(s -> {
        s.getSpec().api.replicas = 3;
        return s;
      });
      StackNames names = StackNames.of(namespace, "shop");
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
          aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER).services(names.serviceName())).services().get(0)
              .desiredCount() == 3);
      long failoverMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
      System.out.printf("leader failover: the standby acted %d ms after the leader stopped%n", failoverMillis);
      assertEquals(standby.identity(), holder(), "the standby holds the Lease");
      assertTrue(failoverMillis < 15_000, "took over within 15 s: " + failoverMillis + " ms");
      awaitReady("shop");
      assertEquals(1, aws.rds.describeDBInstances().dbInstances().size(), "one database, not two");
      assertEquals(1.0, standby.calls("Ecs", "UpdateService"), "the scale-out was done once");
      operator = standby;
    } finally {
      if (operator != a && operator != b) {
        a.close();
        b.close();
        operator = new RunningOperator(kube, moto);
      }
    }
  }

  private static String holder() {
    Lease lease = kube.leases().inNamespace(LEASE_NAMESPACE).withName(AppStackOperator.LEASE).get();
    return lease == null || lease.getSpec() == null ? "" : String.valueOf(lease.getSpec().getHolderIdentity());
  }
}
