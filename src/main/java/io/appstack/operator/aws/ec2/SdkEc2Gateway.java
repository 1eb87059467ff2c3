package io.appstack.operator.aws.ec2;

import static io.appstack.operator.aws.AwsCall.call;

import io.appstack.operator.aws.AwsFailure;
import io.appstack.operator.aws.ec2.Ec2Gateway.GroupRule;
import io.appstack.operator.aws.ec2.Ec2Gateway.OtherRule;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** {@link Ec2Gateway} on the AWS SDK. */
public final class SdkEc2Gateway implements Ec2Gateway {
  /** EC2 takes up to 200 values in one filter. */
  private static final int NAMES_PER_CALL = 200;
  private static final String SERVICE = "ec2";
  private final Ec2Client ec2;

  public SdkEc2Gateway(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public Optional<SecurityGroup> findSecurityGroup(String vpcId, String groupName) {
    return call(SERVICE, () -> ec2.describeSecurityGroups(r -> r.filters(
            Filter.builder().name("vpc-id").values(vpcId).build(),
            Filter.builder().name("group-name").values(groupName).build())))
        .securityGroups().stream().findFirst()
        .map(SdkEc2Gateway::toGroup);
  }

  @Override
  public String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags) {
    return call(SERVICE, () -> ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(groupName)
        .description(description)
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
            .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
            .build())))
        .groupId();
  }

  @Override
  public java.util.List<SecurityGroup> findManagedSecurityGroups(java.util.List<String> namePatterns) {
    return call(SERVICE, () -> {
      java.util.List<SecurityGroup> all = new java.util.ArrayList<>();
      for (int i = 0; i < namePatterns.size(); i += NAMES_PER_CALL) {
        java.util.List<String> batch = namePatterns.subList(i, Math.min(namePatterns.size(), i + NAMES_PER_CALL));
        ec2.describeSecurityGroupsPaginator(r -> r.maxResults(1000).filters(
            Filter.builder().name("group-name").values(batch).build(),
            Filter.builder().name("tag:" + io.appstack.operator.naming.StackNames.MANAGED_BY_TAG)
                .values(io.appstack.operator.naming.StackNames.MANAGED_BY).build()))
            .forEach(page -> page.securityGroups().forEach(g -> all.add(toGroup(g))));
      }
      return all;
    });
  }

  private static SecurityGroup toGroup(software.amazon.awssdk.services.ec2.model.SecurityGroup g) {
    java.util.List<GroupRule> groupRules = new java.util.ArrayList<>();
    java.util.List<OtherRule> others = new java.util.ArrayList<>();
    for (IpPermission p : g.ipPermissions()) {
      boolean singleTcpPort = "tcp".equals(p.ipProtocol()) && p.fromPort() != null && p.fromPort().equals(p.toPort());
      for (UserIdGroupPair u : p.userIdGroupPairs()) {
        if (singleTcpPort) {
          groupRules.add(new GroupRule(p.fromPort(), u.groupId()));
        } else {
          others.add(new OtherRule(p.ipProtocol(), p.fromPort(), p.toPort(), u.groupId()));
        }
      }
      p.ipRanges().forEach(r -> others.add(new OtherRule(p.ipProtocol(), p.fromPort(), p.toPort(), r.cidrIp())));
      p.ipv6Ranges().forEach(r -> others.add(new OtherRule(p.ipProtocol(), p.fromPort(), p.toPort(), r.cidrIpv6())));
      p.prefixListIds().forEach(r -> others.add(new OtherRule(p.ipProtocol(), p.fromPort(), p.toPort(), r.prefixListId())));
    }
    return new SecurityGroup(g.groupId(), g.groupName(), g.vpcId(),
        g.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)), groupRules, others);
  }

  @Override
  public void revokeIngress(String groupId, OtherRule rule) {
    IpPermission.Builder p = IpPermission.builder().ipProtocol(rule.protocol()).fromPort(rule.fromPort())
        .toPort(rule.toPort());
    String source = rule.source();
    if (source.startsWith("sg-")) {
      p.userIdGroupPairs(UserIdGroupPair.builder().groupId(source).build());
    } else if (source.startsWith("pl-")) {
      p.prefixListIds(software.amazon.awssdk.services.ec2.model.PrefixListId.builder().prefixListId(source).build());
    } else if (source.contains(":")) {
      p.ipv6Ranges(software.amazon.awssdk.services.ec2.model.Ipv6Range.builder().cidrIpv6(source).build());
    } else {
      p.ipRanges(software.amazon.awssdk.services.ec2.model.IpRange.builder().cidrIp(source).build());
    }
    try {
      call(SERVICE, () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p.build())));
    } catch (AwsFailure e) {
      if (!"InvalidPermission.NotFound".equals(e.code())) {
        throw e;
      }
    }
  }

  @Override
  public void allowFromGroup(String groupId, int port, String sourceGroupId) {
    try {
      call(SERVICE, () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(rule(port, sourceGroupId))));
    } catch (AwsFailure e) {
      if (!"InvalidPermission.Duplicate".equals(e.code())) {
        throw e;
      }
    }
  }

  @Override
  public void revokeFromGroup(String groupId, int port, String sourceGroupId) {
    try {
      call(SERVICE, () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(rule(port, sourceGroupId))));
    } catch (AwsFailure e) {
      if (!"InvalidPermission.NotFound".equals(e.code())) {
        throw e;
      }
    }
  }

  private static IpPermission rule(int port, String sourceGroupId) {
    return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
        .userIdGroupPairs(UserIdGroupPair.builder().groupId(sourceGroupId).description("from the API tasks").build())
        .build();
  }

  @Override
  public boolean deleteSecurityGroup(String groupId) {
    try {
      call(SERVICE, () -> ec2.deleteSecurityGroup(r -> r.groupId(groupId)));
      return true;
    } catch (AwsFailure e) {
      if ("DependencyViolation".equals(e.code())) {
        return false;  // RDS network interfaces linger for minutes after the instance is gone
      }
      if ("InvalidGroup.NotFound".equals(e.code())) {
        return true;
      }
      throw e;
    }
  }
}
