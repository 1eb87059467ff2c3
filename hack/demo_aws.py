"""Talks to the AWS emulator for `make demo`: creates the team's network, or shows what the
operator made. Prints names and ARNs only, never secret values."""
import sys

import boto3

endpoint, action = sys.argv[1], sys.argv[2]
session = boto3.session.Session(region_name="us-east-1")
ec2 = session.client("ec2", endpoint_url=endpoint)
rds = session.client("rds", endpoint_url=endpoint)
secrets = session.client("secretsmanager", endpoint_url=endpoint)
ecs = session.client("ecs", endpoint_url=endpoint)
elasticache = session.client("elasticache", endpoint_url=endpoint)

if action == "network":
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    ecs.create_cluster(clusterName="staging")
    print(vpc, a, b)
elif action == "show":
    for db in rds.describe_db_instances()["DBInstances"]:
        tags = {t["Key"]: t["Value"] for t in db.get("TagList", [])}
        print(f"RDS instance   {db['DBInstanceIdentifier']}  {db['DBInstanceStatus']}  {db['DBInstanceClass']}"
              f"  postgres {db['EngineVersion']}  {db['AllocatedStorage']} GiB  owner={tags.get('appstack.io/owner')}")
    for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]:
        print(f"subnet group   {g['DBSubnetGroupName']}  {[s['SubnetIdentifier'] for s in g['Subnets']]}")
    groups = ec2.describe_security_groups(Filters=[{"Name": "tag-key", "Values": ["appstack.io/owner"]}])["SecurityGroups"]
    names = {g["GroupId"]: g["GroupName"] for g in groups}
    for g in groups:
        rules = [f"tcp {p['FromPort']} from {names.get(u['GroupId'], u['GroupId'])}"
                 for p in g["IpPermissions"] for u in p.get("UserIdGroupPairs", [])]
        print(f"security group {g['GroupId']}  {g['GroupName']}  ingress: {rules or 'none'}")
    for arn in ecs.list_services(cluster="staging")["serviceArns"]:
        svc = ecs.describe_services(cluster="staging", services=[arn])["services"][0]
        print(f"ECS service    {svc['serviceName']}  {svc['status']}  running {svc['runningCount']}/{svc['desiredCount']}"
              f"  {svc['taskDefinition'].split('/')[-1]}")
        td = ecs.describe_task_definition(taskDefinition=svc["taskDefinition"])["taskDefinition"]
        for c in td["containerDefinitions"]:
            env = {e["name"]: e["value"] for e in c.get("environment", [])}
            sec = {s["name"]: s["valueFrom"].split(":secret:")[-1] for s in c.get("secrets", [])}
            print(f"  container {c['name']}: {c['image']}\n    env {env}\n    from Secrets Manager {sec}")
    for g in elasticache.describe_replication_groups()["ReplicationGroups"]:
        print(f"ElastiCache    {g['ReplicationGroupId']}  {g['Status']}")
    for s in secrets.list_secrets()["SecretList"]:
        print(f"secret         {s['Name']}  (value kept in Secrets Manager only)")
else:
    sys.exit(f"unknown action {action}")
