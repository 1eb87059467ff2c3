-- Runs a health check the way Argo CD does (the object as the global `obj`, the script's return
-- value as the verdict), for tests: lua5.1 run-health-check.lua <check.lua> <object.json>
local cjson = require("cjson")
local file = assert(io.open(arg[2], "r"))
local text = file:read("*a")
file:close()
local function strip(v)
  -- Argo's gopher-lua sees JSON null as nil; cjson gives a sentinel.
  if v == cjson.null then return nil end
  if type(v) == "table" then
    for k, x in pairs(v) do v[k] = strip(x) end
  end
  return v
end
obj = strip(cjson.decode(text))
local hs = dofile(arg[1])
io.write(hs.status, "\t", hs.message or "", "\n")
