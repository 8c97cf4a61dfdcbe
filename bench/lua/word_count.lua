-- Word frequency count; the Lua counterpart of bench/word_count.py (same generator, same text).

local SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "fi"}

local function make_vocabulary(size)
    local words = {}
    local ns = #SYLLABLES
    for k = 0, size - 1 do
        local parts = {}
        local n = k + 1
        while n > 0 do
            parts[#parts + 1] = SYLLABLES[n % ns + 1]
            n = n // ns
        end
        words[#words + 1] = table.concat(parts)
    end
    return words
end

local function make_text(vocabulary, count)
    local state = 42
    local out = {}
    local size = #vocabulary
    for i = 0, count - 1 do
        state = (state * 1103515245 + 12345) % 2147483648
        local a = (state >> 8) % size
        state = (state * 1103515245 + 12345) % 2147483648
        local b = (state >> 8) % size
        local word = vocabulary[math.min(a, b) + 1]
        if i % 10 == 0 then
            word = word:sub(1, 1):upper() .. word:sub(2)
        end
        if i % 7 == 3 then
            word = word .. ","
        elseif i % 13 == 5 then
            word = word .. "."
        end
        out[#out + 1] = word
        if i % 12 == 11 then
            out[#out + 1] = "\n"
        end
    end
    return table.concat(out, " ")
end

local function count_words(text)
    local counts = {}
    for raw in text:gmatch("%S+") do
        local word = raw:match("^[,.]*(.-)[,.]*$"):lower()
        counts[word] = (counts[word] or 0) + 1
    end
    return counts
end

local text = make_text(make_vocabulary(3000), 400000)
local counts = count_words(text)
local items, total = {}, 0
for w, c in pairs(counts) do
    items[#items + 1] = {w, c}
    total = total + c
end
table.sort(items, function(x, y)
    if x[2] ~= y[2] then
        return x[2] > y[2]
    end
    return x[1] < y[1]
end)
local top = {}
for i = 1, 3 do
    top[i] = items[i][1] .. "=" .. items[i][2]
end
print("word_count " .. #text .. " " .. #items .. " " .. total .. " " .. table.concat(top, " "))
