#pragma once
// Signing authority (thẩm quyền ký) shown above the signer's title.
#include <optional>
#include <string>
#include <string_view>

#include "vanthu/templates/DocumentType.hpp"

namespace vanthu::templates {

enum class Authority {
    Own,       ///< the head signs in their own right: no prefix
    OnBehalf,  ///< TM. / T/M: thay mặt, on behalf of a collective
    ForHead,   ///< KT. / K/T: ký thay, a deputy signing for the head
    ByOrder,   ///< TL. / T/L: thừa lệnh, by order of
    Delegated, ///< TUQ. / T/UQ: thừa ủy quyền, by written delegation
    Acting,    ///< Q.: quyền, acting head (State only)
};

/// "TM." for State, "T/M" for Party; empty for Authority::Own. Throws for Acting on Party.
std::string authorityPrefix(Authority authority, DocumentSystem system);

/// Parses "TM", "TM.", "T/M", "KT", ... ; empty for Own. Nothing when unknown.
std::optional<Authority> parseAuthority(std::string_view text);

} // namespace vanthu::templates
