-- Argo CD health check for appstack.io/AppStack.
-- Maps the kstatus conditions the operator writes: a status for an older generation or
-- Reconciling=True is Progressing, Stalled=True is Degraded, Ready=True is Healthy. Ready=False
-- with nothing under way and nothing stalled means what runs is unhealthy (failing targets or
-- health URL, phase Degraded): Degraded, where plain kstatus would say Current.
local hs = {}
local status = obj.status
if type(status) ~= "table" or type(status.conditions) ~= "table" then
  hs.status = "Progressing"
  hs.message = "Waiting for appstack-operator to report status"
  return hs
end
local generation = obj.metadata.generation or 0
if type(status.observedGeneration) ~= "number" or status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for appstack-operator to act on generation " .. generation
  return hs
end
local conditions = {}
for _, c in ipairs(status.conditions) do
  conditions[c.type] = c
end
local function describe(c)
  return (c.reason or "") .. ": " .. (c.message or "")
end
if conditions.Stalled ~= nil and conditions.Stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(conditions.Stalled)
  return hs
end
if conditions.Reconciling ~= nil and conditions.Reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(conditions.Reconciling)
  return hs
end
if conditions.Ready ~= nil and conditions.Ready.status == "True" then
  hs.status = "Healthy"
  hs.message = conditions.Ready.message or "Ready"
  return hs
end
hs.status = "Degraded"
hs.message = conditions.Ready ~= nil and describe(conditions.Ready) or "not Ready"
return hs
