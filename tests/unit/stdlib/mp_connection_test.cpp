// _multiprocessing's connections (stdlib/mp_connection.cpp) on the wire: what send_bytes and
// send write is CPython's framing byte for byte (a 4-byte big-endian length, then the payload,
// in one write), what a CPython peer writes is read back, and pickle's native entry points
// (stdlib/pickle.hpp) round-trip values without Python code.
#include <unistd.h>

#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "runtime/abstract.hpp"
#include "runtime/exceptions.hpp"
#include "runtime/interpreter_state.hpp"
#include "runtime/thread_state.hpp"
#include "runtime/types/bytes.hpp"
#include "runtime/types/str.hpp"
#include "runtime/types/tuple.hpp"
#include "stdlib/pickle.hpp"
#include "stdlib/registry.hpp"

using namespace gilpy::runtime;
using namespace gilpy::stdlib;

namespace {

struct ConnectionFixture {
    InterpreterState interp;
    ThreadState& ts = interp.main_thread();
    Ref<ModuleObject> module = find_native_module("_multiprocessing")->init(ts);

    Owned attr(Value v, const char* name) { return get_attr(ts, v, interp.intern(name)); }

    // Pipe(duplex) as its two connections.
    std::pair<Owned, Owned> pipe(bool duplex) {
        Owned fn = attr(Value::from_object(module.get()), "Pipe");
        Owned pair = call_values(ts, fn.get(), {Value::from_bool(duplex)});
        REQUIRE(pair);
        auto* t = pair.get().as<TupleObject>();
        return {Owned::borrow(t->items[0]), Owned::borrow(t->items[1])};
    }

    int fileno(Value conn) {
        Owned fd = call_method(ts, conn, interp.intern("fileno"), {});
        REQUIRE(fd);
        return static_cast<int>(fd.get().as_int());
    }
};

std::string read_raw(int fd, size_t n) {
    std::string out(n, '\0');
    size_t done = 0;
    while (done < n) {
        ssize_t r = ::read(fd, out.data() + done, n - done);
        REQUIRE(r > 0);
        done += static_cast<size_t>(r);
    }
    return out;
}

}  // namespace

TEST_CASE_METHOD(ConnectionFixture, "mp_connection: send_bytes writes CPython's framing",
                 "[mp_connection]") {
    REQUIRE(module);
    auto [reader, writer] = pipe(false);
    Ref<BytesObject> payload = new_bytes("hello");
    REQUIRE(call_method(ts, writer.get(), interp.intern("send_bytes"),
                        {Value::from_object(payload.get())}));
    CHECK(read_raw(fileno(reader.get()), 9) == std::string("\0\0\0\x05hello", 9));
}

TEST_CASE_METHOD(ConnectionFixture, "mp_connection: recv_bytes reads a peer's framing",
                 "[mp_connection]") {
    auto [reader, writer] = pipe(false);
    std::string wire(
        "\0\0\0\x03"
        "abc\0\0\0\0",
        11);
    REQUIRE(::write(fileno(writer.get()), wire.data(), wire.size()) == 11);
    Owned first = call_method(ts, reader.get(), interp.intern("recv_bytes"), {});
    REQUIRE(first);
    CHECK(first.get().as<BytesObject>()->view() == "abc");
    Owned empty = call_method(ts, reader.get(), interp.intern("recv_bytes"), {});
    REQUIRE(empty);
    CHECK(empty.get().as<BytesObject>()->size == 0);
}

TEST_CASE_METHOD(ConnectionFixture, "mp_connection: send pickles with the default protocol",
                 "[mp_connection]") {
    auto [a, b] = pipe(true);
    Ref<StrObject> text = new_str("hi");
    REQUIRE(call_method(ts, a.get(), interp.intern("send"), {Value::from_object(text.get())}));
    // pickle.dumps('hi') in CPython 3.11: protocol 4, no frame for so small a pickle.
    std::string expected("\x80\x04\x95\x06\0\0\0\0\0\0\0\x8c\x02hi\x94.", 17);
    Owned direct = pickle_to_bytes(ts, Value::from_object(text.get()), kPickleDefaultProtocol);
    REQUIRE(direct);
    std::string_view pickled = direct.get().as<BytesObject>()->view();
    CHECK(pickled == expected);
    std::string header("\0\0\0", 3);
    header += static_cast<char>(pickled.size());
    CHECK(read_raw(fileno(b.get()), 4 + pickled.size()) == header + std::string(pickled));
}

TEST_CASE_METHOD(ConnectionFixture, "mp_connection: pickle_into appends, unpickle_bytes reads",
                 "[mp_connection][pickle]") {
    std::string out = "HEAD";
    REQUIRE(pickle_into(ts, Value::from_int(1234567), kPickleDefaultProtocol, out));
    CHECK(out.substr(0, 4) == "HEAD");
    Owned back = unpickle_bytes(ts, std::string_view(out).substr(4));
    REQUIRE(back);
    CHECK(back.get().is_int());
    CHECK(back.get().as_int() == 1234567);
    Owned bad = unpickle_bytes(ts, std::string_view("\x80\x04K", 3));
    CHECK_FALSE(bad);
    CHECK(ts.has_exception());
    clear_exception(ts);
}
