// pickle's native entry points for other native modules (stdlib/pickle_module.cpp), so that
// they serialise values without calling Python code: multiprocessing connections pickle what
// they send and unpickle what they receive through these.
#pragma once

#include <string>
#include <string_view>

#include "runtime/thread_state.hpp"
#include "runtime/value.hpp"

namespace gilpy::stdlib {

// pickle.DEFAULT_PROTOCOL.
inline constexpr int kPickleDefaultProtocol = 4;

// pickle.dumps(obj, protocol) as a new bytes object; null if raised (PicklingError and the
// like). [protocol] must be 0..5 (validated by the caller).
runtime::Owned pickle_to_bytes(runtime::ThreadState& ts, runtime::Value obj, int protocol);
// The same pickle appended to [out] (which may already hold, say, a message header); false if
// raised, with [out] then in an unspecified state.
[[nodiscard]] bool pickle_into(runtime::ThreadState& ts, runtime::Value obj, int protocol,
                               std::string& out);
// pickle.loads of [data], which must stay valid and unchanged until it returns (unpickling may
// run Python code); null if raised (UnpicklingError, EOFError, ...).
runtime::Owned unpickle_bytes(runtime::ThreadState& ts, std::string_view data);

}  // namespace gilpy::stdlib
