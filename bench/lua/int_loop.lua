-- A 10M-iteration integer loop; the Lua counterpart of bench/int_loop.py.

local function run(n)
    local total = 0
    local x = 1
    local i = 0
    while i < n do
        x = (x * 7 + i) % 1000003
        total = total + ((x // 3) ~ (i & 255))
        i = i + 1
    end
    return total, x
end

local total, x = run(10000000)
print("int_loop " .. total .. " " .. x)
