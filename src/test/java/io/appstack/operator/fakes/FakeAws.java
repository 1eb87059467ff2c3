package io.appstack.operator.fakes;

import io.appstack.operator.aws.AwsGateways;
import io.appstack.operator.aws.rds.RdsGateway.DbInstanceSpec;
import io.appstack.operator.naming.StackNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three fake gateways as one AWS account: the same gateways for every region, the security
 * group held while an RDS instance uses it, and helpers that put resources in place without
 * ownership tags, as someone else's would be.
 */
public final class FakeAws {
  public final FakeRdsGateway rds = new FakeRdsGateway();
  public final FakeSecretsGateway secrets = new FakeSecretsGateway();
  public final FakeEc2Gateway ec2 = new FakeEc2Gateway(rds::usesSecurityGroup);
  private final AwsGateways gateways = new AwsGateways(rds, secrets, ec2);
  private final List<String> regionsAsked = new ArrayList<>();

  public AwsGateways gateways() {
    return gateways;
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

  /** AWS finishes whatever it was doing. */
  public void finishPending() {
    rds.finishPending();
  }

  /** Every mutating call made to any gateway, summed; reads are left out. */
  public int mutatingCalls() {
    return rds.calls("createInstance") + rds.calls("modifyInstance") + rds.calls("deleteInstance")
        + rds.calls("createSubnetGroup") + rds.calls("modifySubnetGroup") + rds.calls("deleteSubnetGroup")
        + secrets.calls("create") + secrets.calls("restore") + secrets.calls("deleteNow")
        + ec2.calls("createSecurityGroup") + ec2.calls("deleteSecurityGroup");
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

  /** A security group with the stack's group name in the VPC but no ownership tags; returns its id. */
  public String untaggedSecurityGroup(StackNames names, String vpcId) {
    return ec2.put(vpcId, names.dbSecurityGroupName(), Map.of("team", "legacy"));
  }
}
