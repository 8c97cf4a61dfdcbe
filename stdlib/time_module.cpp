// The time module: clocks, sleep through the blocking seam (so other threads run and Ctrl-C
// interrupts it), and the C library's calendar conversions (gmtime, localtime, mktime,
// strftime, asctime, ctime) behind CPython's argument rules and messages.
#include <cerrno>
#include <climits>
#include <cmath>
#include <ctime>
#include <string>

#include "runtime/abstract.hpp"
#include "runtime/args.hpp"
#include "runtime/blocking.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/types/float.hpp"
#include "runtime/types/int.hpp"
#include "runtime/types/module.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/struct_sequence.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/registry.hpp"

namespace gilpy::stdlib {

using namespace runtime;

namespace {

const char* const kStructTimeFields[] = {"tm_year",  "tm_mon",  "tm_mday",  "tm_hour",
                                         "tm_min",   "tm_sec",  "tm_wday",  "tm_yday",
                                         "tm_isdst", "tm_zone", "tm_gmtoff"};
const StructSequenceSpec kStructTimeSpec{"time.struct_time", kStructTimeFields, 11, 9};

TypeObject* struct_time_type() {
    static TypeObject* const type = new_struct_sequence_type(kStructTimeSpec);
    return type;
}

int64_t clock_ns(clockid_t clock) {
    timespec t;
    clock_gettime(clock, &t);
    return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

Owned seconds(int64_t ns) {
    return Owned::from_float(static_cast<double>(ns) * 1e-9);
}

Owned clock_seconds(ThreadState& ts, CallArgs args, const char* name, clockid_t clock) {
    if (!check_no_args(ts, args, name)) return nullptr;
    return seconds(clock_ns(clock));
}
Owned clock_nanoseconds(ThreadState& ts, CallArgs args, const char* name, clockid_t clock) {
    if (!check_no_args(ts, args, name)) return nullptr;
    return Owned::steal(Value::from_int(clock_ns(clock)));
}

Owned time_time(ThreadState& ts, CallArgs a) {
    return clock_seconds(ts, a, "time.time()", CLOCK_REALTIME);
}
Owned time_time_ns(ThreadState& ts, CallArgs a) {
    return clock_nanoseconds(ts, a, "time.time_ns()", CLOCK_REALTIME);
}
Owned time_monotonic(ThreadState& ts, CallArgs a) {
    return clock_seconds(ts, a, "time.monotonic()", CLOCK_MONOTONIC);
}
Owned time_monotonic_ns(ThreadState& ts, CallArgs a) {
    return clock_nanoseconds(ts, a, "time.monotonic_ns()", CLOCK_MONOTONIC);
}
Owned time_perf_counter(ThreadState& ts, CallArgs a) {
    return clock_seconds(ts, a, "time.perf_counter()", CLOCK_MONOTONIC);
}
Owned time_perf_counter_ns(ThreadState& ts, CallArgs a) {
    return clock_nanoseconds(ts, a, "time.perf_counter_ns()", CLOCK_MONOTONIC);
}
Owned time_process_time(ThreadState& ts, CallArgs a) {
    return clock_seconds(ts, a, "time.process_time()", CLOCK_PROCESS_CPUTIME_ID);
}
Owned time_process_time_ns(ThreadState& ts, CallArgs a) {
    return clock_nanoseconds(ts, a, "time.process_time_ns()", CLOCK_PROCESS_CPUTIME_ID);
}
Owned time_thread_time(ThreadState& ts, CallArgs a) {
    return clock_seconds(ts, a, "time.thread_time()", CLOCK_THREAD_CPUTIME_ID);
}
Owned time_thread_time_ns(ThreadState& ts, CallArgs a) {
    return clock_nanoseconds(ts, a, "time.thread_time_ns()", CLOCK_THREAD_CPUTIME_ID);
}

// Largest magnitude of seconds whose nanoseconds fit CPython's 64-bit _PyTime_t.
constexpr double kMaxSeconds = 9223372036.854775807;

Owned time_sleep(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "sleep")) return nullptr;
    Value v = args[0];
    double secs;
    if (v.is_float()) {
        secs = v.as_float();
        if (std::isnan(secs))
            return raise(ts, &kValueErrorType, "Invalid value NaN (not a number)");
        if (!(std::fabs(secs) < kMaxSeconds)) {
            return raise(ts, &kOverflowErrorType, "timestamp out of range for platform time_t");
        }
    } else {
        Owned i = index(ts, v);
        if (!i) return nullptr;
        int64_t n;
        if (!int_to_int64(i.get(), &n) || n > INT64_MAX / 1'000'000'000 ||
            n < INT64_MIN / 1'000'000'000) {
            return raise(ts, &kOverflowErrorType, "timestamp too large to convert to C _PyTime_t");
        }
        secs = static_cast<double>(n);
    }
    if (secs < 0) return raise(ts, &kValueErrorType, "sleep length must be non-negative");
    if (!blocking_sleep(ts, secs)) return nullptr;
    return Owned::none();
}

// A timestamp as time_t, rounded towards minus infinity (CPython's ROUND_FLOOR); None or an
// omitted argument is the current time.
bool timestamp_arg(ThreadState& ts, Value v, time_t* out) {
    if (v.is_null() || v.is_none()) {
        *out = time(nullptr);
        return true;
    }
    if (v.is_float()) {
        double d = v.as_float();
        if (std::isnan(d)) {
            raise(ts, &kValueErrorType, "Invalid value NaN (not a number)");
            return false;
        }
        d = std::floor(d);
        if (!(d >= -9.2233720368547758e18 && d < 9.2233720368547758e18)) {
            raise(ts, &kOverflowErrorType, "timestamp out of range for platform time_t");
            return false;
        }
        *out = static_cast<time_t>(d);
        return true;
    }
    Owned i = index(ts, v);
    if (!i) return false;
    int64_t n;
    if (!int_to_int64(i.get(), &n)) {
        raise(ts, &kOverflowErrorType, "timestamp out of range for platform time_t");
        return false;
    }
    *out = static_cast<time_t>(n);
    return true;
}

Owned struct_time_from(const tm& t) {
    Ref<TupleObject> r = new_struct_sequence(struct_time_type());
    Value* items = struct_sequence_items(r.get());
    const int64_t fields[] = {t.tm_year + 1900LL,  t.tm_mon + 1,  t.tm_mday,
                              t.tm_hour,           t.tm_min,      t.tm_sec,
                              (t.tm_wday + 6) % 7, t.tm_yday + 1, t.tm_isdst};
    for (int i = 0; i < 9; ++i)
        items[i] = Value::from_int(fields[i]);
    items[9] = t.tm_zone ? Value::from_object(new_str(t.tm_zone).release()) : Value::none();
    items[10] = Value::from_int(t.tm_gmtoff);
    return r;
}

Owned convert_time(ThreadState& ts, CallArgs args, const char* name, bool local) {
    if (!check_positional(ts, args, name, 0, 1)) return nullptr;
    time_t when;
    if (!timestamp_arg(ts, args.nargs ? args[0] : Value::null(), &when)) return nullptr;
    tm t{};
    errno = 0;
    if (!(local ? localtime_r(&when, &t) : gmtime_r(&when, &t))) {
        return raise_os_error(ts, errno ? errno : EINVAL);
    }
    return struct_time_from(t);
}

Owned time_gmtime(ThreadState& ts, CallArgs a) {
    return convert_time(ts, a, "gmtime", false);
}
Owned time_localtime(ThreadState& ts, CallArgs a) {
    return convert_time(ts, a, "localtime", true);
}

// A time tuple (9 ints; a struct_time also carries its zone), as CPython's gettmarg.
// [zone] keeps tm_zone's text alive while [out] is used.
bool time_tuple_arg(ThreadState& ts, Value v, const char* name, tm* out, std::string* zone) {
    if (!is_tuple(v)) {
        raise(ts, &kTypeErrorType, "Tuple or struct_time argument required");
        return false;
    }
    auto* t = v.as<TupleObject>();
    if (t->length != 9) {
        raisef(ts, &kTypeErrorType, "{}(): illegal time tuple argument", name);
        return false;
    }
    int fields[9];
    for (int i = 0; i < 9; ++i) {
        int64_t n;
        if (!index_int64(ts, t->items[i], &n)) return false;
        if (n > INT_MAX || n < INT_MIN) {
            raise(ts, &kOverflowErrorType,
                  n > 0 ? "signed integer is greater than maximum"
                        : "signed integer is less than minimum");
            return false;
        }
        fields[i] = static_cast<int>(n);
    }
    *out = tm{};
    out->tm_year = fields[0] - 1900;
    out->tm_mon = fields[1] - 1;
    out->tm_mday = fields[2];
    out->tm_hour = fields[3];
    out->tm_min = fields[4];
    out->tm_sec = fields[5];
    out->tm_wday = (fields[6] + 1) % 7;  // Python counts from Monday, C from Sunday
    out->tm_yday = fields[7] - 1;
    out->tm_isdst = fields[8];
    if (type_of(v) == struct_time_type()) {
        Value z = t->items[9];
        if (is_str(z)) {
            *zone = z.as<StrObject>()->view();
            out->tm_zone = zone->c_str();
        }
        Value off = t->items[10];
        int64_t gmtoff;
        if (is_int(off) && int_to_int64(off, &gmtoff)) out->tm_gmtoff = gmtoff;
    }
    return true;
}

// CPython's checktm: fills the zeros Python allows (month 0, day 0, yday 0) and rejects the
// rest of what the C library would misformat.
bool check_time_tuple(ThreadState& ts, tm* t) {
    auto fail = [&](const char* what) {
        raise(ts, &kValueErrorType, what);
        return false;
    };
    if (t->tm_mon == -1)
        t->tm_mon = 0;
    else if (t->tm_mon < 0 || t->tm_mon > 11)
        return fail("month out of range");
    if (t->tm_mday == 0)
        t->tm_mday = 1;
    else if (t->tm_mday < 0 || t->tm_mday > 31)
        return fail("day of month out of range");
    if (t->tm_hour < 0 || t->tm_hour > 23) return fail("hour out of range");
    if (t->tm_min < 0 || t->tm_min > 59) return fail("minute out of range");
    if (t->tm_sec < 0 || t->tm_sec > 61) return fail("seconds out of range");
    if (t->tm_wday < 0) return fail("day of week out of range");
    if (t->tm_yday == -1)
        t->tm_yday = 0;
    else if (t->tm_yday < 0 || t->tm_yday > 365)
        return fail("day of year out of range");
    return true;
}

// The time tuple argument at [index], or the current local time when it is absent.
bool time_tuple_or_now(ThreadState& ts, CallArgs args, size_t index, const char* name, tm* out,
                       std::string* zone) {
    if (args.nargs > index) {
        return time_tuple_arg(ts, args[index], name, out, zone) && check_time_tuple(ts, out);
    }
    time_t now = time(nullptr);
    localtime_r(&now, out);
    return true;
}

Owned format_asctime(const tm& t) {
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    snprintf(buf, sizeof buf, "%s %s%3d %.2d:%.2d:%.2d %lld", kDays[t.tm_wday], kMonths[t.tm_mon],
             t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, 1900LL + t.tm_year);
    return new_str(buf);
}

Owned time_asctime(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "asctime", 0, 1)) return nullptr;
    tm t;
    std::string zone;
    if (!time_tuple_or_now(ts, args, 0, "asctime", &t, &zone)) return nullptr;
    return format_asctime(t);
}

Owned time_ctime(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "ctime", 0, 1)) return nullptr;
    time_t when;
    if (!timestamp_arg(ts, args.nargs ? args[0] : Value::null(), &when)) return nullptr;
    tm t{};
    errno = 0;
    if (!localtime_r(&when, &t)) return raise_os_error(ts, errno ? errno : EINVAL);
    return format_asctime(t);
}

Owned time_mktime(ThreadState& ts, CallArgs args) {
    if (!check_one_arg(ts, args, "mktime")) return nullptr;
    tm t;
    std::string zone;
    if (!time_tuple_arg(ts, args[0], "mktime", &t, &zone)) return nullptr;
    t.tm_wday = -1;  // mktime leaves it alone on failure: the only reliable error signal
    time_t r = mktime(&t);
    if (r == static_cast<time_t>(-1) && t.tm_wday == -1) {
        return raise(ts, &kOverflowErrorType, "mktime argument out of range");
    }
    return Owned::from_float(static_cast<double>(r));
}

Owned time_strftime(ThreadState& ts, CallArgs args) {
    if (!check_positional(ts, args, "strftime", 1, 2)) return nullptr;
    if (!is_str(args[0])) {
        return raisef(ts, &kTypeErrorType, "strftime() argument 1 must be str, not {}",
                      type_name(args[0]));
    }
    std::string format(args[0].as<StrObject>()->view());
    if (format.find('\0') != std::string::npos) {
        return raise(ts, &kValueErrorType, "embedded null character");
    }
    tm t;
    std::string zone;
    if (!time_tuple_or_now(ts, args, 1, "strftime", &t, &zone)) return nullptr;
    if (t.tm_isdst < -1)
        t.tm_isdst = -1;
    else if (t.tm_isdst > 1)
        t.tm_isdst = 1;
    if (format.empty()) return new_str("");
    // strftime returns 0 both for "too small" and for an empty result: grow the buffer up to
    // a bound proportional to the format, as CPython does, then accept an empty string.
    for (size_t size = 256; size <= 256 * format.size() + 256; size *= 2) {
        std::string out(size, '\0');
        size_t n = strftime(out.data(), size, format.c_str(), &t);
        if (n > 0) return new_str(std::string_view(out.data(), n));
    }
    return new_str("");
}

const MethodDef kTimeFunctions[] = {
    {"time", time_time},
    {"time_ns", time_time_ns},
    {"monotonic", time_monotonic},
    {"monotonic_ns", time_monotonic_ns},
    {"perf_counter", time_perf_counter},
    {"perf_counter_ns", time_perf_counter_ns},
    {"process_time", time_process_time},
    {"process_time_ns", time_process_time_ns},
    {"thread_time", time_thread_time},
    {"thread_time_ns", time_thread_time_ns},
    {"sleep", time_sleep},
    {"gmtime", time_gmtime},
    {"localtime", time_localtime},
    {"mktime", time_mktime},
    {"asctime", time_asctime},
    {"ctime", time_ctime},
    {"strftime", time_strftime},
    {nullptr, nullptr},
};

}  // namespace

Ref<ModuleObject> init_time_module(ThreadState& ts) {
    Ref<ModuleObject> m = new_module(ts, "time");
    if (!m) return nullptr;
    module_add_functions(ts, m.get(), kTimeFunctions);
    module_set(ts, m.get(), "struct_time", Value::from_object(struct_time_type()));
    // The zone names and offsets, as CPython derives them: from January and July of this year.
    tzset();
    time_t now = time(nullptr);
    tm jan{}, jul{};
    localtime_r(&now, &jan);
    jan.tm_mon = 0;
    jan.tm_mday = 1;
    jul = jan;
    jul.tm_mon = 6;
    time_t jan_t = mktime(&jan), jul_t = mktime(&jul);
    localtime_r(&jan_t, &jan);
    localtime_r(&jul_t, &jul);
    const tm& standard = jan.tm_gmtoff <= jul.tm_gmtoff ? jan : jul;  // the northern rule
    const tm& summer = &standard == &jan ? jul : jan;
    module_set(ts, m.get(), "timezone", Value::from_int(-standard.tm_gmtoff));
    module_set(ts, m.get(), "altzone", Value::from_int(-summer.tm_gmtoff));
    module_set(ts, m.get(), "daylight", Value::from_int(jan.tm_gmtoff != jul.tm_gmtoff));
    Owned std_name = new_str(standard.tm_zone ? standard.tm_zone : "");
    Owned dst_name = new_str(summer.tm_zone ? summer.tm_zone : "");
    Ref<TupleObject> tzname = new_tuple_of({std_name.get(), dst_name.get()});
    module_set(ts, m.get(), "tzname", Value::from_object(tzname.get()));
    return m;
}

}  // namespace gilpy::stdlib
