#pragma once
// Writes an edXML package (document or status) as UTF-8 XML, signed with the sending office's
// seal key as an enveloped XML signature: RSA-SHA256 (ECDSA-SHA256 for EC demo keys),
// exclusive C14N, the seal certificate in KeyInfo/X509Data. See docs/exchange.md.
#include <string>
#include <string_view>

#include "vanthu/exchange/EdxmlPackage.hpp"
#include "vanthu/exchange/MessageStatus.hpp"

namespace vanthu::signing {
class SigningKey;
}

namespace vanthu::exchange {

/// The package, signed with seal; unsigned when seal is null (only tests want that).
std::string writePackage(const EdxmlPackage& package, const signing::SigningKey* seal);
std::string writePackage(const MessageStatus& status, const signing::SigningKey* seal);

/// A package written elsewhere, signed with seal as writePackage signs (ds:Signature the last
/// child of edXMLHeader; a placeholder Signature in the edXML namespace stays as it is). For
/// relaying a package between vanthu servers and for tests. Throws RefusedPackage when xml is
/// not a package.
std::string signPackage(std::string_view xml, const signing::SigningKey& seal);

} // namespace vanthu::exchange
