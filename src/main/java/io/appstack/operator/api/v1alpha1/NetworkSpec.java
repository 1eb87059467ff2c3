package io.appstack.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The existing VPC and private subnets the stack is placed in. */
public class NetworkSpec {
  @Required
  @Pattern("^vpc-[0-9a-f]{8}([0-9a-f]{9})?$")
  @Size(max = 21)
  @JsonPropertyDescription("ID of the existing VPC, e.g. vpc-0abc1234. Cannot be changed.")
  @ValidationRule(value = "self == oldSelf", message = "network.vpcId cannot be changed; create a new AppStack in the other VPC")
  public String vpcId;

  @Required
  @Size(min = 2, max = 16)
  @JsonPropertyDescription("IDs of at least two private subnets in different availability zones, e.g. subnet-0aaa1111.")
  @ValidationRule(value = "self.all(s, self.exists_one(t, t == s))", message = "network.privateSubnetIds must not repeat a subnet")
  public List<@Pattern("^subnet-[0-9a-f]{8}([0-9a-f]{9})?$") @Size(max = 24) String> privateSubnetIds;
}
