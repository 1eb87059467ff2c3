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

What a test puts in a request to steer the fake (details at patches 11-15):
  ECS RunTask containerOverrides[].command, joined with spaces, decides how the task ends (one step per DescribeTasks:
  PROVISIONING -> PENDING -> RUNNING -> DEPROVISIONING -> STOPPED):
    "exit N"                           STOPPED, that container's exitCode N, stopCode EssentialContainerExited
    "sleep infinity" / "sleep forever" stays RUNNING until StopTask: then STOPPED, UserInitiated, exitCode 137
    "fail-to-start"                    STOPPED without starting, stopCode TaskFailedToStart, no exitCode
    anything else                      as "exit 0"
  ELBv2 RegisterTargets: a target Id (IP) ending in ".99" is "unhealthy" (Target.FailedHealthChecks), others "healthy".
"""
import copy
import os
import re
import sys
import time

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.ec2.models.elastic_network_interfaces import NetworkInterface
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.ec2.utils import generate_dns_from_ip
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import Container, EC2ContainerServiceBackend, Task
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.elasticache.exceptions import CacheSubnetGroupNotFound
from moto.elasticache.models import ElastiCacheBackend
from moto.elasticache.responses import ElastiCacheResponse
from moto.elbv2.models import FakeHealthStatus, FakeTargetGroup
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
# ECS one-off tasks (RunTask / DescribeTasks / ListTasks / StopTask), as the operator runs database migrations
# ---------------------------------------------------------------------------------------------------------------
# 9. RunTask fails with HTTP 500 in moto for a task definition whose containers set no container-level memory
#    (TypeError adding None), which is how the operator registers Fargate task definitions: Fargate sizes a task
#    by its task-level cpu/memory. Here a container without memory/memoryReservation counts as 0 MiB.
_original_task_resources = EC2ContainerServiceBackend._calculate_task_resource_requirements


def _task_resources(task_definition):
    keys = ("memory", "memoryReservation", "Memory", "MemoryReservation")
    td = copy.copy(task_definition)
    td.container_definitions = [cd if any(cd.get(k) is not None for k in keys) else dict(cd, memory=0)
                                for cd in task_definition.container_definitions]
    return _original_task_resources(td)


EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(_task_resources)


# 10. RunTask with awsvpc also fails with HTTP 500 when the VPC has enableDnsHostnames off (the default for a new
#     VPC): moto names an ENI only in a VPC with DNS hostnames, and ECS reads that name for the task's ENI
#     attachment. AWS gives every ENI a private DNS name; here it is moto's ip-a-b-c-d.ec2.internal.
@_wrap(NetworkInterface, "__init__")
def _eni_init(original, self, *args, **kwargs):
    original(self, *args, **kwargs)
    if getattr(self, "private_dns_name", None) is None and self.private_ip_address:
        self.private_dns_name = generate_dns_from_ip(self.private_ip_address)


# 11. Task lifecycle. moto starts a task RUNNING and walks it RUNNING -> DEACTIVATING -> STOPPING -> DEPROVISIONING
#     -> STOPPED, one step per DescribeTasks, but keeps desiredStatus RUNNING (ListTasks desiredStatus=STOPPED never
#     finds a task that ended by itself), shows exitCode 0 from the start, lists only the task definition's first
#     container (always PENDING), and has no createdAt/startedAt/stoppingAt/stoppedAt/stopCode. Here RunTask answers
#     PROVISIONING and each DescribeTasks moves the task one step (moto's state manager, model "ecs::task", still sets
#     the pace) along PENDING -> RUNNING -> DEPROVISIONING -> STOPPED; desiredStatus turns STOPPED once it stops; every
#     container of the task definition is listed, PENDING/RUNNING/STOPPED with the task, with an exitCode only once
#     stopped. The outcome follows the command overrides (each override's command joined with spaces), as a real
#     migration's does; the first override that matches decides:
#       "fail-to-start"                     never starts: PENDING -> DEPROVISIONING -> STOPPED, stopCode
#                                           TaskFailedToStart, stoppedReason and containers[].reason
#                                           _PULL_FAILED, no startedAt, no exitCode on any container;
#       "sleep infinity" / "sleep forever"  stays RUNNING (desiredStatus RUNNING) until StopTask (see 12);
#       "exit N"                            that container exits N (mod 256), the others 0: stopCode
#                                           EssentialContainerExited, "Essential container in task exited";
#       anything else, or no override       as "exit 0".
_STOPPING = ("DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED")
_STARTING = [("PROVISIONING", "PENDING"), ("PENDING", "RUNNING")]
_ENDING = [("RUNNING", "DEPROVISIONING"), ("DEPROVISIONING", "STOPPED")]
_PULL_FAILED = "CannotPullContainerError: pull image manifest has been retried 5 time(s)"
_STOPPED_REASONS = {"EssentialContainerExited": "Essential container in task exited",
                    "TaskFailedToStart": _PULL_FAILED}


def _scripted_outcome(overrides):
    """{stopCode (None: runs until stopped), container (None: all), exitCode} that the command overrides ask for."""
    for override in (overrides or {}).get("containerOverrides") or []:
        command = " ".join(override.get("command") or [])
        if "fail-to-start" in command:
            return {"stopCode": "TaskFailedToStart", "container": None, "exitCode": None}
        if re.search(r"\bsleep\s+(infinity|forever)\b", command):
            return {"stopCode": None, "container": None, "exitCode": None}
        exit_ = re.search(r"\bexit\s+(\d+)\b", command)
        if exit_:
            return {"stopCode": "EssentialContainerExited", "container": override.get("name"),
                    "exitCode": int(exit_.group(1)) % 256}
    return {"stopCode": "EssentialContainerExited", "container": None, "exitCode": 0}


@_wrap(Task, "__init__")
def _task_init(original, self, *args, **kwargs):
    original(self, *args, **kwargs)
    self.created_at, self.started_at, self.stopping_at, self.stopped_at = utcnow(), None, None, None
    self._launcher_outcome = outcome = _scripted_outcome(self.overrides)
    if outcome["stopCode"] == "TaskFailedToStart":
        self._transitions = _STARTING[:1] + [("PENDING", "DEPROVISIONING"), _ENDING[1]]
    else:
        self._transitions = _STARTING + (_ENDING if outcome["stopCode"] else [])
    self.status = "PROVISIONING"
    task_definition = self._backend.describe_task_definition(self.task_definition_arn)
    self.containers = []
    for cd in task_definition.container_definitions:
        container = Container(task_definition)
        container.task_arn, container._launcher_task = self.task_arn, self
        container.name, container.image, container.cpu = cd.get("name"), cd.get("image"), cd.get("cpu", 0)
        container.memory, container.environment, container.command = cd.get("memory"), cd.get("environment"), \
            cd.get("command")
        self.containers.append(container)


_managed_status = Task.status  # ManagedState's property: advances the state as moto's state manager says


def _task_status(self):
    status = _managed_status.fget(self)
    outcome = getattr(self, "_launcher_outcome", None)
    if outcome is not None:  # stamp each time when its state is first seen ("immediate" progression skips states)
        now = utcnow()
        if self.started_at is None and (status == "RUNNING" or (
                status in _STOPPING and outcome["stopCode"] == "EssentialContainerExited")):
            self.started_at = now
        if status in _STOPPING and self.stopping_at is None:
            self.stopping_at = now
        if status == "STOPPED" and self.stopped_at is None:
            self.stopped_at = now
    return status


def _stopped(self):
    return hasattr(self, "_launcher_outcome") and self.status in _STOPPING


def _task_stopped_reason(self):
    if not _stopped(self):
        return None
    if self._launcher_outcome["stopCode"] == "UserInitiated":
        return self._launcher_stopped_reason or "Task stopped by user"
    return _STOPPED_REASONS[self._launcher_outcome["stopCode"]]


Task.status = property(_task_status, _managed_status.fset)
Task.desired_status = property(lambda self: "STOPPED" if _stopped(self) else self._launcher_desired_status,
                               lambda self, value: setattr(self, "_launcher_desired_status", value))
Task.stop_code = property(lambda self: self._launcher_outcome["stopCode"] if _stopped(self) else None)
Task.stopped_reason = property(_task_stopped_reason,
                               lambda self, value: setattr(self, "_launcher_stopped_reason", value))


def _container_exit_code(self):
    task = getattr(self, "_launcher_task", None)
    if task is None:
        return self._launcher_exit_code
    outcome = task._launcher_outcome
    if not _stopped(task) or outcome["exitCode"] is None:
        return None
    return outcome["exitCode"] if outcome["container"] in (None, self.name) else 0


def _container_last_status(self):
    task = getattr(self, "_launcher_task", None)
    if task is None:
        return self._launcher_last_status
    status = task.status
    return "STOPPED" if status in _STOPPING else "RUNNING" if status == "RUNNING" else "PENDING"


Container.exitCode = property(_container_exit_code, lambda self, value: setattr(self, "_launcher_exit_code", value))
Container.last_status = property(_container_last_status,
                                 lambda self, value: setattr(self, "_launcher_last_status", value))
Container.reason = property(lambda self: _PULL_FAILED if getattr(self, "_launcher_task", None) is not None
                            and _stopped(self._launcher_task)
                            and self._launcher_task._launcher_outcome["stopCode"] == "TaskFailedToStart" else None)


# 12. StopTask: here the task is STOPPED at once (as in moto) with stopCode UserInitiated, stoppedReason the reason
#     given ("Task stopped by user" without one) and exitCode 137 on every container if it had started (none if it
#     had not). As in AWS, stopping a task that is already stopping or stopped changes nothing, and an unknown task
#     is InvalidParameterException "The referenced task was not found." (moto: HTTP 500).
@_wrap(EC2ContainerServiceBackend, "stop_task")
def _stop_task(original, self, cluster_str, task_str, reason):
    cluster = self._get_cluster(cluster_str)
    task_id = task_str.split("/")[-1]
    task = next((t for arn, t in self.tasks.get(cluster.name, {}).items() if arn.split("/")[-1] == task_id), None)
    if task is None:
        raise InvalidParameterException("The referenced task was not found.")
    if hasattr(task, "_launcher_outcome"):
        if _stopped(task):
            return task
        task._launcher_outcome = {"stopCode": "UserInitiated", "container": None,
                                  "exitCode": 137 if task.started_at is not None else None}
    return original(self, cluster_str, task_str, reason)


# 13. RunTask ignores clientToken in moto: a retried call starts a second task. AWS answers a repeated clientToken
#     with the task(s) the first call started. Here the same clientToken in the same cluster returns the first
#     call's tasks, as they are now, for the life of the server (until POST /moto-api/reset).
@_wrap(EC2ContainerServiceResponse, "run_task")
def _run_task_response(original, self):
    token = self._get_param("clientToken")
    if not token:
        return original(self)
    cluster = self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
    tasks = self.ecs_backend.tasks.setdefault(cluster.name, {})
    earlier = [t for t in tasks.values() if getattr(t, "_launcher_client_token", None) == token]
    if earlier:
        return ActionResult({"tasks": earlier, "failures": []})
    before = set(tasks)
    result = original(self)
    for arn in set(tasks) - before:
        tasks[arn]._launcher_client_token = token
    return result


# 14. ListTasks without desiredStatus lists every task in moto; AWS filters on desiredStatus RUNNING by default.
@_wrap(EC2ContainerServiceResponse, "list_tasks")
def _list_tasks_response(original, self):
    get_param = self._get_param

    def with_default(name, *default):
        value = get_param(name, *default)
        return "RUNNING" if value is None and name == "desiredStatus" else value
    self._get_param = with_default  # this response object serves this one request
    return original(self)


# ---------------------------------------------------------------------------------------------------------------
# ELBv2
# ---------------------------------------------------------------------------------------------------------------
# 15. moto reports every registered target "healthy" at once (AWS: "initial" during the first health checks,
#     "unused" while no load balancer uses the target group). Here a test can make a target fail its health checks:
#     a registered target whose Id (an IP) ends in ".99" is "unhealthy", reason Target.FailedHealthChecks.
@_wrap(FakeTargetGroup, "health_for")
def _health_for(original, self, target, ec2_backend):
    health = original(self, target, ec2_backend)
    if health.status == "healthy" and str(health.instance_id).endswith(".99"):
        return FakeHealthStatus(health.instance_id, health.port, health.health_check_port, "unhealthy",
                                "Target.FailedHealthChecks", "Health checks failed")
    return health


# 16. CreateSecurityGroup in moto accepts a VpcId that does not exist and makes the group there. AWS answers
#     InvalidVpcID.NotFound, which the operator reports as Stalled.
from moto.ec2.exceptions import InvalidVPCIdError
from moto.ec2.models.security_groups import SecurityGroupBackend


@_wrap(SecurityGroupBackend, "create_security_group")
def _create_security_group(original, self, name, description, vpc_id=None, *args, **kwargs):
    if vpc_id and vpc_id not in self.vpcs:
        raise InvalidVPCIdError(vpc_id)
    return original(self, name, description, vpc_id, *args, **kwargs)


# 17. CreateDBInstance in moto accepts any engine version. AWS refuses a Postgres major it does not offer with
#     InvalidParameterCombination "Cannot find version 8 for postgres".
from moto.rds.exceptions import InvalidParameterCombination
from moto.rds.models import RDSBackend

_POSTGRES_MAJORS = {"11", "12", "13", "14", "15", "16", "17", "18"}


@_wrap(RDSBackend, "create_db_instance")
def _create_db_instance(original, self, db_kwargs):
    version = str(db_kwargs.get("engine_version") or "")
    if db_kwargs.get("engine") == "postgres" and version and version.split(".")[0] not in _POSTGRES_MAJORS:
        raise InvalidParameterCombination(f"Cannot find version {version} for postgres")
    return original(self, db_kwargs)


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
        ec2, ec, ecs, elb = (boto3.client(n, **kw) for n in ("ec2", "elasticache", "ecs", "elbv2"))
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

        # ECS one-off tasks (the VPC has DNS hostnames off, the containers no memory: patches 9 and 10)
        mig_td = ecs.register_task_definition(
            family="mig", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[{"name": "log-router", "image": "fluent-bit"}, {"name": "api", "image": "api:2"}]
        )["taskDefinition"]["taskDefinitionArn"]

        def run_task(token, *command):
            return ecs.run_task(
                cluster="c", taskDefinition=mig_td, launchType="FARGATE", count=1, startedBy=token, clientToken=token,
                networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [app_sg],
                                                              "assignPublicIp": "DISABLED"}},
                overrides={"containerOverrides": [{"name": "api", "command": list(command)}]},
                tags=[{"key": "appstack", "value": "mig"}], propagateTags="TASK_DEFINITION")["tasks"][0]

        def task(arn):
            return ecs.describe_tasks(cluster="c", tasks=[arn])["tasks"][0]

        def exits(t):
            return {c["name"]: c.get("exitCode") for c in t["containers"]}

        def listed(token):
            return [[a.split("/")[-1] for a in ecs.list_tasks(cluster="c", startedBy=token, desiredStatus=status)["taskArns"]]
                    for status in ("RUNNING", "STOPPED")]

        t = run_task("appstack-mig-a1-g1", "sh", "-c", "exit 3")
        arn, tid = t["taskArn"], t["taskArn"].split("/")[-1]
        check("RunTask: PROVISIONING, both containers, no exit code yet",
              (t["lastStatus"], t["desiredStatus"], t["startedBy"], exits(t), "startedAt" in t, "createdAt" in t)
              == ("PROVISIONING", "RUNNING", "appstack-mig-a1-g1", {"log-router": None, "api": None}, False, True), t)
        again = run_task("appstack-mig-a1-g1", "sh", "-c", "exit 3")
        check("RunTask: same clientToken -> same task, no second one",
              again["taskArn"] == arn and listed("appstack-mig-a1-g1") == [[tid], []], (again["taskArn"], arn))
        walk = [task(arn) for _ in range(5)]
        check("exit 3: PENDING, RUNNING, DEPROVISIONING, STOPPED, STOPPED",
              [(x["lastStatus"], x["desiredStatus"]) for x in walk] == [
                  ("PENDING", "RUNNING"), ("RUNNING", "RUNNING"), ("DEPROVISIONING", "STOPPED"),
                  ("STOPPED", "STOPPED"), ("STOPPED", "STOPPED")], [x["lastStatus"] for x in walk])
        t = walk[-1]
        check("exit 3: api exitCode 3 (other container 0), EssentialContainerExited",
              (exits(t), t.get("stopCode"), t.get("stoppedReason")) == ({"log-router": 0, "api": 3},
              "EssentialContainerExited", "Essential container in task exited"), t)
        check("exit 3: createdAt <= startedAt <= stoppingAt <= stoppedAt",
              t["createdAt"] <= t["startedAt"] <= t["stoppingAt"] <= t["stoppedAt"],
              [t.get(k) for k in ("createdAt", "startedAt", "stoppingAt", "stoppedAt")])
        check("ListTasks startedBy: stopped task under STOPPED only", listed("appstack-mig-a1-g1") == [[], [tid]])

        arn = run_task("appstack-mig-a2-g1", "./migrate", "up")["taskArn"]
        t = [task(arn) for _ in range(4)][-1]
        check("no keyword: STOPPED with exitCode 0 on api",
              (t["lastStatus"], exits(t)["api"], t.get("stopCode")) == ("STOPPED", 0, "EssentialContainerExited"), t)

        arn = run_task("appstack-mig-a3-g1", "sh", "-c", "fail-to-start")["taskArn"]
        t = [task(arn) for _ in range(3)][-1]
        check("fail-to-start: STOPPED TaskFailedToStart, no startedAt, no exitCode",
              (t["lastStatus"], t["desiredStatus"], t.get("stopCode"), t.get("stoppedReason"), "startedAt" in t,
               exits(t)) == ("STOPPED", "STOPPED", "TaskFailedToStart", _PULL_FAILED, False,
                             {"log-router": None, "api": None}), t)

        arn = run_task("appstack-mig-a4-g1", "sh", "-c", "sleep infinity")["taskArn"]
        tid = arn.split("/")[-1]
        walk = [task(arn) for _ in range(6)]
        check("sleep infinity: reaches RUNNING and stays",
              [x["lastStatus"] for x in walk] == ["PENDING"] + ["RUNNING"] * 5 and walk[-1]["desiredStatus"] == "RUNNING"
              and exits(walk[-1])["api"] is None, [x["lastStatus"] for x in walk])
        check("sleep infinity: listed under RUNNING only", listed("appstack-mig-a4-g1") == [[tid], []])
        ecs.stop_task(cluster="c", task=arn, reason="migration timed out after 900s")
        t = task(arn)
        check("StopTask: STOPPED, UserInitiated, the reason, exitCode 137",
              (t["lastStatus"], t["desiredStatus"], t.get("stopCode"), t.get("stoppedReason"), exits(t)["api"],
               t["startedAt"] <= t["stoppedAt"]) == ("STOPPED", "STOPPED", "UserInitiated",
                                                     "migration timed out after 900s", 137, True), t)
        ecs.stop_task(cluster="c", task=arn, reason="again")
        check("StopTask on a stopped task changes nothing", task(arn).get("stoppedReason") == "migration timed out after 900s")
        check("sleep infinity: after StopTask listed under STOPPED only", listed("appstack-mig-a4-g1") == [[], [tid]])

        arn = run_task("appstack-mig-a5-g1", "sleep", "forever")["taskArn"]
        ecs.stop_task(cluster="c", task=arn, reason="cancelled")
        t = task(arn)
        check("StopTask before it started: no startedAt, no exitCode",
              (t["lastStatus"], t.get("stopCode"), "startedAt" in t, exits(t)["api"]) == ("STOPPED", "UserInitiated", False, None), t)
        check("StopTask unknown task -> InvalidParameterException", error_code(
            lambda: ecs.stop_task(cluster="c", task=arn[:-4] + "0000", reason="x")) == "InvalidParameterException")
        check("ListTasks without desiredStatus lists RUNNING tasks only", ecs.list_tasks(cluster="c")["taskArns"] == [])

        # ELBv2
        tg = elb.create_target_group(Name="api", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip",
                                     HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
        elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.0.1.10", "Port": 8080}, {"Id": "10.0.1.99", "Port": 8080}])
        health = {d["Target"]["Id"]: d["TargetHealth"] for d in elb.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]}
        check("target health: IP target healthy", health.get("10.0.1.10", {}).get("State") == "healthy", health)
        check("target health: IP ending .99 unhealthy, Target.FailedHealthChecks",
              (health.get("10.0.1.99", {}).get("State"), health.get("10.0.1.99", {}).get("Reason"))
              == ("unhealthy", "Target.FailedHealthChecks"), health)

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

        # Validation AWS does and moto does not
        check("CreateSecurityGroup in a VPC that does not exist -> InvalidVpcID.NotFound", error_code(
            lambda: ec2.create_security_group(GroupName="x", Description="x", VpcId="vpc-0123456789abcdef0"))
            == "InvalidVpcID.NotFound")
        rds0 = boto3.client("rds", **kw)
        check("CreateDBInstance with postgres 8 -> InvalidParameterCombination", error_code(
            lambda: rds0.create_db_instance(DBInstanceIdentifier="old", Engine="postgres", EngineVersion="8",
                                            DBInstanceClass="db.t3.micro", AllocatedStorage=20, MasterUsername="u",
                                            MasterUserPassword="password1")) == "InvalidParameterCombination")

        # Fault injection
        import urllib.request
        from botocore.config import Config

        def faults(query, method="POST"):
            req = urllib.request.Request(f"http://127.0.0.1:{port}/appstack-faults?{query}", method=method)
            with urllib.request.urlopen(req) as r:
                return r.read().decode()
        rds = boto3.client("rds", config=Config(retries={"max_attempts": 1}), **kw)
        faults("rate=1&operations=DescribeDBSubnetGroups&kind=terminal&code=AccessDenied&message=denied")
        check("terminal fault on the named query operation", error_code(rds.describe_db_subnet_groups) == "AccessDenied")
        check("other operations untouched", error_code(rds.describe_db_instances) is None)
        ecs1 = boto3.client("ecs", config=Config(retries={"max_attempts": 1}), **kw)
        faults("rate=1&operations=ListClusters&kind=terminal&code=AccessDeniedException")
        check("terminal fault on a JSON operation", error_code(ecs1.list_clusters) == "AccessDeniedException")
        faults("rate=1&operations=DescribeDBInstances")
        try:
            rds.describe_db_instances()
            transient = None
        except Exception as e:  # botocore cannot parse the plain-text 503 body; the Java SDK reads it as HTTP503
            transient = getattr(e, "response", {}).get("Error", {}).get("Code", "503")
        check("transient fault: 503 or Throttling", transient in ("503", "Throttling"), transient)
        check("faults counted by operation", _json.loads(faults("", "GET")) == {"DescribeDBInstances": 1})
        faults("rate=1&operations=CreateDBSubnetGroup&kind=timeout&delay=1")
        impatient = boto3.client("rds", config=Config(retries={"max_attempts": 1}, read_timeout=0.3), **kw)
        from botocore.exceptions import ReadTimeoutError
        try:
            impatient.create_db_subnet_group(DBSubnetGroupName="late", DBSubnetGroupDescription="d", SubnetIds=[subnet])
            timed_out = False
        except ReadTimeoutError:
            timed_out = True
        faults("rate=0")
        time.sleep(1.5)
        check("timeout fault: the client gives up, the call still takes effect", timed_out and any(
            g["DBSubnetGroupName"] == "late" for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]))
    finally:
        server.terminate()
        server.wait(10)
    print("ALL PASSED" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


# --- Fault injection, for tests of the operator under AWS faults --------------------------------
# POST /appstack-faults?rate=0.2 makes that fraction of AWS requests fail. Optional parameters:
#   operations=CreateDBInstance,RunTask  only these operations (the X-Amz-Target suffix of JSON APIs,
#                                        the Action of query APIs); default: every operation
#   kind=transient  (default) half answer 503, half the protocol's throttling error
#                   (ThrottlingException for JSON APIs, Throttling for query APIs, RequestLimitExceeded for EC2);
#                   the request never reaches moto, so a failed call changes nothing, as with real throttling
#   kind=timeout    the request is carried out at once, but its answer is held for `delay` seconds (default
#                   12): the client gives up and retries a call that already took effect, as when a response
#                   is lost on the way back (a create's retry then meets "already exists")
#   kind=terminal   answers HTTP 400 with error `code` (default AccessDenied) and `message`: an error no
#                   retry can fix
# Every POST replaces the rule before it; rate=0 turns faults off. /moto-api is never faulted.
# GET /appstack-faults answers how many requests were faulted, by operation, as JSON.
import io as _io
import json as _json
import random as _random
import threading as _threading
import time as _time
from urllib.parse import parse_qs as _parse_qs
from xml.sax.saxutils import escape as _xml_escape
from moto.moto_server.werkzeug_app import DomainDispatcherApplication as _Dispatcher

_faults = {"rate": 0.0, "operations": None, "kind": "transient", "delay": 12.0, "code": "AccessDenied",
           "message": "User is not authorized to perform this operation", "random": _random.Random(7), "count": {}}
_faults_lock = _threading.Lock()
_dispatch = _Dispatcher.__call__


def _set_faults(query):
    q = {k: v[0] for k, v in _parse_qs(query).items()}
    ops = q.get("operations")
    if q.get("kind", "transient") not in ("transient", "timeout", "terminal"):
        raise ValueError("kind must be transient, timeout or terminal")
    with _faults_lock:
        _faults.update(rate=float(q.get("rate", "0")), operations=set(ops.split(",")) if ops else None,
                       kind=q.get("kind", "transient"), delay=float(q.get("delay", "12")),
                       code=q.get("code", "AccessDenied"),
                       message=q.get("message", "User is not authorized to perform this operation"), count={})


def _operation(environ):
    """The operation of a request; reads a query API's form body and puts it back for moto."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target.split(".")[-1]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = b""
    if length:
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = _io.BytesIO(body)
    action = _parse_qs(body.decode("utf-8", "replace")).get("Action") or _parse_qs(
        environ.get("QUERY_STRING", "")).get("Action") or ["?"]
    return action[0]


def _answer(start_response, status, content_type, body):
    start_response(status, [("Content-Type", content_type)])
    return [body]


def _faulty_call(self, environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/appstack-faults":
        if environ.get("REQUEST_METHOD") == "GET":
            with _faults_lock:
                counts = dict(_faults["count"])
            return _answer(start_response, "200 OK", "application/json", _json.dumps(counts).encode())
        try:
            _set_faults(environ.get("QUERY_STRING", ""))
        except ValueError as e:
            return _answer(start_response, "400 Bad Request", "text/plain", str(e).encode())
        return _answer(start_response, "200 OK", "text/plain", b"ok")
    if path.startswith("/moto-api") or _faults["rate"] <= 0:
        return _dispatch(self, environ, start_response)
    op = _operation(environ)
    with _faults_lock:
        hit = (_faults["operations"] is None or op in _faults["operations"]) and \
            _faults["random"].random() < _faults["rate"]
        transient_503 = _faults["random"].random() < 0.5
        if hit:
            _faults["count"][op] = _faults["count"].get(op, 0) + 1
        kind, delay, code, message = _faults["kind"], _faults["delay"], _faults["code"], _faults["message"]
    if not hit:
        return _dispatch(self, environ, start_response)
    json_api = "x-amz-json" in environ.get("CONTENT_TYPE", "")
    ec2 = "/ec2/aws4_request" in environ.get("HTTP_AUTHORIZATION", "")
    if kind == "timeout":
        answer = {}

        def hold(status, headers, exc_info=None):
            answer["start"] = (status, headers)
            return lambda data: None
        body = list(_dispatch(self, environ, hold))  # the call takes effect now...
        _time.sleep(delay)  # ...and its answer comes after the client has given up
        start_response(*answer["start"])
        return body
    if kind == "terminal":
        if json_api:
            return _answer(start_response, "400 Bad Request", "application/x-amz-json-1.1",
                           _json.dumps({"__type": code, "message": message}).encode())
        code, message = _xml_escape(code), _xml_escape(message)
        if ec2:
            return _answer(start_response, "400 Bad Request", "text/xml", (
                "<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors>"
                "<RequestID>appstack-fault</RequestID></Response>" % (code, message)).encode())
        return _answer(start_response, "400 Bad Request", "text/xml", (
            "<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
            "<RequestId>appstack-fault</RequestId></ErrorResponse>" % (code, message)).encode())
    if transient_503:
        return _answer(start_response, "503 Service Unavailable", "text/plain", b"Service Unavailable")
    if ec2:
        return _answer(start_response, "503 Service Unavailable", "text/xml",
                       b"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
                       b"</Message></Error></Errors><RequestID>appstack-fault</RequestID></Response>")
    if json_api:
        return _answer(start_response, "400 Bad Request", "application/x-amz-json-1.1",
                       b'{"__type":"ThrottlingException","message":"Rate exceeded"}')
    return _answer(start_response, "400 Bad Request", "text/xml",
                   b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                   b"</Error><RequestId>appstack-fault</RequestId></ErrorResponse>")


_Dispatcher.__call__ = _faulty_call


if __name__ == "__main__":
    if sys.argv[1:2] == ["--self-test"]:
        sys.exit(_self_test())
    from moto.server import main
    sys.exit(main(sys.argv[1:]))
