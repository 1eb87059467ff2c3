#!/usr/bin/env python3
"""moto_server with a few patches that make moto 5.2.5 behave like real AWS where the operator relies on it.

Start it exactly like moto_server:   python hack/moto_launcher.py -H 127.0.0.1 -p PORT
Check the patches against a throw-away server:   python hack/moto_launcher.py --self-test

The operator is written against real AWS; when moto differs, the gap is closed here, in the test rig,
never in the operator. Every patch is applied at class level (model / backend / response classes), so it
holds for every account and region, survives POST /moto-api/reset, and does not need the backends to be
loaded first. Per-resource state lives on the moto model objects themselves, so a reset forgets it too.

Environment:
  MOTO_ECS_ROLLOUT=IN_PROGRESS   freeze ECS deployments mid-rollout (new PRIMARY IN_PROGRESS with 0 running,
                                 previous deployments ACTIVE) instead of letting them settle; default: settle.
  MOTO_ELASTICACHE_DELETE_SECONDS  a replication group in "deleting" disappears after one DescribeReplicationGroups
                                 has shown it, or after this many seconds (default 10), whichever comes first.
"""
import copy
import os
import sys
import time

from moto.core.exceptions import ServiceException
from moto.core.responses import EmptyResult
from moto.core.utils import utcnow
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.elasticache.exceptions import CacheSubnetGroupNotFound
from moto.elasticache.models import ElastiCacheBackend
from moto.elasticache.responses import ElastiCacheResponse
from moto.moto_api._internal import mock_random


def _wrap(cls, name):
    """Decorator: replace cls.name with fn(original, *args)."""
    original = getattr(cls, name)

    def decorate(fn):
        def patched(*args, **kwargs):
            return fn(original, *args, **kwargs)
        patched.__name__ = name
        setattr(cls, name, patched)
        return fn
    return decorate


# ---------------------------------------------------------------------------------------------------------------
# ElastiCache
# ---------------------------------------------------------------------------------------------------------------
# 1. DeleteReplicationGroup: moto marks the group "deleting" and keeps it forever; AWS removes it after a few
#    minutes, after which DescribeReplicationGroups answers ReplicationGroupNotFoundFault. Here the group is shown
#    as "deleting" by exactly one DescribeReplicationGroups (so a client can observe the transition) and is gone
#    for every later replication-group or subnet-group call; if no describe ever shows it, it is gone after
#    MOTO_ELASTICACHE_DELETE_SECONDS (so a subnet group can still be deleted by a client that does not poll).
# 2. ModifyReplicationGroup works in moto but applies a node-type change silently with status "available"; AWS
#    shows "modifying" while it scales. Here a CacheNodeType change shows "modifying" for one describe, then
#    "available" with the new type. (ApplyImmediately=false is still applied at once, as moto does.)

def _reap(backend):
    """Finish transitions that a describe has already shown (or that have waited long enough)."""
    grace = float(os.environ.get("MOTO_ELASTICACHE_DELETE_SECONDS", "10"))
    for rg_id, rg in list(backend.replication_groups.items()):
        shown = getattr(rg, "_launcher_shown", False)
        if rg.status == "deleting" and (shown or time.monotonic() - rg._launcher_since > grace):
            del backend.replication_groups[rg_id]
            backend.tagging_service.delete_all_tags_for_resource(rg.arn)  # AWS drops the tags with the group
        elif rg.status == "modifying" and shown:
            rg.status = "available"


def _transition(rg, status):
    rg.status, rg._launcher_shown, rg._launcher_since = status, False, time.monotonic()


@_wrap(ElastiCacheBackend, "describe_replication_groups")
def _describe_replication_groups(original, self, *args, **kwargs):
    _reap(self)
    groups = original(self, *args, **kwargs)
    for rg in groups:
        rg._launcher_shown = True
    return groups


@_wrap(ElastiCacheBackend, "delete_replication_group")
def _delete_replication_group(original, self, *args, **kwargs):
    _reap(self)
    rg = original(self, *args, **kwargs)
    _transition(rg, "deleting")
    return rg


@_wrap(ElastiCacheBackend, "create_replication_group")
def _create_replication_group(original, self, *args, **kwargs):
    _reap(self)  # a finished deletion frees the id, as in AWS
    return original(self, *args, **kwargs)


@_wrap(ElastiCacheBackend, "modify_replication_group")
def _modify_replication_group(original, self, replication_group_id, *args, **kwargs):
    _reap(self)
    before = self.replication_groups[replication_group_id].cache_node_type \
        if replication_group_id in self.replication_groups else None
    rg = original(self, replication_group_id, *args, **kwargs)
    if rg.cache_node_type != before:
        _transition(rg, "modifying")
    return rg


# 3. DeleteCacheSubnetGroup is not implemented in moto 5.2.5 at all (HTTP 500 NotImplementedError), so a stack
#    could never be torn down. AWS deletes it, answers CacheSubnetGroupNotFoundFault for an unknown name and
#    CacheSubnetGroupInUse while a replication group or cache cluster (even one still deleting) uses it.
class CacheSubnetGroupInUse(ServiceException):
    code = "CacheSubnetGroupInUse"


def _delete_cache_subnet_group(self, cache_subnet_group_name):
    _reap(self)
    if cache_subnet_group_name not in self.cache_subnet_groups:
        raise CacheSubnetGroupNotFound(cache_subnet_group_name)
    users = list(self.replication_groups.values()) + list(self.cache_clusters.values())
    if any(getattr(u, "cache_subnet_group_name", None) == cache_subnet_group_name for u in users):
        raise CacheSubnetGroupInUse(f"Cache subnet group {cache_subnet_group_name} is currently in use by a cache cluster.")
    group = self.cache_subnet_groups.pop(cache_subnet_group_name)
    self.tagging_service.delete_all_tags_for_resource(group.arn)


ElastiCacheBackend.delete_cache_subnet_group = _delete_cache_subnet_group
ElastiCacheResponse.delete_cache_subnet_group = lambda self: (
    self.elasticache_backend.delete_cache_subnet_group(self._get_param("CacheSubnetGroupName")), EmptyResult())[1]


# ---------------------------------------------------------------------------------------------------------------
# ECS
# ---------------------------------------------------------------------------------------------------------------
# 4. UpdateService: AWS starts a new PRIMARY deployment when the task definition (or network configuration or
#    platform version) changes or forceNewDeployment is set; the old deployment turns ACTIVE, drains and vanishes,
#    and the new one goes IN_PROGRESS -> COMPLETED. moto keeps the single old deployment with the old task
#    definition, stores the task definition as given ("family:2") instead of its ARN, and never updates the
#    deployment's desiredCount. Here UpdateService answers like AWS does right after the call (new PRIMARY
#    IN_PROGRESS, old ones ACTIVE); the next DescribeServices sees the service settled (see 5).
# 5. Settling: AWS services converge to runningCount == desiredCount with the PRIMARY deployment COMPLETED and the
#    older deployments gone. moto needs MOTO_ECS_SERVICE_RUNNING (one fixed number for every service). Here every
#    DescribeServices settles ACTIVE services, unless MOTO_ECS_ROLLOUT=IN_PROGRESS freezes them mid-rollout.
# 6. deploymentConfiguration: moto's CreateService drops it (DescribeServices returns none) and UpdateService
#    replaces it wholesale; AWS returns it with defaults filled in (maximumPercent 200, minimumHealthyPercent 100,
#    circuit breaker off), and an update changes only the fields given.
# 7. DeleteService: AWS scales the service to 0 and ListServices no longer returns it once INACTIVE; moto keeps
#    desired/running counts and keeps listing it.
_DEFAULT_DEPLOYMENT_CONFIGURATION = {
    "deploymentCircuitBreaker": {"enable": False, "rollback": False},
    "maximumPercent": 200,
    "minimumHealthyPercent": 100,
}


def _settles():
    return os.environ.get("MOTO_ECS_ROLLOUT", "").upper() != "IN_PROGRESS"


def _recount(svc):
    svc.running_count = sum(d.get("runningCount") or 0 for d in svc.deployments)
    svc.pending_count = sum(d.get("pendingCount") or 0 for d in svc.deployments)


@_wrap(EC2ContainerServiceResponse, "create_service")
def _create_service_response(original, self):
    result = original(self)
    svc = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("serviceName"))
    svc.deployment_configuration = {**copy.deepcopy(_DEFAULT_DEPLOYMENT_CONFIGURATION),
                                    **(self._get_param("deploymentConfiguration") or {})}
    return result


@_wrap(EC2ContainerServiceBackend, "update_service")
def _update_service(original, self, service_properties):
    props = dict(service_properties)
    force = props.pop("force_new_deployment", False) in (True, "true", "True")  # moto's own handling only re-ids
    svc = self._get_service(props.get("cluster") or "default", props["service"].split("/")[-1])
    before = (svc.task_definition, copy.deepcopy(svc.network_configuration), svc.platform_version)
    old_dc = getattr(svc, "deployment_configuration", None) or _DEFAULT_DEPLOYMENT_CONFIGURATION
    svc = original(self, dict(props))  # moto pops keys from the dict it gets
    if props.get("task_definition"):
        svc.task_definition = self.describe_task_definition(props["task_definition"]).arn
    if props.get("deployment_configuration") is not None:
        svc.deployment_configuration = {**copy.deepcopy(old_dc), **props["deployment_configuration"]}
    if not svc.deployments:  # CODE_DEPLOY / EXTERNAL controllers have no ECS deployments
        return svc
    now = utcnow()
    if force or (svc.task_definition, svc.network_configuration, svc.platform_version) != before:
        dep_id = f"ecs-svc/{mock_random.randint(0, 32**12)}"
        for d in svc.deployments:  # superseded deployments only drain, they launch nothing more
            d.update(status="ACTIVE", pendingCount=0)
        svc.deployments.insert(0, dict(
            svc.deployments[0], id=dep_id, status="PRIMARY", taskDefinition=svc.task_definition,
            desiredCount=svc.desired_count, runningCount=0, pendingCount=svc.desired_count, failedTasks=0,
            rolloutState="IN_PROGRESS", rolloutStateReason=f"ECS deployment {dep_id} in progress.",
            networkConfiguration=svc.network_configuration or None, platformVersion=svc.platform_version,
            createdAt=now, updatedAt=now))
    else:
        primary = svc.deployments[0]
        primary.update(desiredCount=svc.desired_count, updatedAt=now,
                       pendingCount=max(svc.desired_count - (primary.get("runningCount") or 0), 0))
    _recount(svc)
    return svc


@_wrap(EC2ContainerServiceBackend, "describe_services")
def _describe_services(original, self, *args, **kwargs):
    services, failures = original(self, *args, **kwargs)
    for svc in services:
        if _settles() and svc.status == "ACTIVE" and svc.deployments:
            primary = svc.deployments[0]
            if primary.get("rolloutState") != "COMPLETED" or len(svc.deployments) > 1 \
                    or primary.get("runningCount") != svc.desired_count:
                primary.update(desiredCount=svc.desired_count, runningCount=svc.desired_count, pendingCount=0,
                               rolloutState="COMPLETED", updatedAt=utcnow(),
                               rolloutStateReason=f"ECS deployment {primary['id']} completed.")
                svc.deployments = [primary]
            _recount(svc)
    return services, failures


@_wrap(EC2ContainerServiceBackend, "delete_service")
def _delete_service(original, self, *args, **kwargs):
    svc = original(self, *args, **kwargs)
    svc.desired_count = svc.running_count = svc.pending_count = 0
    for d in svc.deployments:
        d.update(desiredCount=0, runningCount=0, pendingCount=0)
    return svc


@_wrap(EC2ContainerServiceBackend, "list_services")
def _list_services(original, self, *args, **kwargs):
    inactive = {s.arn for s in self.services.values() if s.status == "INACTIVE"}
    return [arn for arn in original(self, *args, **kwargs) if arn not in inactive]


# ---------------------------------------------------------------------------------------------------------------
# EC2
# ---------------------------------------------------------------------------------------------------------------
# 8. A rule's Description is not part of its identity in AWS: RevokeSecurityGroupIngress matches a source-group
#    rule without repeating its description, and authorizing the same rule with another description is
#    InvalidPermission.Duplicate. moto compares the whole UserIdGroupPair including Description, so a revoke
#    without it fails with InvalidPermission.NotFound (CIDR rules already ignore descriptions in moto).
_original_rule_eq = SecurityGroupRule.__eq__


def _rule_eq(self, other):
    if not isinstance(other, SecurityGroupRule):
        return NotImplemented
    a, b = copy.copy(self), copy.copy(other)
    a.source_group = {k: v for k, v in (self.source_group or {}).items() if k != "Description"}
    b.source_group = {k: v for k, v in (other.source_group or {}).items() if k != "Description"}
    return _original_rule_eq(a, b)


SecurityGroupRule.__eq__ = _rule_eq


# ---------------------------------------------------------------------------------------------------------------
# Self-test: starts this launcher on a free port, checks every patch with boto3, stops the server.
# ---------------------------------------------------------------------------------------------------------------
def _self_test():
    import socket
    import subprocess
    import boto3
    from botocore.exceptions import ClientError

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={k: v for k, v in os.environ.items() if k != "MOTO_ECS_ROLLOUT"})
    kw = dict(endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
              aws_access_key_id="test", aws_secret_access_key="test")
    ok = True

    def check(name, cond, detail=""):
        nonlocal ok
        ok &= bool(cond)
        print(("PASS " if cond else "FAIL ") + name + (f"  [{detail}]" if detail and not cond else ""))

    def error_code(fn):
        try:
            fn()
            return None
        except ClientError as e:
            return e.response["Error"]["Code"]

    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        ec2, ec, ecs = (boto3.client(n, **kw) for n in ("ec2", "elasticache", "ecs"))
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        app_sg = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
        redis_sg = ec2.create_security_group(GroupName="redis", Description="redis", VpcId=vpc)["GroupId"]

        # ElastiCache
        ec.create_cache_subnet_group(CacheSubnetGroupName="csg", CacheSubnetGroupDescription="d", SubnetIds=[subnet])
        ec.create_replication_group(ReplicationGroupId="rg", ReplicationGroupDescription="d", Engine="redis",
                                    CacheNodeType="cache.t4g.micro", CacheSubnetGroupName="csg")
        describe = lambda: ec.describe_replication_groups(ReplicationGroupId="rg")["ReplicationGroups"][0]
        ec.modify_replication_group(ReplicationGroupId="rg", CacheNodeType="cache.t4g.small", ApplyImmediately=True)
        first, second = describe(), describe()
        check("modify: 'modifying' once, then 'available'", (first["Status"], second["Status"]) == ("modifying", "available"),
              (first["Status"], second["Status"]))
        check("modify: node type applied", second["CacheNodeType"] == "cache.t4g.small", second["CacheNodeType"])
        check("subnet group in use -> CacheSubnetGroupInUse",
              error_code(lambda: ec.delete_cache_subnet_group(CacheSubnetGroupName="csg")) == "CacheSubnetGroupInUse")
        ec.delete_replication_group(ReplicationGroupId="rg")
        check("delete: 'deleting' once", describe()["Status"] == "deleting")
        check("delete: then ReplicationGroupNotFoundFault", error_code(describe) == "ReplicationGroupNotFoundFault")
        check("DeleteCacheSubnetGroup succeeds", error_code(lambda: ec.delete_cache_subnet_group(CacheSubnetGroupName="csg")) is None)
        check("DeleteCacheSubnetGroup again -> CacheSubnetGroupNotFoundFault",
              error_code(lambda: ec.delete_cache_subnet_group(CacheSubnetGroupName="csg")) == "CacheSubnetGroupNotFoundFault")

        # ECS
        ecs.create_cluster(clusterName="c")
        def register(image):
            return ecs.register_task_definition(
                family="api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
                containerDefinitions=[{"name": "api", "image": image}])["taskDefinition"]["taskDefinitionArn"]
        td1 = register("api:1")
        created = ecs.create_service(
            cluster="c", serviceName="api", taskDefinition=td1, desiredCount=2, launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [app_sg]}},
            deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}})["service"]
        svc = lambda: ecs.describe_services(cluster="c", services=["api"])["services"][0]
        s = svc()
        d = s["deployments"]
        check("create: response in progress", created["deployments"][0]["rolloutState"] == "IN_PROGRESS")
        check("create: settles running == desired, COMPLETED",
              (s["runningCount"], s["pendingCount"], len(d), d[0]["rolloutState"], d[0]["runningCount"]) == (2, 0, 1, "COMPLETED", 2), s)
        check("create: deploymentConfiguration kept with defaults", s["deploymentConfiguration"] == {
            "deploymentCircuitBreaker": {"enable": True, "rollback": True}, "maximumPercent": 200,
            "minimumHealthyPercent": 100}, s.get("deploymentConfiguration"))
        old_id = d[0]["id"]
        td2 = register("api:2")
        upd = ecs.update_service(cluster="c", service="api", taskDefinition="api:2")["service"]
        ud = upd["deployments"]
        check("update td: response has new PRIMARY IN_PROGRESS + old ACTIVE",
              [(x["status"], x["taskDefinition"], x["rolloutState"]) for x in ud]
              == [("PRIMARY", td2, "IN_PROGRESS"), ("ACTIVE", td1, "COMPLETED")], ud)
        s = svc()
        d = s["deployments"]
        check("update td: service.taskDefinition is the ARN", s["taskDefinition"] == td2, s["taskDefinition"])
        check("update td: settles to one new PRIMARY COMPLETED",
              [(x["status"], x["taskDefinition"], x["rolloutState"], x["desiredCount"], x["runningCount"]) for x in d]
              == [("PRIMARY", td2, "COMPLETED", 2, 2)] and d[0]["id"] != old_id, d)
        ecs.update_service(cluster="c", service="api", desiredCount=3)
        s = svc()
        d = s["deployments"]
        check("scale: same deployment, counts follow",
              (len(d), d[0]["desiredCount"], d[0]["runningCount"], s["runningCount"], d[0]["taskDefinition"]) == (1, 3, 3, 3, td2), d)
        dep_id = d[0]["id"]
        ecs.update_service(cluster="c", service="api", forceNewDeployment=True)
        d = svc()["deployments"]
        check("forceNewDeployment: new PRIMARY, same task definition",
              len(d) == 1 and d[0]["id"] != dep_id and d[0]["taskDefinition"] == td2, d)
        ecs.update_service(cluster="c", service="api", deploymentConfiguration={"maximumPercent": 150})
        dc = svc()["deploymentConfiguration"]
        check("update deploymentConfiguration merges", dc["maximumPercent"] == 150 and dc["deploymentCircuitBreaker"]["enable"], dc)
        ecs.delete_service(cluster="c", service="api", force=True)
        s = svc()
        check("delete: INACTIVE, scaled to 0", (s["status"], s["desiredCount"], s["runningCount"]) == ("INACTIVE", 0, 0), s)
        check("delete: not listed", ecs.list_services(cluster="c")["serviceArns"] == [])

        # EC2
        pair = {"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379}
        ec2.authorize_security_group_ingress(GroupId=redis_sg, IpPermissions=[
            dict(pair, UserIdGroupPairs=[{"GroupId": app_sg, "Description": "from app"}])])
        check("authorize same source group, other description -> Duplicate", error_code(
            lambda: ec2.authorize_security_group_ingress(GroupId=redis_sg, IpPermissions=[
                dict(pair, UserIdGroupPairs=[{"GroupId": app_sg, "Description": "other"}])])) == "InvalidPermission.Duplicate")
        check("revoke source-group rule without description", error_code(
            lambda: ec2.revoke_security_group_ingress(GroupId=redis_sg, IpPermissions=[
                dict(pair, UserIdGroupPairs=[{"GroupId": app_sg}])])) is None)
        perms = ec2.describe_security_groups(GroupIds=[redis_sg])["SecurityGroups"][0]["IpPermissions"]
        check("revoked rule gone", perms == [], perms)
    finally:
        server.terminate()
        server.wait(10)
    print("ALL PASSED" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--self-test"]:
        sys.exit(_self_test())
    from moto.server import main
    sys.exit(main(sys.argv[1:]))
