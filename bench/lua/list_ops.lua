-- List building, sorting and filtering; the Lua counterpart of bench/list_ops.py.

local function make_numbers(n)
    local state = 7
    local out = {}
    for i = 1, n do
        state = (state * 1103515245 + 12345) % 2147483648
        out[i] = state >> 12
    end
    return out
end

local function by_low_key(x, y)
    local a, b = x % 1000, y % 1000
    if a ~= b then
        return a < b
    end
    return x < y
end

local function run(rounds, n)
    local checksum = 0
    for r = 0, rounds - 1 do
        local numbers = make_numbers(n + r)
        local evens = {}
        for _, x in ipairs(numbers) do
            if x % 2 == 0 then
                evens[#evens + 1] = x
            end
        end
        local squares = {}
        for i, x in ipairs(evens) do
            squares[i] = x * x % 65521
        end
        local by_low = table.move(numbers, 1, #numbers, 1, {})
        table.sort(by_low, by_low_key)
        table.sort(squares, function(x, y) return x > y end)
        local grid = {}
        for i = 0, 19 do
            local row = {}
            for j = 0, 19 do
                row[j + 1] = i * j % 17
            end
            grid[i + 1] = row
        end
        local top = 0
        for i = 1, math.min(100, #squares) do
            top = top + squares[i]
        end
        local min_even, max_number = evens[1], numbers[1]
        for _, x in ipairs(evens) do
            if x < min_even then
                min_even = x
            end
        end
        for _, x in ipairs(numbers) do
            if x > max_number then
                max_number = x
            end
        end
        local grid_sum = 0
        for _, row in ipairs(grid) do
            for _, v in ipairs(row) do
                grid_sum = grid_sum + v
            end
        end
        checksum = checksum + top + by_low[1] + by_low[#by_low] + min_even
            + max_number + #evens + grid_sum
        checksum = checksum % 1000000007
    end
    return checksum
end

print("list_ops " .. run(25, 20000))
