-- A table of integer keys (insert, lookup, update, delete, iterate); the Lua counterpart of
-- bench/dict_ints.py. Lua tables do not track their size, so the counts are kept by hand.

local function run(n)
    local tbl, size = {}, 0
    local seen, seen_size = {}, 0
    local state = 12345
    local hits = 0
    for i = 0, n - 1 do
        state = (state * 1103515245 + 12345) % 2147483648
        local key = state % 50000
        local v = tbl[key]
        if v ~= nil then
            tbl[key] = v + i % 11
            hits = hits + 1
        else
            tbl[key] = 1
            size = size + 1
        end
        if i % 5 == 0 and not seen[key] then
            seen[key] = true
            seen_size = seen_size + 1
        end
        if i % 9 == 0 and tbl[key + 1] ~= nil then
            tbl[key + 1] = nil
            size = size - 1
        end
    end
    local checksum = 0
    for k, v in pairs(tbl) do
        checksum = (checksum + k * v) % 1000000007
    end
    local missing = 0
    for k = 0, 49999, 7 do
        if tbl[k] == nil then
            missing = missing + 1
        end
    end
    return size, hits, seen_size, missing, checksum
end

local size, hits, seen, missing, checksum = run(1000000)
print(string.format("dict_ints %d %d %d %d %d", size, hits, seen, missing, checksum))
