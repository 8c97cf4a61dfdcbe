-- Recursive Fibonacci (fib(32)); the Lua counterpart of bench/fib.py.

local function fib(n)
    if n < 2 then
        return n
    end
    return fib(n - 1) + fib(n - 2)
end

print("fib " .. fib(32))
