-- Closures and higher-order functions; the Lua counterpart of bench/closures.py (the
-- generator expressions become plain loops).

local function make_accumulator(start)
    local total = start
    return function(x)
        total = total + x
        return total
    end
end

local function make_scaler(k)
    return function(x) return x * k % 10007 end
end

local function compose(f, g)
    return function(x) return f(g(x)) end
end

local function run(n)
    local acc = make_accumulator(0)
    local f = compose(make_scaler(3), make_scaler(5))
    local checksum = 0
    for i = 0, n - 1 do
        checksum = acc(f(i)) % 1000000007
    end
    local sq = 0
    for x = 0, n - 1 do
        if x % 3 ~= 0 then
            sq = sq + x * x % 97
        end
    end
    local found = false
    for x = 0, n - 1 do
        if f(x) == 10006 then
            found = true
            break
        end
    end
    local big_f, big_x = -1, -1
    for x = 0, n - 1, 3 do
        local fx = f(x)
        if fx > big_f or (fx == big_f and x > big_x) then
            big_f, big_x = fx, x
        end
    end
    return checksum, sq, found, big_f, big_x
end

local checksum, sq, found, big_f, big_x = run(1000000)
print(string.format("closures %d %d %s (%d, %d)", checksum, sq, found and "True" or "False",
    big_f, big_x))
