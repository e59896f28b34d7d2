#pragma once
// Shared by the exchange tests: a demo PKI made once per process (the office seal and a key
// nobody trusts), a rendered and sealed seed letter, and packages with every field set.
#include <memory>
#include <string>

#include "vanthu/exchange/EdxmlPackage.hpp"
#include "vanthu/exchange/MessageStatus.hpp"
#include "vanthu/signing/DemoPki.hpp"
#include "vanthu/signing/SigningKey.hpp"

namespace vanthu::test {

struct ExchangeKeys {
    signing::DemoPki pki;
    std::unique_ptr<signing::Pkcs12Key> seal;     ///< the sending office's seal
    std::unique_ptr<signing::Pkcs12Key> stranger; ///< a valid key of the same PKI, not trusted
    std::unique_ptr<signing::Pkcs12Key> ecSeal;   ///< an ECDSA P-256 seal (demo --ecdsa)
};

/// Made once (RSA keys take a moment).
const ExchangeKeys& exchangeKeys();

/// The seed letter samples/party-commune-cv-753.json rendered and sealed (PAdES B-B), once.
const std::string& sealedLetterPdf();

/// An office with only its identifier and name.
exchange::Organ organ(const std::string& id, const std::string& name);

/// A document package with every field of the model set, carrying pdf.
exchange::EdxmlPackage fullPackage(const std::string& pdf);
/// A status package with every field set.
exchange::MessageStatus fullStatus();

} // namespace vanthu::test
